import Dispatch
import Foundation
import GRDB
import Journal
import Synchronization

/// The embedded journal store: two SQLite files in WAL mode with `synchronous = FULL`, through GRDB.
///
/// The journal file holds `journal_records(sequence INTEGER PRIMARY KEY, payload BLOB)` (and the pruning floor);
/// the snapshots file beside it (``snapshotsPath``) holds `journal_snapshots(sequence INTEGER PRIMARY KEY,
/// payload BLOB)`. SQLite allows one writer per file, so a snapshot of many megabytes being written never holds
/// up the appends that acknowledge orders. Each ``append(_:)`` is one transaction;
/// with `synchronous = FULL` the WAL is fsynced at every commit, so a returned append survives kill -9 and
/// power loss. Reads run on GRDB's reader connections and never block the writer. The `async` methods run on
/// GRDB's own dispatch queues, off the cooperative thread pool; ``blockingAppender`` writes on the calling
/// thread (the group committer's own).
public final class SQLiteJournalStore: JournalStore {
    /// The path of the journal's database file.
    public let path: String
    /// The path of the snapshots' database file: `path` with `-snapshots` before its extension.
    public let snapshotsPath: String
    let pool: DatabasePool
    let snapshots: DatabasePool
    private let isClosed = Mutex(false)

    /// Opens (or creates) the journal at `path` and its snapshots file, creating missing parent directories and
    /// the tables, and moving snapshots out of a journal file written by an earlier version.
    /// - Parameter path: The journal's database file; SQLite adds `-wal` and `-shm` files beside it.
    /// - Throws: `corrupt` when a file is not a journal database, `storage_unavailable` when one cannot be
    ///   opened or created.
    public init(path: String) throws(JournalError) {
        self.path = path
        let snapshotsPath = Self.snapshotsPath(for: path)
        self.snapshotsPath = snapshotsPath
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            pool = try Self.open(path, label: "bourse.journal")
            try SQLiteJournalSchema.migrator.migrate(pool)
        } catch {
            throw SQLiteJournalError.map(error, "open the SQLite journal at \(path)")
        }
        do {
            snapshots = try Self.open(snapshotsPath, label: "bourse.journal.snapshots")
            try SQLiteJournalSchema.snapshotsMigrator.migrate(snapshots)
            try SQLiteJournalSchema.moveSnapshots(from: pool, to: snapshots)
        } catch {
            throw SQLiteJournalError.map(error, "open the journal's snapshots at \(snapshotsPath)")
        }
        try checkPrunedRecordsCovered()
    }

    /// Records pruned through the floor are only recoverable from a snapshot at or above it: a journal file whose
    /// snapshots file is missing (copied or restored without it) or older must not open as a shorter journal.
    private func checkPrunedRecordsCovered() throws(JournalError) {
        let floor: Int64
        let latest: Int64?
        do {
            floor = try pool.read { db in try SQLiteJournalSchema.prunedFloor(db) }
            latest = try snapshots.read { db in try SQLiteJournalSchema.latestSnapshotSequence(db) }
        } catch {
            throw SQLiteJournalError.map(error, "check the journal at \(path) against its snapshots")
        }
        guard floor > 0, (latest ?? 0) < floor else { return }
        let found = latest.map { "the latest is at \($0)" } ?? "there is none"
        throw JournalError(
            .corrupt,
            "the journal at \(path) was pruned through \(floor), but \(snapshotsPath) has no snapshot covering it "
                + "(\(found)); restore the snapshots file that belongs with this journal"
        )
    }

    /// `journal.sqlite` → `journal-snapshots.sqlite`; a path without an extension gets `-snapshots` appended.
    static func snapshotsPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let fileExtension = url.pathExtension
        let base = url.deletingPathExtension().lastPathComponent + "-snapshots"
        let name = fileExtension.isEmpty ? base : base + "." + fileExtension
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    private static func open(_ path: String, label: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.label = label
        // Another process holding the write lock (a backup, say) is waited for, not failed at once.
        configuration.busyMode = .timeout(10)
        let pool = try DatabasePool(path: path, configuration: configuration)
        // DatabasePool turns on WAL and then sets synchronous = NORMAL on its single, long-lived writer
        // connection (after any prepareDatabase hook). FULL makes every commit fsync the WAL; NORMAL may
        // lose the last commits on power loss.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        return pool
    }

    public func append(_ records: [JournalRecord]) async throws(JournalError) {
        guard try checkAppend(records) else { return }
        try await perform("append records") {
            try await pool.write { db in try Self.insert(records, db) }
        }
    }

    /// Appends on the calling thread: GRDB runs the transaction there when its writer is free, so the group
    /// committer's thread writes each batch without a hop to GRDB's queue and back.
    public var blockingAppender: BlockingAppender? {
        BlockingAppender { [self] (records) throws(JournalError) in
            guard try checkAppend(records) else { return }
            do {
                try pool.write { db in try Self.insert(records, db) }
            } catch {
                throw SQLiteJournalError.map(error, "append records")
            }
        }
    }

    /// Checks what can be checked before the transaction.
    /// - Returns: Whether there is anything to write.
    private func checkAppend(_ records: [JournalRecord]) throws(JournalError) -> Bool {
        try checkOpen()
        guard let lastRecord = records.last else { return false }
        _ = try JournalRecord.storageInteger(lastRecord.sequence)
        return true
    }

    /// Inserts a batch that must continue the journal, inside the caller's transaction.
    private static func insert(_ records: [JournalRecord], _ db: Database) throws {
        try JournalRecord.validateBatch(records, after: SQLiteJournalSchema.lastSequence(db))
        let insert = try db.cachedStatement(sql: "INSERT INTO journal_records (sequence, payload) VALUES (?, ?)")
        for record in records {
            try insert.execute(arguments: [Int64(record.sequence), Data(record.payload)])
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
            // The journal only grows past what was read here, so the check stays true while the snapshot is written.
            let last = try await pool.read { db in try SQLiteJournalSchema.lastSequence(db) }
            guard snapshot.sequence <= last else { throw JournalError.snapshotAhead(snapshot.sequence, last: last) }
            try await snapshots.write { db in
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
            try await snapshots.read { db in
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
            let latest = try await snapshots.read { db in try SQLiteJournalSchema.latestSnapshotSequence(db) }
            guard let latest, latest >= bound else {
                throw JournalError.pruneNotCovered(through, latestSnapshot: latest.map { UInt64($0) })
            }
            // The covering snapshot is durable in its own file before any record it covers goes.
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM journal_records WHERE sequence <= ?", arguments: [bound])
                try SQLiteJournalSchema.raisePrunedFloor(db, to: bound)
            }
            try await snapshots.write { db in
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
        let pools = [(pool, "close the journal"), (snapshots, "close the journal's snapshots")]
        let outcome: Result<Void, JournalError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                // Both are closed even if the first fails; the first error is reported.
                var first: JournalError?
                for (pool, operation) in pools {
                    do {
                        try pool.close()
                    } catch {
                        first = first ?? SQLiteJournalError.map(error, operation)
                    }
                }
                continuation.resume(returning: first.map { .failure($0) } ?? .success(()))
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
