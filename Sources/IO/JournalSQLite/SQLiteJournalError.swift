import GRDB
import Journal

/// Turns SQLite and GRDB errors into ``JournalError``s, keeping the original as the cause.
enum SQLiteJournalError {
    /// Maps `error` raised while doing `operation` (a short verb phrase, "append records").
    static func map(_ error: any Error, _ operation: String) -> JournalError {
        switch error {
        case let error as JournalError:
            return error
        case let row as SQLiteCorruptRow:
            return JournalError(
                .corrupt,
                "\(operation): a row of \(row.table) is malformed (\(row.detail)); restore the journal from a backup",
                cause: row
            )
        case let error as DatabaseError:
            return map(error, operation)
        case is CancellationError:
            return JournalError(
                .storageUnavailable,
                "\(operation) was cancelled before it completed; a write was rolled back",
                cause: error
            )
        default:
            return JournalError(.storageUnavailable, "\(operation) failed in SQLite", cause: error)
        }
    }

    private static func map(_ error: DatabaseError, _ operation: String) -> JournalError {
        let code = error.resultCode
        switch code.primaryResultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return JournalError(
                .corrupt,
                "\(operation): the SQLite file is damaged or not a database (SQLite code \(code.rawValue)); "
                    + "restore it from a backup or point the store at a new file",
                cause: error
            )
        case .SQLITE_MISUSE:
            return JournalError(.closed, "\(operation): the SQLite connection is closed", cause: error)
        case .SQLITE_FULL:
            return JournalError(
                .storageUnavailable,
                "\(operation): the disk is full (SQLite code \(code.rawValue)); free space and retry",
                cause: error
            )
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
            return JournalError(
                .storageUnavailable,
                "\(operation): the SQLite file cannot be opened for writing (SQLite code \(code.rawValue)); "
                    + "check the path and its permissions",
                cause: error
            )
        default:
            return JournalError(
                .storageUnavailable,
                "\(operation) failed in SQLite (SQLite code \(code.rawValue))",
                cause: error
            )
        }
    }
}
