/// The routes of a ``RouteTable`` filed by host and path, so that a lookup visits only the routes whose host and
/// path conditions could hold.
///
/// Routes are named by their position in the table's matching order. Every list of positions handed out is in
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
struct RouteIndex {
    /// Positions in the table's matching order; 32 bits keep the lists compact.
    typealias Position = Int32

    /// The routes filed under one host condition.
    struct Bucket {
        /// The root of the bucket's segment trie in ``nodes``, standing before the first segment.
        var root: Int
        /// Routes whose path condition the trie does not cover: regex, template, none, or non-ASCII text.
        var unindexed: [Position] = []
    }

    /// One node of a segment trie, standing for the path text spelled by the segments leading to it.
    struct PathNode {
        /// The node for each next segment, by the segment's bytes.
        var children = ByteStringTable()
        /// Prefix routes whose text is this node's text (not ending in `/`): they match whenever the path's
        /// segments reach this node.
        var prefixes: [Position] = []
        /// Prefix routes whose text is this node's text followed by `/`: they match when the path goes on past
        /// this node.
        var slashPrefixes: [Position] = []
        /// Exact routes whose text is this node's text: they match when the path ends at this node.
        var exacts: [Position] = []
    }

    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")

    /// The nodes of every bucket's trie.
    private var nodes: [PathNode] = [PathNode()]
    /// Buckets, by the index stored in the host tables.
    private var buckets: [Bucket] = [Bucket(root: 0)]
    /// The bucket of routes without a host condition.
    private let anyHostBucket = 0
    /// The bucket for each exact host name.
    private var exactHosts = ByteStringTable()
    /// The bucket for each wildcard suffix, such as `.example.com`.
    private var wildcardHosts = ByteStringTable()
    /// Routes with a host name the index cannot file (non-ASCII); offered for every request.
    private var unindexedHosts: [Position] = []

    /// Files `routes`, given in matching order.
    init(_ routes: [RouteTable.Route]) {
        precondition(routes.count < Int(Position.max), "a route table holds fewer than 2^31 routes")
        for (offset, route) in routes.enumerated() {
            let position = Position(offset)
            if route.hosts.isEmpty {
                add(position, path: route.path, toBucket: anyHostBucket)
            }
            for host in route.hosts {
                switch host {
                case .exact(let name) where Self.isASCII(name.utf8):
                    add(position, path: route.path, toBucket: bucket(for: name, in: \.exactHosts))
                case .suffix(let suffix) where Self.isASCII(suffix.utf8):
                    add(position, path: route.path, toBucket: bucket(for: suffix, in: \.wildcardHosts))
                case .exact, .suffix:
                    Self.append(position, to: &unindexedHosts)
                }
            }
        }
    }

    /// Calls `body` with lists of positions that together hold every route that could match a request for `host`
    /// and `path`.
    ///
    /// - Returns: false, having called nothing, when the host or path is not ASCII or not stored contiguously;
    ///   the caller must then try every route.
    @discardableResult
    func forEachCandidateList(host: String, path: Substring, _ body: ([Position]) -> Void) -> Bool {
        let visited = host.utf8.withContiguousStorageIfAvailable { hostBytes in
            path.utf8.withContiguousStorageIfAvailable { pathBytes in
                guard Self.isASCII(hostBytes), Self.isASCII(pathBytes) else { return false }
                forEachCandidateList(host: hostBytes, path: pathBytes, body)
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

    private func forEachCandidateList(
        host: UnsafeBufferPointer<UInt8>, path: UnsafeBufferPointer<UInt8>, _ body: ([Position]) -> Void
    ) {
        offer(unindexedHosts, body)
        if let bucket = exactHosts.value(forKey: host) {
            forEachCandidateList(inBucket: bucket, path: path, body)
        }
        if !wildcardHosts.isEmpty {
            // `*.example.com` needs at least one byte before `.example.com`, so a suffix at the start is skipped.
            for start in host.indices.dropFirst() where host[start] == Self.dot {
                if let bucket = wildcardHosts.value(forKey: UnsafeBufferPointer(rebasing: host[start...])) {
                    forEachCandidateList(inBucket: bucket, path: path, body)
                }
            }
        }
        forEachCandidateList(inBucket: anyHostBucket, path: path, body)
    }

    private func forEachCandidateList(
        inBucket bucket: Int, path: UnsafeBufferPointer<UInt8>, _ body: ([Position]) -> Void
    ) {
        offer(buckets[bucket].unindexed, body)
        var node = buckets[bucket].root
        var start = 0
        while !nodes[node].children.isEmpty {
            let end = path[start...].firstIndex(of: Self.slash) ?? path.endIndex
            guard let child = nodes[node].children.value(forKey: UnsafeBufferPointer(rebasing: path[start..<end]))
            else { return }
            node = child
            let isLast = end == path.endIndex
            offer(nodes[node].prefixes, body)
            offer(isLast ? nodes[node].exacts : nodes[node].slashPrefixes, body)
            if isLast {
                return
            }
            start = end + 1
        }
    }

    private func offer(_ positions: [Position], _ body: ([Position]) -> Void) {
        if !positions.isEmpty {
            body(positions)
        }
    }

    private mutating func bucket(for host: String, in table: WritableKeyPath<RouteIndex, ByteStringTable>) -> Int {
        if let bucket = self[keyPath: table].value(forKey: host.utf8) {
            return bucket
        }
        nodes.append(PathNode())
        buckets.append(Bucket(root: nodes.count - 1))
        self[keyPath: table].insert(host.utf8, value: buckets.count - 1)
        return buckets.count - 1
    }

    private mutating func add(_ position: Position, path: RouteTable.PathMatcher?, toBucket bucket: Int) {
        switch path {
        case .exact(let text)? where Self.isASCII(text.utf8):
            let node = node(for: Array(text.utf8), inBucket: bucket)
            Self.append(position, to: &nodes[node].exacts)
        case .prefix(let text, _)? where Self.isASCII(text.utf8):
            if text.utf8.last == Self.slash {
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

    /// The trie node for `text`, created with the nodes leading to it when missing; splits on every `/` exactly as
    /// a lookup does, so `""` is one empty segment and `/a` is `""` then `a`.
    private mutating func node(for text: [UInt8], inBucket bucket: Int) -> Int {
        var node = buckets[bucket].root
        for segment in text.split(separator: Self.slash, omittingEmptySubsequences: false) {
            if let child = nodes[node].children.value(forKey: segment) {
                node = child
            } else {
                nodes.append(PathNode())
                nodes[node].children.insert(segment, value: nodes.count - 1)
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
