import Synchronization

/// Group commit in front of a ``JournalStore``: many callers commit records concurrently, each waits for
/// its own record to be durable, and one writer turns everything queued into one ``JournalStore/append(_:)``
/// (one transaction, one fsync) while the previous batch is being written.
///
/// Order: the committer assigns sequences in the order ``enqueue(_:)`` is called (under a lock), and writes
/// batches strictly in that order, one at a time; nothing is reordered. Every record gets exactly one outcome:
/// durable, or an error.
///
/// Failure: if a batch fails, its waiters get the store's error, and every record queued after it fails with
/// ``JournalError/Code-swift.struct/committerFailed`` (writing it would leave a gap). The committer then stops:
/// the caller recovers from the store (snapshot + replay) and starts a new committer.
///
/// Lifecycle: ``run()`` is the writer and must run in a task for anything to be written (like
/// `PostgresClient.run()`); ``finish()`` makes it drain the queue and return; cancelling its task fails what
/// is not yet durable with ``JournalError/Code-swift.struct/closed``. ``withRunning(_:)`` does all of that in a
/// scope.
public final class GroupCommitter: Sendable {
    /// The default bound of records per append.
    public static let defaultMaximumBatchSize = 4096

    /// Where the committer writes its batches.
    public enum Writer: Sendable {
        /// On a thread of the committer's own, calling the store's ``JournalStore/blockingAppender``; a store
        /// without one is written by a task as with ``task``. The default.
        case thread
        /// In the task that calls ``GroupCommitter/run()``, with the store's `async` ``JournalStore/append(_:)``.
        case task
    }

    let store: any JournalStore
    let writer: Writer
    let queue: Mutex<CommitQueue>

    /// Creates a committer that continues the journal after `lastSequence`.
    /// - Parameters:
    ///   - store: Where batches are appended.
    ///   - lastSequence: The store's ``JournalStore/lastSequence()``; the first record gets `lastSequence + 1`.
    ///   - maximumBatchSize: The most records written in one append (at least 1).
    ///   - writer: Where batches are written; see ``Writer``.
    public init(
        store: any JournalStore,
        lastSequence: UInt64,
        maximumBatchSize: Int = GroupCommitter.defaultMaximumBatchSize,
        writer: Writer = .thread
    ) {
        self.store = store
        self.writer = writer
        self.queue = Mutex(CommitQueue(lastSequence: lastSequence, maximumBatchSize: maximumBatchSize))
    }

    /// The highest sequence known durable (every record up to it is written).
    public var durableSequence: UInt64 { queue.withLock { $0.durableThrough } }

    /// The sequence the next enqueued record gets.
    public var nextSequence: UInt64 { queue.withLock { $0.nextSequence } }

    /// Queues `payload` under the next sequence without waiting; the order of calls is the journal order.
    ///
    /// Use this from the single writer of the state (the engine task) so the journal order equals the order
    /// of processing, and wait with ``Ticket/durable()`` before acknowledging.
    /// - Throws: ``JournalError/Code-swift.struct/closed`` once finishing or stopped,
    ///   ``JournalError/Code-swift.struct/committerFailed`` after a failed write.
    public func enqueue(_ payload: [UInt8]) throws(JournalError) -> Ticket {
        let (sequence, wakeup) = try queue.withLock { (queue) throws(JournalError) in try queue.enqueue(payload) }
        wakeup?.resume()
        return Ticket(sequence: sequence, committer: self)
    }

    /// Queues `payloads` under consecutive sequences, in order, in one step: as many calls of ``enqueue(_:)``, but
    /// no other caller's record lands between them and the committer's lock is taken once.
    /// - Returns: One ticket per payload, in order.
    /// - Throws: As ``enqueue(_:)``; then none of them is queued.
    public func enqueue(contentsOf payloads: [[UInt8]]) throws(JournalError) -> [Ticket] {
        if payloads.isEmpty { return [] }
        let (first, wakeup) = try queue.withLock { (queue) throws(JournalError) in
            try queue.enqueue(contentsOf: payloads)
        }
        wakeup?.resume()
        return payloads.indices.map { Ticket(sequence: first + UInt64($0), committer: self) }
    }

