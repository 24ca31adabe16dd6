import Testing

@testable import ControlPlane

extension StoreTests {
    @Suite("Migrations")
    struct MigrationsTests {
        @Test func migratesAFreshFileThenReopensAsANoOp() throws {
            try withTemporaryDirectory { folder throws in
                let path = folder + "/gatehouse.db"
                let first = try SQLiteDatabase(path: path)
                let applied = try Migrations.registry.apply(to: first, now: 1000)

                #expect(applied == Array(1...Migrations.registry.latestVersion))
                #expect(try Migrations.currentVersion(of: first) == Migrations.registry.latestVersion)
                let tables = try first.query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name") {
                    $0.string(at: 0) ?? ""
                }
                #expect(tables.contains("resources") && tables.contains("endpoints") && tables.contains("versions"))

                let second = try SQLiteDatabase(path: path)
                #expect(try Migrations.registry.apply(to: second, now: 2000) == [])
                let recorded = try second.query("SELECT version, applied_at FROM schema_migrations") { row in
                    [row.int64(at: 0), row.int64(at: 1)]
                }
                #expect(recorded == [[1, 1000]])
            }
        }

        @Test func appliesOnlyThePendingScripts() throws {
            let database = try SQLiteDatabase(path: ":memory:")
            let one = Migrations(scripts: ["CREATE TABLE a (x INTEGER);"])
            let two = Migrations(
                scripts: one.scripts + ["ALTER TABLE a ADD COLUMN y TEXT; CREATE TABLE b (z INTEGER);"])

            #expect(try one.apply(to: database, now: 1) == [1])
            #expect(try two.apply(to: database, now: 2) == [2])
            #expect(try two.apply(to: database, now: 3) == [])
            try database.run("INSERT INTO a (x, y) VALUES (1, 'two')")
        }

        @Test func aFailingScriptLeavesTheSchemaAsItWas() throws {
            let database = try SQLiteDatabase(path: ":memory:")
            let broken = Migrations(scripts: ["CREATE TABLE a (x INTEGER);", "CREATE TABLE b (;"])

            #expect(throws: StoreError.self) { try broken.apply(to: database, now: 1) }
            #expect(try Migrations.currentVersion(of: database) == 0)
            let tables = try database.query("SELECT name FROM sqlite_schema WHERE name = 'a'") { $0.string(at: 0) }
            #expect(tables.isEmpty, "the first script rolled back with the second")
        }

        @Test func refusesADatabaseFromANewerProgram() throws {
            try withTemporaryDirectory { folder throws in
                let path = folder + "/gatehouse.db"
                let latest = Migrations.registry.latestVersion
                do {
                    let database = try SQLiteDatabase(path: path)
                    try Migrations.registry.apply(to: database, now: 1)
                    try database.run("INSERT INTO schema_migrations VALUES (?, 2)", [.integer(Int64(latest + 2))])
                }

                let error = #expect(throws: StoreError.self) { try RegistryStore(path: path) }
                #expect(error?.reason == .schemaTooNew)
                #expect(
                    error?.message
                        == "database schema version \(latest + 2) is newer than this program supports (\(latest)); "
                        + "upgrade gatehouse"
                )
                #expect(error?.shortName == "store_schema_too_new")
            }
        }
    }
}
