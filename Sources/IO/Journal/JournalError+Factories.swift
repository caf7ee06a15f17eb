extension JournalError {
    /// The error every store throws once closed.
    /// - Parameter store: A short name of the store, for the message.
    public static func closedStore(_ store: String) -> JournalError {
        JournalError(.closed, "the \(store) journal store is closed; open a new store to continue")
    }

    /// The error for a snapshot whose sequence is above the last journaled record.
    public static func snapshotAhead(_ sequence: UInt64, last: UInt64) -> JournalError {
        JournalError(
            .snapshotAhead,
            "snapshot at sequence \(sequence) is ahead of the journal (last record: \(last)); "
                + "journal the records before snapshotting the state they produce"
        )
    }

    /// The error for pruning records no snapshot covers.
    public static func pruneNotCovered(_ through: UInt64, latestSnapshot: UInt64?) -> JournalError {
        let latest = latestSnapshot.map { "the latest snapshot is at \($0)" } ?? "there is no snapshot"
        return JournalError(
            .pruneNotCovered,
            "cannot prune records through \(through): \(latest); save a snapshot first"
        )
    }
}