    /// Queues `payload` and waits until it is durable.
    ///
    /// Cancelling the caller does not withdraw the record: it is written (or fails) with its batch, and this
    /// call still waits for that outcome, so every record has exactly one.
    /// - Returns: The sequence of the record.
    /// - Throws: The store's error if the batch failed; see ``enqueue(_:)`` for the others.
    @discardableResult
    public func commit(_ payload: [UInt8]) async throws(JournalError) -> UInt64 {
        let ticket = try enqueue(payload)
        try await ticket.durable()
        return ticket.sequence
    }

    /// Stops accepting records; ``run()`` writes what is queued, then returns.
    public func finish() {
        queue.withLock { $0.finish() }?.resume()
    }

    /// The writer: appends queued records in batches until ``finish()`` and drained, a failed write, or
    /// cancellation. A second concurrent call returns at once.
    ///
    /// With ``Writer/thread`` and a store that has a ``JournalStore/blockingAppender``, the batches are written
    /// on a thread of the committer's own, and this call waits for that thread to end.
    public func run() async {
        let first = queue.withLock { queue in
            defer { queue.writerStarted = true }
            return !queue.writerStarted
        }
        guard first else { return }
        if writer == .thread, let appender = store.blockingAppender, await runThread(appender) { return }
        await runTask()
    }

    /// The writer as a task: each batch is an `async` append.
    private func runTask() async {
        while true {
            if Task.isCancelled {
                resume(queue.withLock { $0.cancel() })
                return
            }
            switch queue.withLock({ $0.nextStep() }) {
            case .finished:
                queue.withLock { $0.markFinished() }
                return
            case .wait:
                await waitForWork()
            case .write(let batch):
                let outcome: CommitQueue.Outcome
                do throws(JournalError) {
                    try await store.append(batch)
                    outcome = .success(())
                } catch {
                    outcome = .failure(error)
                }
                guard complete(batch, outcome) else { return }
            }
        }
    }

    /// Records a written (or failed) batch and resumes its waiters.
    /// - Returns: Whether the writer goes on (`false` after a failure).
    func complete(_ batch: [JournalRecord], _ outcome: CommitQueue.Outcome) -> Bool {
        // A non-empty batch: `nextStep` never returns an empty one.
        let first = batch[0].sequence
        let last = batch[batch.count - 1].sequence
        resume(queue.withLock { $0.complete(first, last, outcome) })
        if case .failure = outcome { return false }
        return true
    }

    /// Runs ``run()`` in a child task around `body`, then finishes and waits for the queue to drain.
    ///
    /// On return every record committed inside `body` has its outcome. If `body` throws, the queue is still
    /// drained before the error is rethrown.
    public func withRunning<T: Sendable>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> T
    ) async throws -> T {
        let result: Result<T, any Error> = await withTaskGroup(of: Void.self, isolation: isolation) { group in
            group.addTask { await self.run() }
            let result: Result<T, any Error>
            do {
                result = .success(try await body())
            } catch {
                result = .failure(error)
            }
            finish()
            await group.waitForAll()
            return result
        }
        return try result.get()
    }

    /// Suspends the writer until a record is queued, ``finish()`` is called, or the task is cancelled.
    private func waitForWork() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = queue.withLock { queue in
                    // Checked under the lock so a wake-up between `nextStep` and here is not lost.
                    if queue.hasWork || Task.isCancelled { return true }
                    queue.writerWakeup = .task(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            queue.withLock { queue in
                defer { queue.writerWakeup = nil }
                return queue.writerWakeup
            }?.resume()
        }
    }

    func resume(_ waiters: [(CommitQueue.Waiter, CommitQueue.Outcome)]) {
        for (waiter, outcome) in waiters { waiter(outcome) }
    }
}
