/// The routes of a ``RouteTable`` filed by host and path, so that a lookup visits only the routes whose host and
/// path conditions could hold.
///
/// Routes are named by their position in the table's matching order. The index is flat: lists of positions are
/// runs of one array and trie nodes hold no references, so a lookup retains nothing. Every list handed out is in
/// ascending order, and the lists for a request together hold every route that could match it (and possibly some
/// that do not): the table checks each candidate in full and keeps the lowest position that matches, which is
/// what trying every route in order would find.
///
/// Hosts are filed in three places: exact names in a table, wildcards (`*.example.com`) by their suffix
/// (`.example.com`), found by trying each suffix of the request host that starts at a dot, and routes with no
/// host condition in a bucket of their own. Within a bucket, prefix and exact paths sit in a trie of `/`-separated
/// segments; routes with a regex or template path, or none, are kept in a list the bucket always offers.
///
/// The index compares bytes, which agrees with `String` comparison only when both sides are ASCII: routes whose
/// host or path text has other characters are always offered, and requests with such a host or path are not
/// looked up here at all.
final class RouteIndex: Sendable {
    /// Positions in the table's matching order; 32 bits keep the lists compact.
    typealias Position = Int32

    /// The routes filed under one host condition.
    struct Bucket {
        /// The root of the bucket's segment trie in ``nodes``, standing before the first segment.
        var root: Int
        /// Routes whose path condition the trie does not cover (regex, template, none, or non-ASCII text), as a
        /// run of ``positions``.
        var unindexed: Range<Int>
    }

    /// One node of a segment trie, standing for the path text spelled by the segments leading to it. Its children
    /// are in ``children``, keyed by segment in the scope of this node's index.
    struct PathNode {
        /// Whether any segment leads on from this node.
        var hasChildren: Bool
        /// Prefix routes whose text is this node's text (not ending in `/`): they match whenever the path's
        /// segments reach this node.
        var prefixes: Range<Int>
        /// Prefix routes whose text is this node's text followed by `/`: they match when the path goes on past
        /// this node.
        var slashPrefixes: Range<Int>
        /// Exact routes whose text is this node's text: they match when the path ends at this node.
        var exacts: Range<Int>
    }

    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")

    /// Every list of positions, one run after the other.
    private let positions: [Position]
    /// The nodes of every bucket's trie.
    private let nodes: [PathNode]
    /// The child of each node for each segment, in the scope of the parent's index.
    private let children: ByteStringTable
    /// Buckets, by the index stored in the host tables; the first holds routes without a host condition.
    private let buckets: [Bucket]
    /// The bucket for each exact host name.
    private let exactHosts: ByteStringTable
    /// The bucket for each wildcard suffix, such as `.example.com`.
    private let wildcardHosts: ByteStringTable
    /// Routes with a host name the index cannot file (non-ASCII), offered for every request, as a run of
    /// ``positions``.
    private let unindexedHosts: Range<Int>

    /// Files `routes`, given in matching order.
    init(_ routes: [RouteTable.Route]) {
        precondition(routes.count < Int(Position.max), "a route table holds fewer than 2^31 routes")
        var builder = Builder()
        for (offset, route) in routes.enumerated() {
            builder.add(route, at: Position(offset))
        }
        var positions: [Position] = []
        func run(_ list: [Position]) -> Range<Int> {
            positions.append(contentsOf: list)
            return positions.count - list.count..<positions.count
        }
        unindexedHosts = run(builder.unindexedHosts)
        buckets = builder.buckets.map { Bucket(root: $0.root, unindexed: run($0.unindexed)) }
        nodes = builder.nodes.map { node in
            PathNode(
                hasChildren: node.hasChildren, prefixes: run(node.prefixes), slashPrefixes: run(node.slashPrefixes),
                exacts: run(node.exacts))
        }
        self.positions = positions
        children = builder.children
        exactHosts = builder.exactHosts
        wildcardHosts = builder.wildcardHosts
    }

    /// Calls `body` with lists of positions that together hold every route that could match a request for `host`
    /// and `path`.
    ///
    /// - Returns: false, having called nothing, when the host or path is not ASCII or not stored contiguously;
    ///   the caller must then try every route.
    @discardableResult
    func forEachCandidateList(host: String, path: Substring, _ body: CandidateHandler) -> Bool {
        let visited = host.utf8.withContiguousStorageIfAvailable { hostBytes in
            path.utf8.withContiguousStorageIfAvailable { pathBytes in
                guard Self.isASCII(hostBytes), Self.isASCII(pathBytes) else { return false }
                positions.withUnsafeBufferPointer { positions in
                    visit(host: hostBytes, path: pathBytes, positions: positions, body)
                }
                return true
            }
        }
        return visited == true
    }

