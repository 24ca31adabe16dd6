extension Draft {
    /// The SHA-256 of the draft's canonical JSON, as 64 hexadecimal digits: equal drafts have equal hashes,
    /// whatever order their resources were written in.
    public var contentHash: String {
        ContentHash.sha256Hex(jsonValue.canonicalBytes)
    }
}
