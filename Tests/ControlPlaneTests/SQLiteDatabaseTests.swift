import FoundationEssentials
import Testing

@testable import ControlPlane

extension StoreTests {
    @Suite("SQLiteDatabase")
    struct SQLiteDatabaseTests {
        @Test func opensWithDurableSettings() throws {
            try withTemporaryDirectory { folder throws in
                let database = try SQLiteDatabase(path: folder + "/settings.db")

                let mode = try database.query("PRAGMA journal_mode") { $0.string(at: 0) }
                let foreignKeys = try database.query("PRAGMA foreign_keys") { $0.int64(at: 0) }
                let synchronous = try database.query("PRAGMA synchronous") { $0.int64(at: 0) }
                let timeout = try database.query("PRAGMA busy_timeout") { $0.int64(at: 0) }
                #expect(mode == ["wal"])
                #expect(foreignKeys == [1])
                #expect(synchronous == [2], "2 is FULL")
                #expect(timeout == [5000])
            }
        }

        @Test func bindsAndReadsEveryType() throws {
            let database = try SQLiteDatabase(path: ":memory:")
            try database.execute(script: "CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
            let text = "grüße \u{0}after nul"
            try database.run(
                "INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                [.integer(Int64.min), .real(2.5), .text(text), .blob([0, 1, 255]), .null]
            )
            try database.run(
                "INSERT INTO t VALUES (?, ?, ?, ?, ?)", [.integer(7), .real(0), .text(""), .blob([]), .null])

            let rows = try database.query("SELECT i, r, s, b, n FROM t ORDER BY rowid") { row in
                (row.int64(at: 0), row.double(at: 1), row.string(at: 2), row.blob(at: 3), row.string(at: 4))
            }
            #expect(rows.count == 2)
            #expect(rows[0].0 == Int64.min)
            #expect(rows[0].1 == 2.5)
            #expect(rows[0].2 == text)
            #expect(rows[0].3 == [0, 1, 255])
            #expect(rows[0].4 == nil)
            #expect(rows[1].2 == "", "an empty string stays a string, not NULL")
            #expect(rows[1].3 == [], "an empty blob stays a blob, not NULL")
        }

        @Test func statementColumnsAndNulls() throws {
            let database = try SQLiteDatabase(path: ":memory:")
            try database.withStatement("SELECT NULL, 3, 'x'") { statement throws in
                #expect(try statement.step())
                #expect(statement.columnCount == 3)
                #expect(statement.isNull(at: 0))
                #expect(statement.optionalInt64(at: 0) == nil)
                #expect(statement.optionalInt64(at: 1) == 3)
                #expect(statement.blob(at: 0) == nil)
                #expect(try !statement.step())
            }
        }

        @Test func bindsByIndexAndResets() throws {
            let database = try SQLiteDatabase(path: ":memory:")
            try database.withStatement("SELECT ?2 || ?1") { statement in
                try statement.bind(.text("b"), at: 1)
                try statement.bind(.text("a"), at: 2)
                #expect(try statement.step())
                #expect(statement.string(at: 0) == "ab")

                statement.reset()
                #expect(try statement.step())
                #expect(statement.isNull(at: 0), "reset clears the bindings")
            }
            #expect(throws: StoreError.self) {
                try database.withStatement("SELECT ?1") { statement in try statement.bind(.integer(1), at: 5) }
            }
        }

        @Test func reusesPreparedStatements() throws {
            let database = try SQLiteDatabase(path: ":memory:")
            try database.execute(script: "CREATE TABLE t (v INTEGER)")
            let before = database.cachedStatementCount
            for value in 0..<10 {
                try database.run("INSERT INTO t VALUES (?)", [.integer(Int64(value))])
            }
            let total = try database.query("SELECT SUM(v) FROM t") { $0.int64(at: 0) }

            #expect(total == [45])
            #expect(database.cachedStatementCount == before + 2, "one insert statement and one select")
        }

        @Test func transactionCommits() throws {
            let database = try SQLiteDatabase(path: ":memory:")
            try database.execute(script: "CREATE TABLE t (v INTEGER)")
            let value = try database.transaction {
                #expect(database.isInTransaction)
                try database.run("INSERT INTO t VALUES (1)")
                return 42
            }

            #expect(value == 42)
            #expect(!database.isInTransaction)
            #expect(try database.query("SELECT COUNT(*) FROM t") { $0.int64(at: 0) } == [1])
        }

        @Test func transactionRollsBackOnThrow() throws {
            let database = try SQLiteDatabase(path: ":memory:")
            try database.execute(script: "CREATE TABLE t (v INTEGER UNIQUE)")
            #expect(throws: TestFailure.self) {
                try database.transaction {
                    try database.run("INSERT INTO t VALUES (1)")
                    throw TestFailure("stop halfway")
                }
            }
            let error = #expect(throws: StoreError.self) {
                try database.transaction {
                    try database.run("INSERT INTO t VALUES (2)")
                    try database.run("INSERT INTO t VALUES (2)")
                }
            }

