extension GroupCommitter {
    /// A queued record: its assigned sequence, and a way to wait until it is durable.
    public struct Ticket: Sendable {
        /// The sequence the committer assigned to the record.
        public let sequence: UInt64
        let committer: GroupCommitter

        /// Waits until the record is durable. May be called any number of times, from any task.
        ///
        /// Cancellation does not end the wait early: the record's outcome is always reported.
        /// - Throws: The store's error if the record's batch failed,
        ///   ``JournalError/Code-swift.struct/committerFailed`` if an earlier batch failed,
        ///   ``JournalError/Code-swift.struct/closed`` if the writer was cancelled first.
        public func durable() async throws(JournalError) {
            let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<CommitQueue.Outcome, Never>) in
                onDurable { continuation.resume(returning: $0) }
            }
            try outcome.get()
        }

        /// Calls `callback` once with the record's outcome: at once (on this thread) when it is already known,
        /// else on the committer's writer right after the record's batch is written or failed, in sequence order
        /// within a batch. The callback must be short and must not block: the next batch waits for it.
        ///
        /// This is ``durable()`` for code that is not async (a NIO event loop answering a request).
        public func onDurable(_ callback: @escaping @Sendable (Result<Void, JournalError>) -> Void) {
            let known = committer.queue.withLock { $0.register(callback, for: sequence) }
            if let known { callback(known) }
        }
    }
}

extension GroupCommitter {
    /// ``Ticket/onDurable(_:)`` for many tickets, registered under one lock: each callback is called once with its
    /// record's outcome, at once (on this thread) when it is already known.
    public func onDurable(_ registrations: [(Ticket, @Sendable (Result<Void, JournalError>) -> Void)]) {
        precondition(registrations.allSatisfy { $0.0.committer === self }, "a ticket of another committer")
        let known = queue.withLock { queue in
            registrations.compactMap { ticket, callback in queue.register(callback, for: ticket.sequence).map { (callback, $0) } }
        }
        for (callback, outcome) in known { callback(outcome) }
    }

    /// Waits until every record up to `sequence` (already enqueued) is durable; returns at once for sequences
    /// written before this committer started.
    /// - Throws: As ``Ticket/durable()``.
    public func waitUntilDurable(_ sequence: UInt64) async throws(JournalError) {
        try await Ticket(sequence: sequence, committer: self).durable()
    }
}
