import Dispatch
import Foundation
import GRDB
import Journal
import Synchronization

/// The embedded journal store: one SQLite file in WAL mode with `synchronous = FULL`, through GRDB.
///
/// Tables: `journal_records(sequence INTEGER PRIMARY KEY, payload BLOB)` and
/// `journal_snapshots(sequence INTEGER PRIMARY KEY, payload BLOB)`. Each ``append(_:)`` is one transaction;
/// with `synchronous = FULL` the WAL is fsynced at every commit, so a returned append survives kill -9 and
/// power loss. Reads run on GRDB's reader connections and never block the writer. All database work runs on
/// GRDB's own dispatch queues, off the cooperative thread pool.
public final class SQLiteJournalStore: JournalStore {
    /// The path of the database file.
    public let path: String
    let pool: DatabasePool
    private let isClosed = Mutex(false)

    /// Opens (or creates) the journal at `path`, creating missing parent directories and the tables.
    /// - Parameter path: The database file; SQLite adds `-wal` and `-shm` files beside it.
    /// - Throws: `corrupt` when the file is not a journal database, `storage_unavailable` when it cannot be
    ///   opened or created.
    public init(path: String) throws(JournalError) {
        self.path = path
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.label = "bourse.journal"
            // Another process holding the write lock (a backup, say) is waited for, not failed at once.
            configuration.busyMode = .timeout(10)
            pool = try DatabasePool(path: path, configuration: configuration)
            // DatabasePool turns on WAL and then sets synchronous = NORMAL on its single, long-lived writer
            // connection (after any prepareDatabase hook). FULL makes every commit fsync the WAL; NORMAL may
            // lose the last commits on power loss.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try SQLiteJournalSchema.migrator.migrate(pool)
        } catch {
            throw SQLiteJournalError.map(error, "open the SQLite journal at \(path)")
        }
    }

    public func append(_ records: [JournalRecord]) async throws(JournalError) {
        try checkOpen()
        guard let lastRecord = records.last else { return }
        _ = try JournalRecord.storageInteger(lastRecord.sequence)
        try await perform("append records") {
            try await pool.write { db in
                try JournalRecord.validateBatch(records, after: SQLiteJournalSchema.lastSequence(db))
                let insert = try db.cachedStatement(
                    sql: "INSERT INTO journal_records (sequence, payload) VALUES (?, ?)"
                )
                for record in records {
                    try insert.execute(arguments: [Int64(record.sequence), Data(record.payload)])
                }
            }
        }
    }

    public func lastSequence() async throws(JournalError) -> UInt64 {
        try checkOpen()
        return try await perform("read the last sequence") {
            try await pool.read { db in try SQLiteJournalSchema.lastSequence(db) }
        }
    }

    public func records(from: UInt64, limit: Int) async throws(JournalError) -> [JournalRecord] {
        try checkOpen()
        try JournalRecord.validateLimit(limit)
        // No stored sequence exceeds Int64.max.
        guard limit > 0, let start = Int64(exactly: from) else { return [] }
        return try await perform("read records") {
            try await pool.read { db in
                let rows = try Row.fetchCursor(
                    db,
                    sql: "SELECT sequence, payload FROM journal_records WHERE sequence >= ? ORDER BY sequence LIMIT ?",
                    arguments: [start, limit]
                )
                var records: [JournalRecord] = []
                while let row = try rows.next() {
                    let (sequence, payload) = try SQLiteJournalSchema.decode(row, table: "journal_records")
                    records.append(JournalRecord(sequence: sequence, payload: payload))
                }
                return records
            }
        }
    }

    public func saveSnapshot(_ snapshot: JournalSnapshot) async throws(JournalError) {
        try checkOpen()
        let sequence = try JournalRecord.storageInteger(snapshot.sequence)
        try await perform("save a snapshot") {
            try await pool.write { db in
                let last = try SQLiteJournalSchema.lastSequence(db)
                guard snapshot.sequence <= last else { throw JournalError.snapshotAhead(snapshot.sequence, last: last) }
                try db.execute(
                    sql: "INSERT OR REPLACE INTO journal_snapshots (sequence, payload) VALUES (?, ?)",
                    arguments: [sequence, Data(snapshot.payload)]
                )
            }
        }
    }

    public func latestSnapshot() async throws(JournalError) -> JournalSnapshot? {
        try checkOpen()
        return try await perform("read the latest snapshot") {
            try await pool.read { db in
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT sequence, payload FROM journal_snapshots ORDER BY sequence DESC LIMIT 1"
                )
                guard let row else { return nil }
                let (sequence, payload) = try SQLiteJournalSchema.decode(row, table: "journal_snapshots")
                return JournalSnapshot(sequence: sequence, payload: payload)
            }
        }
    }

    public func pruneRecords(through: UInt64) async throws(JournalError) {
        try checkOpen()
        let bound = try JournalRecord.storageInteger(through)
        try await perform("prune records") {
            try await pool.write { db in
                let latest = try SQLiteJournalSchema.latestSnapshotSequence(db)
                guard let latest, latest >= bound else {
                    throw JournalError.pruneNotCovered(through, latestSnapshot: latest.map { UInt64($0) })
                }
                try db.execute(sql: "DELETE FROM journal_records WHERE sequence <= ?", arguments: [bound])
                try db.execute(sql: "DELETE FROM journal_snapshots WHERE sequence < ?", arguments: [bound])
            }
        }
    }

    public func close() async throws(JournalError) {
        let alreadyClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !alreadyClosed else { return }
        // DatabasePool.close() blocks until running statements end: keep that off the cooperative pool.
        let pool = self.pool
        let outcome: Result<Void, JournalError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    try pool.close()
                    continuation.resume(returning: .success(()))
                } catch {
                    continuation.resume(returning: .failure(SQLiteJournalError.map(error, "close the journal")))
                }
            }
        }
        try outcome.get()
    }

    private func checkOpen() throws(JournalError) {
        if isClosed.withLock({ $0 }) { throw JournalError.closedStore("SQLite") }
    }

    private func perform<T: Sendable>(
        _ operation: String,
        _ body: () async throws -> T
    ) async throws(JournalError) -> T {
        do {
            return try await body()
        } catch {
            throw SQLiteJournalError.map(error, operation)
        }
    }
}
