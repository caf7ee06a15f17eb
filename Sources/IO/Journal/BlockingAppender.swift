/// Appends a batch on the calling thread, blocking it until the batch is durable: the synchronous form of
/// ``JournalStore/append(_:)`` that a store offers when its storage engine is itself synchronous (SQLite).
///
/// ``GroupCommitter`` uses it to write from a thread of its own: each batch is then one call on that thread,
/// with no hop to another thread and back, instead of an `async` append that the store dispatches to its own
/// queue and resumes from there.
///
/// The rules are those of ``JournalStore/append(_:)``: contiguous records continuing the journal, one durable
/// transaction, nothing written on error.
public struct BlockingAppender: Sendable {
    private let body: @Sendable ([JournalRecord]) throws(JournalError) -> Void

    /// Creates an appender from the store's synchronous write.
    public init(_ body: @escaping @Sendable ([JournalRecord]) throws(JournalError) -> Void) {
        self.body = body
    }

    /// Writes `records` durably before returning. Blocks the calling thread: never call it from the cooperative
    /// pool or an event loop.
    public func append(_ records: [JournalRecord]) throws(JournalError) {
        try body(records)
    }
}

extension JournalStore {
    /// By default a store has no blocking appender; the committer then writes with ``append(_:)``.
    public var blockingAppender: BlockingAppender? { nil }
}
