import Foundation
import GRDB

/// The SQLite schema of the journal and the queries shared by the store's operations.
///
/// Two files: the journal's (records, and how far they were pruned) and the snapshots' (their own file, so
/// that writing a snapshot of many megabytes never holds the journal's write lock, which SQLite keeps per file).
enum SQLiteJournalSchema {
    /// Creates or upgrades the journal file's tables. Migrations are recorded by GRDB, so later versions can add
    /// steps. Version 1 kept the snapshots in this file; ``moveSnapshots(from:to:)`` moves them out.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: records and snapshots") { db in
            // INTEGER PRIMARY KEY is the rowid: records are stored in sequence order, no separate index.
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS journal_records (
                        sequence INTEGER PRIMARY KEY NOT NULL,
                        payload BLOB NOT NULL
                    );
                    CREATE TABLE IF NOT EXISTS journal_snapshots (
                        sequence INTEGER PRIMARY KEY NOT NULL,
                        payload BLOB NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v2: the pruning floor") { db in
            // One row at most: the highest `through` ever pruned, which is the last sequence once every record
            // is pruned.
            try db.execute(
                sql: """
                    CREATE TABLE journal_pruned (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        through INTEGER NOT NULL
                    )
                    """
            )
        }
        return migrator
    }

    /// Creates the snapshots file's table.
    static var snapshotsMigrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: snapshots") { db in
            try db.execute(
                sql: """
                    CREATE TABLE journal_snapshots (
                        sequence INTEGER PRIMARY KEY NOT NULL,
                        payload BLOB NOT NULL
                    )
                    """
            )
        }
        return migrator
    }

    /// Moves the latest snapshot a version-1 journal file still holds into the snapshots file, then drops the old
    /// table (older snapshots are never read: recovery starts from the latest).
    ///
    /// Crash-safe in either order of failure: the copy commits (fsynced) before the drop, and copying again
    /// replaces an identical row. The pruning floor takes every old snapshot's sequence into account, as the
    /// journal's last sequence did while the snapshots lived in its file. The file keeps its size until a `VACUUM`.
    static func moveSnapshots(from journal: DatabasePool, to snapshots: DatabasePool) throws {
        guard try journal.read({ db in try db.tableExists("journal_snapshots") }) else { return }
        let latest = try journal.read { db in
            try Row.fetchOne(db, sql: "SELECT sequence, payload FROM journal_snapshots ORDER BY sequence DESC LIMIT 1")
        }
        if let row = latest {
            let (sequence, payload) = try decode(row, table: "journal_snapshots")
            try snapshots.write { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO journal_snapshots (sequence, payload) VALUES (?, ?)",
                    arguments: [Int64(sequence), Data(payload)]
                )
            }
        }
        try journal.write { db in
            if let highest = try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM journal_snapshots") {
                try raisePrunedFloor(db, to: highest)
            }
            try db.execute(sql: "DROP TABLE journal_snapshots")
        }
    }

    /// The highest sequence ever pruned (0 if none).
    static func prunedFloor(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT through FROM journal_pruned WHERE id = 1") ?? 0
    }

    /// The last record's sequence, or the pruning floor when every record up to it was pruned; 0 when empty.
    ///
    /// Every append checks it, so the statement is prepared once per connection (cached), not parsed per batch.
    static func lastSequence(_ db: Database) throws -> UInt64 {
        let statement = try db.cachedStatement(
            sql: """
                SELECT max(
                    COALESCE((SELECT max(sequence) FROM journal_records), 0),
                    COALESCE((SELECT through FROM journal_pruned WHERE id = 1), 0))
                """
        )
        let value = try Int64.fetchOne(statement)
        return UInt64(clamping: value ?? 0)
    }

    /// Records that every sequence up to `through` was pruned (the floor never goes down).
    static func raisePrunedFloor(_ db: Database, to through: Int64) throws {
        try db.execute(
            sql: """
                INSERT INTO journal_pruned (id, through) VALUES (1, ?)
                ON CONFLICT (id) DO UPDATE SET through = max(through, excluded.through)
                """,
            arguments: [through]
        )
    }

    /// The latest snapshot's sequence, if any (in the snapshots file).
    static func latestSnapshotSequence(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM journal_snapshots")
    }

    /// Decodes a `(sequence, payload)` row, refusing anything a journal cannot contain.
    static func decode(_ row: Row, table: String) throws -> (UInt64, [UInt8]) {
        let sequenceValue: DatabaseValue = row[0]
        let payloadValue: DatabaseValue = row[1]
        guard case .int64(let sequence) = sequenceValue.storage, sequence >= 0 else {
            throw SQLiteCorruptRow(table: table, detail: "sequence is not a non-negative integer")
        }
        switch payloadValue.storage {
        case .blob(let data):
            return (UInt64(sequence), [UInt8](data))
        default:
            throw SQLiteCorruptRow(table: table, detail: "payload of \(sequence) is not a blob")
        }
    }
}

/// A stored row that no journal could have written.
struct SQLiteCorruptRow: Error {
    var table: String
    var detail: String
}
