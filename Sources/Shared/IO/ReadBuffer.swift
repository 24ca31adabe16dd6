/// The bytes read from a connection and not yet consumed: read into the free space at the end, parsed from the
/// start. Owns its memory.
final class ReadBuffer {
    private(set) var storage: UnsafeMutableRawBufferPointer
    /// Where the unconsumed bytes start.
    var readIndex = 0
    /// Where the next read goes.
    var writeIndex = 0

    init(capacity: Int) {
        storage = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        storage.deallocate()
    }

    /// Whether every byte read was consumed.
    var isEmpty: Bool { readIndex == writeIndex }

    /// The unconsumed bytes.
    var unread: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[readIndex..<writeIndex]) }

    /// Where the next read goes.
    var freeSpace: UnsafeMutableRawBufferPointer { UnsafeMutableRawBufferPointer(rebasing: storage[writeIndex...]) }

    /// Reads from `socket` into the free space and keeps what arrived.
    ///
    /// - Returns: what the read returned: the byte count (0 at the end of the stream) or would-block.
    func fill(from socket: Socket) throws(SystemError) -> IOResult<Int> {
        let result = try socket.read(into: freeSpace)
        if case .done(let count) = result {
            writeIndex += count
        }
        return result
    }

    /// The bytes at `range`, in absolute positions.
    func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: storage[range])
    }

    /// Makes room at the end: starts over when everything was consumed, moves unconsumed bytes to the front,
    /// or doubles the storage up to `limit` bytes.
    ///
    /// - Returns: false when the buffer is full of unconsumed bytes and may not grow.
    func makeRoom(growingUpTo limit: Int) -> Bool {
        if readIndex == writeIndex {
            readIndex = 0
            writeIndex = 0
        }
        if writeIndex < storage.count {
            return true
        }
        if readIndex > 0 {
            let pending = writeIndex - readIndex
            storage.baseAddress!.copyMemory(from: storage.baseAddress! + readIndex, byteCount: pending)
            readIndex = 0
            writeIndex = pending
            return true
        }
        guard storage.count < limit else { return false }
        let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: min(storage.count * 2, limit), alignment: 16)
        grown.copyMemory(from: UnsafeRawBufferPointer(rebasing: storage[0..<writeIndex]))
        storage.deallocate()
        storage = grown
        return true
    }
}
