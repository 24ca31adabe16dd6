import Glibc
import Testing

@testable import ControlPlane

extension StoreTests {
    /// Kills a process that is writing to the store and checks that every write it acknowledged survived.
    ///
    /// The writer is a child made with `fork()`, so no second executable is needed. The child only opens the
    /// store, writes, reports each acknowledged commit on a pipe, and leaves with `_exit`; it never returns into
    /// the test runner.
    @Suite("Store crash")
    struct StoreCrashTests {
        /// Acknowledgements to wait for before killing the writer.
        private static let acknowledgementsBeforeKill = 200
        /// How long the parent waits for the next acknowledgement before giving up on the child, in milliseconds.
        private static let silenceLimitMilliseconds: Int32 = 10_000

        @Test(arguments: 0..<3)
        func acknowledgedWritesSurviveKill(round: Int) throws {
            try withTemporaryDirectory { folder throws in
                let path = folder + "/gatehouse.db"
                // The parent migrates first, so that the child's writes are the only thing a kill can interrupt.
                try RegistryStore(path: path).put(kind: .service, name: "before", spec: "{}")

                let outcome = try Self.writeUntilKilled(path: path, names: "r\(round)-s")
                #expect(outcome.acknowledged.count >= Self.acknowledgementsBeforeKill)
                #expect(outcome.wasKilled, "the child ended with wait status \(outcome.status), not by SIGKILL")

                let store = try RegistryStore(path: path)
                #expect(try store.integrityCheck() == ["ok"])
                let names = Set(try store.list(kind: .service).map(\.name))
                let missing = outcome.acknowledged.filter { !names.contains("r\(round)-s\($0)") }
                #expect(missing.isEmpty, "acknowledged writes lost: \(missing.prefix(10))")
                #expect(names.contains("before"))
                // At most the one commit in flight at the kill may be present without its acknowledgement.
                #expect(names.count - 1 - outcome.acknowledged.count <= 1)
            }
        }

        private struct Outcome {
            var acknowledged: [Int64]
            var status: Int32

            var wasKilled: Bool {
                // WIFSIGNALED and WTERMSIG are macros that Swift does not import.
                status & 0x7f == SIGKILL
            }
        }

        /// Forks a writer, reads its acknowledgements, kills it after enough of them, and reads the rest.
        private static func writeUntilKilled(path: String, names: String) throws -> Outcome {
            var descriptors: [Int32] = [-1, -1]
            guard pipe(&descriptors) == 0 else {
                throw TestFailure("pipe failed with errno \(errno)")
            }
            let (readEnd, writeEnd) = (descriptors[0], descriptors[1])

            let child = fork()
            if child == 0 {
                close(readEnd)
                runWriter(path: path, names: names, acknowledgements: writeEnd)
            }
            close(writeEnd)
            defer { close(readEnd) }
            guard child > 0 else {
                throw TestFailure("fork failed with errno \(errno)")
            }

            var reader = AcknowledgementReader(descriptor: readEnd)
            var killed = false
            while let index = try reader.next(
                timeoutMilliseconds: silenceLimitMilliseconds, onSilence: { kill(child, SIGKILL) })
            {
                reader.acknowledged.append(index)
                if !killed && reader.acknowledged.count >= acknowledgementsBeforeKill {
                    kill(child, SIGKILL)
                    killed = true
                }
            }

            var status: Int32 = 0
            while waitpid(child, &status, 0) == -1 && errno == EINTR {}
            return Outcome(acknowledged: reader.acknowledged, status: status)
        }

        /// The child's whole life: write services one by one and acknowledge each commit with its index.
        private static func runWriter(path: String, names: String, acknowledgements: Int32) -> Never {
            guard let store = try? RegistryStore(path: path) else {
                _exit(2)
            }
            var index: Int64 = 0
            while true {
                do {
                    try store.put(kind: .service, name: names + String(index), spec: #"{"index":\#(index)}"#)
                } catch {
                    _exit(3)
                }
                // Eight bytes to a pipe are written whole (less than PIPE_BUF), or not at all.
                var value = index
                let written = withUnsafeBytes(of: &value) { write(acknowledgements, $0.baseAddress, 8) }
                guard written == 8 else {
                    _exit(4)
                }
                index += 1
            }
        }
    }
}

/// Reads 8-byte acknowledgements from a pipe, whatever sizes the reads return.
private struct AcknowledgementReader {
    let descriptor: Int32
    var acknowledged: [Int64] = []
    private var pending: [UInt8] = []

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The next index, or `nil` at the end of the pipe.
    mutating func next(timeoutMilliseconds: Int32, onSilence: () -> Void) throws -> Int64? {
        while pending.count < 8 {
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, timeoutMilliseconds)
            if ready == 0 {
                onSilence()
                throw TestFailure("the writer went silent after \(acknowledged.count) acknowledgements")
            }
            if ready < 0 {
                if errno == EINTR { continue }
                throw TestFailure("poll failed with errno \(errno)")
            }

            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw TestFailure("read failed with errno \(errno)")
            }
            if count == 0 {
                return nil
            }
            pending.append(contentsOf: buffer[0..<count])
        }

        let value = pending[0..<8].withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
        pending.removeFirst(8)
        return value
    }
}
