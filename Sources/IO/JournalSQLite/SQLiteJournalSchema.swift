import GRDB

/// The SQLite schema of the journal and the queries shared by the store's operations.
enum SQLiteJournalSchema {
    /// Creates or upgrades the tables. Migrations are recorded by GRDB, so later versions can add steps.
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
        return migrator
    }

    /// The last record's sequence, or the latest snapshot's when its records were pruned; 0 when empty.
    static func lastSequence(_ db: Database) throws -> UInt64 {
        let value = try Int64.fetchOne(
            db,
            sql: """
                SELECT max(
                    COALESCE((SELECT max(sequence) FROM journal_records), 0),
                    COALESCE((SELECT max(sequence) FROM journal_snapshots), 0))
                """
        )
        return UInt64(clamping: value ?? 0)
    }

    /// The latest snapshot's sequence, if any.
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
