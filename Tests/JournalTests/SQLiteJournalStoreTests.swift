import Foundation
import GRDB
import Journal
import Testing

@testable import JournalSQLite

@Suite("SQLite journal store")
struct SQLiteJournalStoreTests {
    @Test("meets the journal contract", arguments: JournalContract.allCases)
    func contract(_ check: JournalContract) async throws {
        try await check.run(on: SQLiteBackend())
    }

    @Test("group commit throughput (printed)")
    func throughput() async throws {
        try await JournalContract.measureThroughput(SQLiteBackend())
    }

    @Test("runs in WAL mode with synchronous = FULL")
    func durabilitySettings() async throws {
        try await SQLiteBackend().withStore { store, _ in
            let sqlite = try #require(store as? SQLiteJournalStore)
            let (mode, synchronous) = try await sqlite.pool.write { db in
                (
                    try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                    try Int.fetchOne(db, sql: "PRAGMA synchronous")
                )
            }
            #expect(mode == "wal")
            #expect(synchronous == 2)  // FULL
        }
    }

    @Test("a file that is not a database is reported as corrupt")
    func corruptFile() async throws {
        try await SQLiteBackend().withLocation { location in
            let path = try #require(location as? SQLiteBackend.Location).path
            try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: path))
            do throws(JournalError) {
                let store = try SQLiteJournalStore(path: path)
                Issue.record("opened a garbage file as a journal")
                try await store.close()
            } catch {
                #expect(error.code == .corrupt, "\(error)")
                #expect(error.cause != nil)
            }
        }
    }

    @Test("a path that cannot be created is reported as storage_unavailable")
    func unwritablePath() async throws {
        do throws(JournalError) {
            _ = try SQLiteJournalStore(path: "/proc/bourse-journal-test/journal.sqlite")
            Issue.record("created a journal under /proc")
        } catch {
            #expect(error.code == .storageUnavailable, "\(error)")
        }
    }
}