    /// Whether every byte is ASCII.
    static func isASCII<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            // Or-ing every byte lets the compiler use vector instructions; texts here are short.
            buffer.reduce(0, |) < 0x80
        }
        return contiguous ?? bytes.allSatisfy { $0 < 0x80 }
    }

    /// Where candidates go.
    typealias CandidateHandler = (UnsafeBufferPointer<Position>) -> Void

    // `positions` is the index's own array, lent as a pointer for the duration of the lookup, so that handing out
    // runs of it retains nothing.
    private func visit(
        host: UnsafeBufferPointer<UInt8>, path: UnsafeBufferPointer<UInt8>, positions: UnsafeBufferPointer<Position>,
        _ body: CandidateHandler
    ) {
        offer(unindexedHosts, positions, body)
        if let bucket = exactHosts.value(forKey: host) {
            visit(bucket: bucket, path: path, positions: positions, body)
        }
        if !wildcardHosts.isEmpty {
            // `*.example.com` needs a byte before `.example.com`, so a suffix at the start is skipped.
            for start in host.indices.dropFirst() where host[start] == RouteIndex.dot {
                if let bucket = wildcardHosts.value(forKey: UnsafeBufferPointer(rebasing: host[start...])) {
                    visit(bucket: bucket, path: path, positions: positions, body)
                }
            }
        }
        visit(bucket: 0, path: path, positions: positions, body)
    }

    private func visit(
        bucket: Int, path: UnsafeBufferPointer<UInt8>, positions: UnsafeBufferPointer<Position>,
        _ body: CandidateHandler
    ) {
        offer(buckets[bucket].unindexed, positions, body)
        var node = buckets[bucket].root
        var start = 0
        while nodes[node].hasChildren {
            let end = path[start...].firstIndex(of: RouteIndex.slash) ?? path.endIndex
            let segment = UnsafeBufferPointer(rebasing: path[start..<end])
            guard let child = children.value(forKey: segment, inScope: node) else { return }
            node = child
            let isLast = end == path.endIndex
            offer(nodes[node].prefixes, positions, body)
            offer(isLast ? nodes[node].exacts : nodes[node].slashPrefixes, positions, body)
            if isLast {
                return
            }
            start = end + 1
        }
    }

    private func offer(_ run: Range<Int>, _ positions: UnsafeBufferPointer<Position>, _ body: CandidateHandler) {
        if !run.isEmpty {
            body(UnsafeBufferPointer(rebasing: positions[run]))
        }
    }

    /// The index while routes are filed, with growable lists.
    private struct Builder {
        struct Node {
            var hasChildren = false
            var prefixes: [Position] = []
            var slashPrefixes: [Position] = []
            var exacts: [Position] = []
        }

        var nodes = [Node()]
        var children = ByteStringTable()
        var buckets: [(root: Int, unindexed: [Position])] = [(root: 0, unindexed: [])]
        var exactHosts = ByteStringTable()
        var wildcardHosts = ByteStringTable()
        var unindexedHosts: [Position] = []

        mutating func add(_ route: RouteTable.Route, at position: Position) {
            if route.hosts.isEmpty {
                add(position, path: route.path, toBucket: 0)
            }
            for host in route.hosts {
                switch host {
                case .exact(let name) where RouteIndex.isASCII(name.utf8):
                    add(position, path: route.path, toBucket: bucket(for: name, in: \.exactHosts))
                case .suffix(let suffix) where RouteIndex.isASCII(suffix.utf8):
                    add(position, path: route.path, toBucket: bucket(for: suffix, in: \.wildcardHosts))
                case .exact, .suffix:
                    Self.append(position, to: &unindexedHosts)
                }
            }
        }

        private mutating func bucket(for host: String, in table: WritableKeyPath<Builder, ByteStringTable>) -> Int {
            if let bucket = self[keyPath: table].value(forKey: host.utf8) {
                return bucket
            }
            nodes.append(Node())
            buckets.append((root: nodes.count - 1, unindexed: []))
            self[keyPath: table].insert(host.utf8, value: buckets.count - 1)
            return buckets.count - 1
        }

        private mutating func add(_ position: Position, path: RouteTable.PathMatcher?, toBucket bucket: Int) {
            switch path {
            case .exact(let text)? where RouteIndex.isASCII(text.utf8):
                let node = node(for: Array(text.utf8), inBucket: bucket)
                Self.append(position, to: &nodes[node].exacts)
            case .prefix(let text, _)? where RouteIndex.isASCII(text.utf8):
                if text.utf8.last == RouteIndex.slash {
                    let node = node(for: Array(text.utf8.dropLast()), inBucket: bucket)
                    Self.append(position, to: &nodes[node].slashPrefixes)
                } else {
                    let node = node(for: Array(text.utf8), inBucket: bucket)
                    Self.append(position, to: &nodes[node].prefixes)
                }
            case .exact?, .prefix?, .regex?, .template?, nil:
                Self.append(position, to: &buckets[bucket].unindexed)
            }
        }

        /// The trie node for `text`, created with the nodes leading to it when missing; splits on every `/`
        /// exactly as a lookup does, so `""` is one empty segment and `/a` is `""` then `a`.
        private mutating func node(for text: [UInt8], inBucket bucket: Int) -> Int {
            var node = buckets[bucket].root
            for segment in text.split(separator: RouteIndex.slash, omittingEmptySubsequences: false) {
                if let child = children.value(forKey: segment, inScope: node) {
                    node = child
                } else {
                    nodes.append(Node())
                    nodes[node].hasChildren = true
                    children.insert(segment, inScope: node, value: nodes.count - 1)
                    node = nodes.count - 1
                }
            }
            return node
        }

        /// Appends `position` unless it is already last: a route naming the same host twice is filed once.
        private static func append(_ position: Position, to positions: inout [Position]) {
            if positions.last != position {
                positions.append(position)
            }
        }
    }
}
