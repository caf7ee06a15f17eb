import Dispatch

/// The state of a ``GroupCommitter``: records waiting to be written, who waits for which outcome, and how
/// the committer stopped. Pure bookkeeping; the committer keeps it behind a lock and resumes the returned
/// continuations outside it.
struct CommitQueue {
    /// How a waiting writer is woken: a suspended task, or a thread blocked on a semaphore.
    enum WriterWakeup {
        case task(CheckedContinuation<Void, Never>)
        case thread(DispatchSemaphore)

        func resume() {
            switch self {
            case .task(let continuation): continuation.resume()
            case .thread(let semaphore): semaphore.signal()
            }
        }
    }

    typealias Outcome = Result<Void, JournalError>
    /// Called once with the record's outcome, outside the committer's lock (a resumed continuation or a
    /// callback; see ``GroupCommitter/Ticket``).
    typealias Waiter = @Sendable (Outcome) -> Void

    /// How the committer stopped: records in `(after, batchEnd]` get `batchError` (their write failed), records
    /// after `batchEnd` get `laterError` (never written).
    struct Stop {
        var after: UInt64
        var batchEnd: UInt64
        var batchError: JournalError
        var laterError: JournalError
    }

    /// What the writer does next.
    enum Step {
        case write([JournalRecord])
        case wait
        case finished
    }

    let maximumBatchSize: Int
    private(set) var nextSequence: UInt64
    private(set) var durableThrough: UInt64
    private var pending: [JournalRecord] = []
    private var waiters: [UInt64: [Waiter]] = [:]
    private(set) var stop: Stop?
    private(set) var accepting = true
    /// Set once a writer runs; a second `run()` returns at once.
    var writerStarted = false
    /// How to wake the writer while it waits for work.
    var writerWakeup: WriterWakeup?
    /// Set when the task running a thread writer is cancelled; the thread checks it between batches.
    var cancelRequested = false

    init(lastSequence: UInt64, maximumBatchSize: Int) {
        self.nextSequence = lastSequence + 1
        self.durableThrough = lastSequence
        self.maximumBatchSize = max(1, maximumBatchSize)
    }

    /// Whether the writer has something to do without waiting.
    var hasWork: Bool { !pending.isEmpty || !accepting || cancelRequested }

    /// Assigns the next sequence to `payload` and queues it.
    /// - Returns: The sequence and the writer to wake, if it waits.
    mutating func enqueue(_ payload: [UInt8]) throws(JournalError) -> (UInt64, WriterWakeup?) {
        try checkAccepting()
        let sequence = nextSequence
        nextSequence += 1
        pending.append(JournalRecord(sequence: sequence, payload: payload))
        defer { writerWakeup = nil }
        return (sequence, writerWakeup)
    }

    /// Assigns consecutive sequences to `payloads`, in order, and queues them all (or none, when it throws).
    /// - Returns: The first one's sequence and the writer to wake, if it waits.
    mutating func enqueue(contentsOf payloads: [[UInt8]]) throws(JournalError) -> (UInt64, WriterWakeup?) {
        try checkAccepting()
        let first = nextSequence
        for payload in payloads {
            pending.append(JournalRecord(sequence: nextSequence, payload: payload))
            nextSequence += 1
        }
        defer { writerWakeup = nil }
        return (first, writerWakeup)
    }

    private func checkAccepting() throws(JournalError) {
        if let stop { throw stop.laterError }
        guard accepting else {
            throw JournalError(.closed, "the group committer is finishing and accepts no more records")
        }
    }

    /// The outcome of `sequence` if it is known.
    func outcome(of sequence: UInt64) -> Outcome? {
        if sequence <= durableThrough { return .success(()) }
        guard let stop else { return nil }
        return .failure(sequence <= stop.batchEnd ? stop.batchError : stop.laterError)
    }

    /// Registers `waiter` for `sequence`, or returns the outcome at once when it is known.
    mutating func register(_ waiter: @escaping Waiter, for sequence: UInt64) -> Outcome? {
        if let known = outcome(of: sequence) { return known }
        waiters[sequence, default: []].append(waiter)
        return nil
    }

    /// Stops accepting records; the writer drains what is queued, then finishes.
    mutating func finish() -> WriterWakeup? {
        accepting = false
        defer { writerWakeup = nil }
        return writerWakeup
    }

    /// The writer's next step: the next batch (at most ``maximumBatchSize`` records, in order), a wait, or the
    /// end once finishing and drained.
    mutating func nextStep() -> Step {
        if stop != nil { return .finished }
        if pending.isEmpty { return accepting ? .wait : .finished }
        if pending.count <= maximumBatchSize {
            defer { pending = [] }
            return .write(pending)
        }
        let batch = Array(pending.prefix(maximumBatchSize))
        pending.removeFirst(maximumBatchSize)
        return .write(batch)
    }

    /// Records the outcome of the batch `first...last`.
    /// - Returns: The waiters to resume, with their outcomes.
    mutating func complete(_ first: UInt64, _ last: UInt64, _ outcome: Outcome) -> [(Waiter, Outcome)] {
        switch outcome {
        case .success:
            durableThrough = last
            var resumed: [(Waiter, Outcome)] = []
            for sequence in first...last {
                guard let found = waiters.removeValue(forKey: sequence) else { continue }
                resumed.append(contentsOf: found.map { ($0, outcome) })
            }
            return resumed
        case .failure(let error):
            let later = JournalError(
                .committerFailed,
                "the journal write of records \(first)...\(last) failed, so this later record was not written; "
                    + "recover from the store and start a new committer",
                cause: error
            )
            return halt(Stop(after: first - 1, batchEnd: last, batchError: error, laterError: later))
        }
    }

    /// Stops the committer because its writer was cancelled: every record not yet durable fails as closed.
    mutating func cancel() -> [(Waiter, Outcome)] {
        let closed = JournalError(.closed, "the group committer stopped (its run task was cancelled)")
        return halt(Stop(after: durableThrough, batchEnd: durableThrough, batchError: closed, laterError: closed))
    }

    /// Marks a drained, finished committer as stopped so later enqueues fail as closed.
    mutating func markFinished() {
        guard stop == nil else { return }
        let closed = JournalError(.closed, "the group committer has finished and accepts no more records")
        _ = halt(Stop(after: durableThrough, batchEnd: durableThrough, batchError: closed, laterError: closed))
    }

    private mutating func halt(_ stop: Stop) -> [(Waiter, Outcome)] {
        self.stop = stop
        accepting = false
        pending = []
        var resumed: [(Waiter, Outcome)] = []
        for (sequence, found) in waiters {
            // Every registered sequence is above durableThrough, so the stop decides its outcome.
            let outcome = self.outcome(of: sequence) ?? .failure(stop.laterError)
            resumed.append(contentsOf: found.map { ($0, outcome) })
        }
        waiters = [:]
        return resumed
    }
}
