import Journal
import PostgresNIO

/// Turns PostgresNIO errors into ``JournalError``s, keeping the original as the cause.
enum PostgresJournalError {
    /// Maps `error` raised while doing `operation` (a short verb phrase, "append records").
    static func map(_ error: any Error, _ operation: String) -> JournalError {
        switch error {
        case let error as JournalError:
            return error
        case let transaction as PostgresTransactionError:
            if let inner = transaction.closureError { return map(inner, operation) }
            if let begin = transaction.beginError { return map(begin, operation) }
            if let commit = transaction.commitError {
                let mapped = map(commit, operation)
                return JournalError(
                    mapped.code,
                    "\(operation): COMMIT failed, so whether the transaction was applied is unknown; "
                        + "recover from the store before continuing (\(mapped.message))",
                    cause: transaction
                )
            }
            return JournalError(.storageUnavailable, "\(operation) failed in PostgreSQL", cause: transaction)
        case let error as PSQLError:
            return map(error, operation)
        case let error as PostgresDecodingError:
            return JournalError(.corrupt, "\(operation): a stored row does not decode as a journal row", cause: error)
        case is CancellationError:
            return JournalError(.storageUnavailable, "\(operation) was cancelled before it completed", cause: error)
        default:
            return JournalError(.storageUnavailable, "\(operation) failed in PostgreSQL", cause: error)
        }
    }

    private static func map(_ error: PSQLError, _ operation: String) -> JournalError {
        if error.code == .poolClosed || error.code == .clientClosedConnection {
            return JournalError(.closed, "\(operation): the PostgreSQL client is closed", cause: error)
        }
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else {
            return JournalError(
                .storageUnavailable,
                "\(operation): cannot talk to the PostgreSQL server (\(error.code)); check that it runs and the URL",
                cause: error
            )
        }
        switch state {
        case "23505":
            // Another writer appended the same sequences concurrently (the primary key caught it).
            return JournalError(
                .sequenceGap,
                "\(operation): another writer appended these sequences first; nothing of this batch was written",
                cause: error
            )
        case "XX001", "XX002":
            return JournalError(
                .corrupt, "\(operation): PostgreSQL reports damaged data (SQLSTATE \(state))", cause: error)
        case let state where state.hasPrefix("28"):
            return JournalError(
                .storageUnavailable,
                "\(operation): PostgreSQL refused the credentials (SQLSTATE \(state)); check the user and password",
                cause: error
            )
        case let state where state.hasPrefix("42"):
            return JournalError(
                .storageUnavailable,
                "\(operation): PostgreSQL rejected the statement (SQLSTATE \(state)); check the role's privileges "
                    + "on the journal schema",
                cause: error
            )
        default:
            return JournalError(
                .storageUnavailable,
                "\(operation) failed in PostgreSQL (SQLSTATE \(state))",
                cause: error
            )
        }
    }
}