            #expect(error?.reason == .constraint)
            #expect(!database.isInTransaction)
            #expect(try database.query("SELECT COUNT(*) FROM t") { $0.int64(at: 0) } == [0])
        }

        @Test func aLockHeldPastTheTimeoutIsBusy() throws {
            try withTemporaryDirectory { folder throws in
                let path = folder + "/busy.db"
                let holder = try SQLiteDatabase(path: path)
                let waiter = try SQLiteDatabase(path: path, busyTimeoutMilliseconds: 50)
                try holder.execute(script: "CREATE TABLE t (v INTEGER)")

                try holder.transaction {
                    try holder.run("INSERT INTO t VALUES (1)")
                    let error = #expect(throws: StoreError.self) {
                        try waiter.transaction { try waiter.run("INSERT INTO t VALUES (2)") }
                    }
                    #expect(error?.reason == .busy)
                    #expect(error?.shortName == "store_busy")
                    #expect(!waiter.isInTransaction)
                }
                #expect(try waiter.query("SELECT v FROM t") { $0.int64(at: 0) } == [1])
            }
        }

        @Test func aReadTransactionSeesOneState() throws {
            try withTemporaryDirectory { folder throws in
                let path = folder + "/read.db"
                let reader = try SQLiteDatabase(path: path)
                let writer = try SQLiteDatabase(path: path)
                try writer.execute(script: "CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1);")

                let counts = try reader.readTransaction {
                    let before = try reader.query("SELECT COUNT(*) FROM t") { $0.int64(at: 0) }
                    try writer.run("INSERT INTO t VALUES (2)")
                    let after = try reader.query("SELECT COUNT(*) FROM t") { $0.int64(at: 0) }
                    return before + after
                }

                #expect(counts == [1, 1])
                #expect(!reader.isInTransaction)
                #expect(try reader.query("SELECT COUNT(*) FROM t") { $0.int64(at: 0) } == [2])
            }
        }

        @Test func constraintErrorCarriesCodeAndMessage() throws {
            let database = try SQLiteDatabase(path: ":memory:")
            try database.execute(script: "CREATE TABLE t (v INTEGER PRIMARY KEY, w TEXT NOT NULL)")
            try database.run("INSERT INTO t VALUES (1, 'a')")

            let unique = #expect(throws: StoreError.self) { try database.run("INSERT INTO t VALUES (1, 'b')") }
            let notNull = #expect(throws: StoreError.self) { try database.run("INSERT INTO t VALUES (2, NULL)") }
            #expect(unique?.reason == .constraint)
            #expect(unique?.code == 1555, "SQLITE_CONSTRAINT_PRIMARYKEY")
            #expect(unique?.operation == "step")
            #expect(unique?.message.contains("UNIQUE constraint failed") == true)
            #expect(unique?.shortName == "store_constraint")
            #expect(notNull?.code == 1299, "SQLITE_CONSTRAINT_NOTNULL")
        }

        @Test func syntaxErrorFailsAtPrepare() throws {
            let database = try SQLiteDatabase(path: ":memory:")
            let error = #expect(throws: StoreError.self) { try database.run("SELEKT 1") }

            #expect(error?.reason == .other)
            #expect(error?.operation == "prepare")
            #expect(error?.description.contains("syntax error") == true)
        }

        @Test func refusesAFileThatIsNotADatabase() throws {
            try withTemporaryDirectory { folder throws in
                let path = folder + "/garbage.db"
                #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x78, count: 4096)))
                let error = #expect(throws: StoreError.self) { try SQLiteDatabase(path: path) }

                #expect(error?.reason == .corrupt)
            }
        }

        @Test func missingFolderIsAnIOError() throws {
            let error = #expect(throws: StoreError.self) {
                try SQLiteDatabase(path: "/nonexistent-folder-for-gatehouse-tests/x.db")
            }

            #expect(error?.reason == .io)
            #expect(error?.operation == "open")
        }

        @Test func mapsResultCodesToReasons() {
            let expected: [(Int32, StoreError.Reason)] = [
                (5, .busy), (6, .busy), (517, .busy), (19, .constraint), (2067, .constraint), (11, .corrupt),
                (26, .corrupt), (10, .io), (14, .io), (13, .io), (8, .readOnly), (21, .misuse), (1, .other),
            ]
            for (code, reason) in expected {
                #expect(SQLiteDatabase.reason(for: code) == reason, "code \(code)")
            }
        }

        @Test func shortNamesAreDistinct() {
            let names = Set(StoreError.Reason.allCases.map { StoreError($0, message: "", operation: "").shortName })

            #expect(names.count == StoreError.Reason.allCases.count)
            #expect(names.allSatisfy { $0.hasPrefix("store_") && !$0.contains(" ") })
        }
    }
}
