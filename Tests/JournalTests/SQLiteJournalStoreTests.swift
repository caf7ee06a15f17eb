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

    @Test("runs both files in WAL mode with synchronous = FULL")
    func durabilitySettings() async throws {
        try await SQLiteBackend().withStore { store, _ in
            let sqlite = try #require(store as? SQLiteJournalStore)
            #expect(sqlite.snapshotsPath.hasSuffix("/journal-snapshots.sqlite"))
            for pool in [sqlite.pool, sqlite.snapshots] {
                let (mode, synchronous) = try await pool.write { db in
                    (
                        try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                        try Int.fetchOne(db, sql: "PRAGMA synchronous")
                    )
                }
                #expect(mode == "wal")
                #expect(synchronous == 2)  // FULL
            }
        }
    }

    @Test("a snapshot being written does not hold up appends (one writer per file)")
    func snapshotWriteDoesNotBlockAppends() async throws {
        try await SQLiteBackend().withStore { store, _ in
            let sqlite = try #require(store as? SQLiteJournalStore)
            let appender = try #require(sqlite.blockingAppender)
            try appender.append(makeRecords(1...3))
            // Inside an open write transaction on the snapshots file, an append must commit. Were both tables in
            // one file, it could not (the transaction it waits for waits for it): after SQLite's 10 s busy timeout
            // it would throw storage_unavailable, failing the test. (No clock here: under a loaded test run the
            // task's own scheduling would count too.)
            try await sqlite.snapshots.write { db in
                try db.execute(
                    sql: "INSERT INTO journal_snapshots (sequence, payload) VALUES (?, ?)",
                    arguments: [3, Data([1, 2, 3])]
                )
                try appender.append(makeRecords(4...6))
            }
            #expect(try await store.lastSequence() == 6)
            #expect(try await store.latestSnapshot()?.sequence == 3)
        }
    }

    @Test(
        "a version-1 journal file's latest snapshot moves to the snapshots file; the last sequence is kept",
        arguments: [false, true])
    func movesVersionOneSnapshots(copiedBeforeACrash: Bool) async throws {
        try await SQLiteBackend().withLocation { location in
            let path = try #require(location as? SQLiteBackend.Location).path
            do {
                // A journal as version 1 left it: every record pruned under a snapshot at 6, an older one at 4.
                let old = try DatabasePool(path: path)
                try SQLiteJournalSchema.migrator.migrate(old, upTo: "v1: records and snapshots")
                try await old.write { db in
                    try db.execute(sql: "INSERT INTO journal_snapshots VALUES (4, x'04'), (6, x'0606')")
                }
                try old.close()
            }
            if copiedBeforeACrash {
                // A crash after the copy committed and before the old table was dropped: the next open copies again.
                let snapshots = try DatabasePool(path: SQLiteJournalStore.snapshotsPath(for: path))
                try SQLiteJournalSchema.snapshotsMigrator.migrate(snapshots)
                try await snapshots.write { db in
                    try db.execute(sql: "INSERT INTO journal_snapshots VALUES (6, x'0606')")
                }
                try snapshots.close()
            }
            let store = try SQLiteJournalStore(path: path)
            #expect(try await store.lastSequence() == 6)
            #expect(try await store.latestSnapshot() == JournalSnapshot(sequence: 6, payload: [6, 6]))
            let hasOldTable = try await store.pool.read { db in try db.tableExists("journal_snapshots") }
            #expect(!hasOldTable)
            // Only the latest is kept: recovery never reads an older one.
            let moved = try await store.snapshots.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM journal_snapshots")
            }
            #expect(moved == 1)
            // The journal continues after the moved snapshot.
            await expectJournalError(.sequenceGap) { try await store.append(makeRecords(1...1)) }
            try await store.append(makeRecords(7...8))
            try await store.close()
            let reopened = try SQLiteJournalStore(path: path)
            #expect(try await reopened.lastSequence() == 8)
            #expect(try await reopened.latestSnapshot()?.sequence == 6)
            try await reopened.close()
        }
    }

    @Test("a pruned journal whose snapshots file is missing is refused as corrupt, not opened shorter")
    func prunedJournalWithoutSnapshots() async throws {
        try await SQLiteBackend().withLocation { location in
            let path = try #require(location as? SQLiteBackend.Location).path
            let store = try SQLiteJournalStore(path: path)
            try await store.append(makeRecords(1...5))
            try await store.saveSnapshot(JournalSnapshot(sequence: 5, payload: [5]))
            try await store.pruneRecords(through: 5)
            try await store.close()
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: store.snapshotsPath + suffix)
            }
            do throws(JournalError) {
                let reopened = try SQLiteJournalStore(path: path)
                Issue.record("opened a pruned journal without its snapshots")
                try await reopened.close()
            } catch {
                #expect(error.code == .corrupt, "\(error)")
                #expect(error.message.contains("journal-snapshots.sqlite"), "\(error)")
            }
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
