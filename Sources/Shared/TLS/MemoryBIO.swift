import COpenSSL

/// Memory `BIO`s, the buffers OpenSSL's PEM functions read from and write to.
///
/// A `BIO*` never outlives the closure it is lent to: it is created, used and freed inside one call here.
enum MemoryBIO {
    /// Lends `body` a read-only `BIO*` over the UTF-8 bytes of `text`.
    static func reading<Value>(
        _ text: String,
        _ body: (OpaquePointer) throws(OpenSSLError) -> Value
    ) throws(OpenSSLError) -> Value {
        let bytes = Array(text.utf8)
        guard bytes.count <= Int(Int32.max) else {
            throw OpenSSLError(.malformedInput, operation: "BIO_new_mem_buf", context: "the text is over 2 GiB")
        }
        // `withUnsafeBytes` does not carry typed throws through; the outcome travels out as a `Result`.
        let outcome = bytes.withUnsafeBytes { buffer -> Result<Value, OpenSSLError> in
            do throws(OpenSSLError) {
                // The BIO only borrows the bytes, which stay alive until this closure returns and the BIO is freed.
                let bio = try OpenSSLError.check("BIO_new_mem_buf") {
                    BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count))
                }
                defer { BIO_free(bio) }
                return .success(try body(bio))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Lends `body` an empty, writable `BIO*` and returns what it wrote as text.
    static func writing(_ body: (OpaquePointer) throws(OpenSSLError) -> Void) throws(OpenSSLError) -> String {
        let bio = try OpenSSLError.check("BIO_new") { BIO_new(BIO_s_mem()) }
        defer { BIO_free(bio) }
        try body(bio)

        // `BIO_get_mem_data` is a macro Swift cannot import; this is the call it expands to.
        var start: UnsafeMutablePointer<CChar>?
        let length = BIO_ctrl(bio, BIO_CTRL_INFO, 0, &start)
        guard let start, length > 0 else {
            return ""
        }
        let bytes = UnsafeRawBufferPointer(start: start, count: length)
        return String(decoding: bytes, as: UTF8.self)
    }
}
