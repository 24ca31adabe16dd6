/// The routes of a ``RouteTable`` filed by host and path, so that a lookup visits only the routes whose host and
/// path conditions could hold.
///
/// Routes are named by their position in the table's matching order. Every list of positions handed out is in
/// ascending order, and the lists for a request together hold every route that could match it (and possibly some
/// that do not): the table checks each candidate in full and keeps the lowest position that matches, which is
/// what trying every route in order would find.
///
/// Hosts are filed in three places: exact names in a dictionary, wildcards (`*.example.com`) by their suffix
/// (`.example.com`), found by trying each suffix of the request host that starts at a dot, and routes with no
/// host condition in a bucket of their own. Within a bucket, prefix and exact paths sit in a trie of `/`-separated
/// segments; routes with a regex or template path, or none, are kept in a list the bucket always offers.
///
/// The index compares bytes, which agrees with `String` comparison only when both sides are ASCII: patterns with
/// other characters are always offered, and the table does not consult the index for such requests.
struct RouteIndex {
    /// Positions in the table's matching order; 32 bits keep the lists compact.
    typealias Position = Int32

    /// The routes filed under one host condition.
    struct Bucket {
        /// The segment trie; node 0 is the root, standing before the first segment.
        var nodes: [PathNode] = [PathNode()]
        /// Routes whose path condition the trie does not cover: regex, template, none, or non-ASCII text.
        var unindexed: [Position] = []
    }

    /// One node of a bucket's segment trie, standing for the path text spelled by the segments leading to it.
    struct PathNode {
        /// The node for each next segment.
        var children: [Substring: Int] = [:]
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

    /// Buckets, by the index stored in the maps below.
    private var buckets: [Bucket] = [Bucket()]
    /// The bucket of routes without a host condition.
    private let anyHostBucket = 0
    /// The bucket for each exact host name.
    private var exactHosts: [Substring: Int] = [:]
    /// The bucket for each wildcard suffix, such as `.example.com`.
    private var wildcardHosts: [Substring: Int] = [:]
    /// Routes with a wildcard the index cannot file (non-ASCII); offered for every request.
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
                case .exact(let name):
                    add(position, path: route.path, toBucket: Self.bucket(for: name[...], in: &exactHosts, &buckets))
                case .suffix(let suffix) where Self.isASCII(suffix.utf8):
                    let bucket = Self.bucket(for: suffix[...], in: &wildcardHosts, &buckets)
                    add(position, path: route.path, toBucket: bucket)
                case .suffix:
                    Self.append(position, to: &unindexedHosts)
                }
            }
        }
    }

    /// Calls `body` with lists of positions that together hold every route that could match a request for
    /// `host` and `path`; both must be ASCII (see ``isASCII(_:)``).
    func forEachCandidateList(host: String, path: Substring, _ body: ([Position]) -> Void) {
        if !unindexedHosts.isEmpty {
            body(unindexedHosts)
        }
        if let bucket = exactHosts[host[...]] {
            forEachCandidateList(in: buckets[bucket], path: path, body)
        }
        if !wildcardHosts.isEmpty, !host.isEmpty {
            // `*.example.com` needs at least one byte before `.example.com`, so a suffix at the start is skipped.
            let utf8 = host.utf8
            var index = utf8.index(after: utf8.startIndex)
            while let dot = utf8[index...].firstIndex(of: Self.dot) {
                if let bucket = wildcardHosts[host[dot...]] {
                    forEachCandidateList(in: buckets[bucket], path: path, body)
                }
                index = utf8.index(after: dot)
            }
        }
        forEachCandidateList(in: buckets[anyHostBucket], path: path, body)
    }

    /// Whether every byte is ASCII.
    static func isASCII<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            // Or-ing every byte lets the compiler use vector instructions; texts here are short.
            buffer.reduce(0, |) < 0x80
        }
        return contiguous ?? bytes.allSatisfy { $0 < 0x80 }
    }

    private func forEachCandidateList(in bucket: Bucket, path: Substring, _ body: ([Position]) -> Void) {
        if !bucket.unindexed.isEmpty {
            body(bucket.unindexed)
        }
        let utf8 = path.utf8
        var node = 0
        var start = utf8.startIndex
        while !bucket.nodes[node].children.isEmpty {
            let end = utf8[start...].firstIndex(of: Self.slash) ?? utf8.endIndex
            guard let child = bucket.nodes[node].children[path[start..<end]] else { return }
            node = child
            let isLast = end == utf8.endIndex
            offer(bucket.nodes[node].prefixes, body)
            offer(isLast ? bucket.nodes[node].exacts : bucket.nodes[node].slashPrefixes, body)
            if isLast {
                return
            }
            start = utf8.index(after: end)
        }
    }

    private func offer(_ positions: [Position], _ body: ([Position]) -> Void) {
        if !positions.isEmpty {
            body(positions)
        }
    }

    private mutating func add(_ position: Position, path: RouteTable.PathMatcher?, toBucket bucket: Int) {
        switch path {
        case .exact(let text)? where Self.isASCII(text.utf8):
            let node = node(for: text[...], inBucket: bucket)
            Self.append(position, to: &buckets[bucket].nodes[node].exacts)
        case .prefix(let text, _)? where Self.isASCII(text.utf8):
            if text.utf8.last == Self.slash {
                let node = node(for: text.dropLast(), inBucket: bucket)
                Self.append(position, to: &buckets[bucket].nodes[node].slashPrefixes)
            } else {
                let node = node(for: text[...], inBucket: bucket)
                Self.append(position, to: &buckets[bucket].nodes[node].prefixes)
            }
        case .exact?, .prefix?, .regex?, .template?, nil:
            Self.append(position, to: &buckets[bucket].unindexed)
        }
    }

    /// The trie node for `text`, created with the nodes leading to it when missing; splits on every `/` exactly as
    /// a lookup does, so `""` is one empty segment and `/a` is `""` then `a`.
    private mutating func node(for text: Substring, inBucket bucket: Int) -> Int {
        let utf8 = text.utf8
        var node = 0
        var start = utf8.startIndex
        while true {
            let end = utf8[start...].firstIndex(of: Self.slash) ?? utf8.endIndex
            let segment = text[start..<end]
            if let child = buckets[bucket].nodes[node].children[segment] {
                node = child
            } else {
                let child = buckets[bucket].nodes.count
                buckets[bucket].nodes.append(PathNode())
                buckets[bucket].nodes[node].children[segment] = child
                node = child
            }
            if end == utf8.endIndex {
                return node
            }
            start = utf8.index(after: end)
        }
    }

    private static func bucket(for key: Substring, in map: inout [Substring: Int], _ buckets: inout [Bucket]) -> Int {
        if let bucket = map[key] {
            return bucket
        }
        buckets.append(Bucket())
        map[key] = buckets.count - 1
        return buckets.count - 1
    }

    /// Appends `position` unless it is already last: a route naming the same host twice is filed once.
    private static func append(_ position: Position, to positions: inout [Position]) {
        if positions.last != position {
            positions.append(position)
        }
    }
}
