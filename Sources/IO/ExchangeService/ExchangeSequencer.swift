import BourseCore
import ExchangeCore
import Journal
import Synchronization

/// The exchange's single writer: numbers commands, applies them to the state, journals them through group
/// commit, and answers (and publishes their events) only once they are durable.
///
/// Order of work for one command, under one lock for steps 1–3 (so the journal order is the order of
/// application): 1. sequence and time, 2. enqueue the encoded command, 3. apply to ``ExchangeState``; then
/// 4. wait for durability (other commands proceed meanwhile and share the fsync), 5. publish the events of every
/// durable command in sequence order, 6. reply. Refused commands are journaled too (they consume a sequence
/// number and change nothing), so replay never has to guess.
///
/// Snapshots: every `snapshotInterval` commands the sequencer encodes the whole state (between two commands, so
/// it is exactly the state after one sequence number) and stores it once that command is durable. Recovery:
/// ``open(store:clock:snapshotInterval:)`` restores the latest snapshot and replays the journal records after it;
/// the result equals the state before the crash exactly (commands carry their times; application is
/// deterministic). Journal records are kept after a snapshot (they are the audit trail); pruning is the
/// operator's call (``JournalStore/pruneRecords(through:)``).
public final class ExchangeSequencer: Sendable {
    /// What only the single writer touches, behind one lock.
    struct Core {
        let state: ExchangeState
        /// Sequence of the latest snapshot taken (saved or being saved).
        var snapshotSequence: UInt64
        /// Snapshots that could not be stored (the journal still has every record; the next one retries).
        var snapshotFailures = 0
    }

    /// The events waiting for their command to be durable, and who receives them. A lock of its own, so
    /// publishing (on the journal writer) never holds up the commands being applied.
    struct Publisher {
        var unpublished: [EventBatch] = []
        var subscribers: [Int: AsyncStream<EventBatch>.Continuation] = [:]
        var nextSubscriber = 0
    }

    private let core: Mutex<Core>
    /// Taken inside `core` (appending in sequence order) or alone, never the other way round.
    private let publisher = Mutex(Publisher())
    let committer: GroupCommitter
    let store: any JournalStore
    let clock: @Sendable () -> Int64
    /// Commands between two automatic snapshots (0: none).
    let snapshotInterval: UInt64

    init(
        state: sending ExchangeState, committer: GroupCommitter, store: any JournalStore, snapshotInterval: UInt64,
        snapshotSequence: UInt64, clock: @escaping @Sendable () -> Int64
    ) {
        self.core = Mutex(Core(state: state, snapshotSequence: snapshotSequence))
        self.committer = committer
        self.store = store
        self.snapshotInterval = snapshotInterval
        self.clock = clock
    }

    /// Snapshots that could not be stored so far.
    public var snapshotFailures: Int { get async { core.withLock { $0.snapshotFailures } } }

    /// Commands between automatic snapshots unless told otherwise: restart replays at most this many records.
    public static let defaultSnapshotInterval: UInt64 = 100_000

    /// Recovers the state from `store` (latest snapshot, then the journal records after it) and returns a
    /// sequencer that continues it. Start ``run()`` in a task before submitting.
    /// - Parameters:
    ///   - snapshotInterval: Commands between two automatic snapshots; 0 turns them off.
    ///   - journalWriter: Where the group committer writes (see ``GroupCommitter/Writer``).
    /// - Throws: ``ExchangeServiceError`` when the journal cannot be read, or a snapshot or record does not decode.
    public static func open(
        store: any JournalStore, clock: @escaping @Sendable () -> Int64 = ExchangeSequencer.wallClockMilliseconds,
        snapshotInterval: UInt64 = ExchangeSequencer.defaultSnapshotInterval,
        journalWriter: GroupCommitter.Writer = .thread
    ) async throws(ExchangeServiceError) -> ExchangeSequencer {
        var state = ExchangeState()
        var next: UInt64 = 1
        var snapshotSequence: UInt64 = 0
        do {
            if let snapshot = try await store.latestSnapshot() {
                do { state = try ExchangeState.restore(snapshot.payload) } catch {
                    throw ExchangeServiceError(.corruptJournal, "snapshot \(snapshot.sequence) is corrupt: \(error)")
                }
                guard state.sequence == snapshot.sequence else {
                    throw ExchangeServiceError(
                        .corruptJournal, "snapshot \(snapshot.sequence) holds the state of \(state.sequence)")
                }
                next = state.sequence + 1
                snapshotSequence = snapshot.sequence
            }
            while true {
                let records = try await store.records(from: next, limit: 4_096)
                if records.isEmpty { break }
                for record in records {
                    let command = try CommandCodec.decode(record.payload)
                    guard command.sequence == record.sequence, command.sequence == state.sequence + 1 else {
                        throw ExchangeServiceError(.corruptJournal, "record \(record.sequence) is out of order")
                    }
                    state.apply(command)
                }
                next = state.sequence + 1
            }
        } catch let error as JournalError {
            throw ExchangeServiceError(.storage, "reading the journal failed: \(error)")
        } catch let error as CodecError {
            throw ExchangeServiceError(.corruptJournal, "journal record \(next) is corrupt: \(error)")
        } catch let error as ExchangeServiceError {
            throw error
        } catch {
            throw ExchangeServiceError(.storage, "recovery failed: \(error)")
        }
        let committer = GroupCommitter(store: store, lastSequence: state.sequence, writer: journalWriter)
        return ExchangeSequencer(
            state: state, committer: committer, store: store, snapshotInterval: snapshotInterval,
            snapshotSequence: snapshotSequence, clock: clock)
    }

    /// Milliseconds since the Unix epoch.
    public static let wallClockMilliseconds: @Sendable () -> Int64 = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// The journal writer; runs until ``finish()`` (or cancellation). Run it in a task for the whole life of the
    /// sequencer.
    public func run() async { await committer.run() }

    /// Stops accepting commands once those already queued are written.
    public func finish() { committer.finish() }

    /// The outcome of a submitted command: the exchange's reply or refusal (both durable), or the journal's
    /// failure (then the command's outcome is unknown to the caller and the service must be restarted).
    public typealias Outcome = Result<Result<CommandReply, ExchangeError>, ExchangeServiceError>

    /// Applies a command and returns once it is durable.
    /// - Returns: the reply, or the exchange's refusal (`.failure`) — both durable.
    /// - Throws: ``ExchangeServiceError`` when the journal write failed: then the command's outcome is unknown to
    ///   the caller and the service must be restarted (recovery decides).
    public func submit(_ command: ExchangeCommand) async throws(ExchangeServiceError) -> Result<CommandReply, ExchangeError> {
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            submit(command) { continuation.resume(returning: $0) }
        }
        return try outcome.get()
    }

    /// Applies a command now, on the caller's thread, and calls `onDurable` once it is durable (on the journal
    /// writer, after the events of every command up to it are published). For callers that are not async, such
    /// as a NIO event loop answering a request without a hop through a task.
    ///
    /// Steps 1–3 (sequence, journal queue, apply) happen under the sequencer's lock, so the journal order is the
    /// order of application whoever calls. `onDurable` must be short and must not block (hop to your own
    /// executor to do real work): the journal's next batch waits for it.
    public func submit(_ command: ExchangeCommand, onDurable: @escaping @Sendable (Outcome) -> Void) {
        submit([Submission(command: command, onDurable: onDurable)])
    }

    /// A command and what to call once it is durable (see ``submit(_:onDurable:)``).
    public struct Submission: Sendable {
        public var command: ExchangeCommand
        public var onDurable: @Sendable (Outcome) -> Void

        public init(command: ExchangeCommand, onDurable: @escaping @Sendable (Outcome) -> Void) {
            self.command = command
            self.onDurable = onDurable
        }
    }

    /// ``submit(_:onDurable:)`` for several commands at once: they get consecutive sequence numbers, in order, and
    /// the same time, and the locks (the sequencer's, the journal queue's, the publisher's) are taken once for all
    /// of them, not once each. For a caller that gathers the commands of one pass of its event loop.
    public func submit(_ submissions: [Submission]) {
        guard !submissions.isEmpty else { return }
        typealias Accepted = (result: Result<CommandReply, ExchangeError>, ticket: GroupCommitter.Ticket)
        let accepted: Result<[Accepted], ExchangeServiceError> = core.withLock { core in
            let time = clock()
            let first = core.state.sequence + 1
            let sequenced = submissions.indices.map {
                SequencedCommand(sequence: first + UInt64($0), time: time, command: submissions[$0].command)
            }
            let tickets: [GroupCommitter.Ticket]
            do {
                // Queued before they are applied: a closed journal leaves the state untouched.
                tickets = try committer.enqueue(contentsOf: sequenced.map(CommandCodec.encode))
            } catch {
                return .failure(ExchangeServiceError(.storage, "journal unavailable: \(error)"))
            }
            precondition(tickets.first?.sequence == first, "journal and state sequences diverged")
            var accepted: [Accepted] = []
            accepted.reserveCapacity(sequenced.count)
            var batches: [EventBatch] = []
            batches.reserveCapacity(sequenced.count)
            for (command, ticket) in zip(sequenced, tickets) {
                let result = core.state.apply(command)
                batches.append(EventBatch(sequence: command.sequence, time: core.state.time, events: core.state.events))
                accepted.append((result, ticket))
                if snapshotInterval > 0, core.state.sequence - core.snapshotSequence >= snapshotInterval {
                    scheduleSnapshot(&core, after: ticket)
                }
            }
            publisher.withLock { $0.unpublished.append(contentsOf: batches) }
            return .success(accepted)
        }
        switch accepted {
        case .failure(let error):
            for submission in submissions { submission.onDurable(.failure(error)) }
        case .success(let accepted):
            committer.onDurable(
                zip(accepted, submissions).map { accepted, submission in
                    (accepted.ticket, durable(accepted.result, then: submission.onDurable))
                })
        }
    }

    /// The journal's callback for one applied command: publishes, then answers with `result`.
    private func durable(
        _ result: Result<CommandReply, ExchangeError>, then onDurable: @escaping @Sendable (Outcome) -> Void
    ) -> @Sendable (Result<Void, JournalError>) -> Void {
        { [self] outcome in
            switch outcome {
            case .success:
                // Everything durable so far, not just this command: the first callback of a journal batch
                // publishes the whole batch in one go, so a subscriber wakes once per batch, not per command.
                let durable = committer.durableSequence
                let behind = publisher.withLock { Self.publish(&$0, through: durable) }
                for subscriber in behind { subscriber.finish() }
                onDurable(.success(result))
            case .failure(let error):
                onDurable(.failure(ExchangeServiceError(.storage, "journal write failed: \(error)")))
            }
        }
    }

    /// Captures the state now (it is the state after `ticket`'s command) and, off the lock, encodes it and stores
    /// it once that command is durable. Only the capture (the engines' resting orders; the maps are copy-on-write)
    /// holds up commands; the encoding, which grows with the order history, does not.
    private func scheduleSnapshot(_ core: inout Core, after ticket: GroupCommitter.Ticket) {
        let image = core.state.image()
        core.snapshotSequence = image.lastSequence
        let store = self.store
        Task {
            do {
                // Encoding grows with the order history (tens of milliseconds at a few hundred thousand orders):
                // on a thread of the lowest priority, so the threads answering orders preempt it.
                let payload = await JournalThread.run(niceness: JournalThread.background) { image.encode() }
                let snapshot = JournalSnapshot(sequence: image.lastSequence, payload: payload)
                try await ticket.durable()
                try await store.saveSnapshot(snapshot)
            } catch {
                self.core.withLock { $0.snapshotFailures += 1 }
            }
        }
    }

    /// Takes a snapshot now and returns once it is stored (for shutdown and operators; automatic snapshots need
    /// no call). Commands submitted meanwhile are not delayed.
    /// - Returns: the sequence the snapshot covers.
    @discardableResult
    public func saveSnapshot() async throws(ExchangeServiceError) -> UInt64 {
        let image = core.withLock { core in
            let image = core.state.image()
            core.snapshotSequence = image.lastSequence
            return image
        }
        let snapshot = JournalSnapshot(sequence: image.lastSequence, payload: image.encode())
        do {
            try await committer.waitUntilDurable(snapshot.sequence)
            try await store.saveSnapshot(snapshot)
        } catch {
            throw ExchangeServiceError(.storage, "saving snapshot \(snapshot.sequence) failed: \(error)")
        }
        return snapshot.sequence
    }

    /// Reads the state (under the sequencer's lock, between commands). Keep `body` short: commands wait for it.
    public func read<T: Sendable, E: Error>(_ body: (ExchangeState) throws(E) -> T) async throws(E) -> T {
        try core.withLock { (core) throws(E) -> T in try body(core.state) }
    }

    /// Reads the state now, on the caller's thread (under the sequencer's lock, between commands). For callers
    /// that are not async; keep `body` short: commands wait for it.
    public func readNow<T: Sendable>(_ body: (ExchangeState) -> T) -> T {
        core.withLock { body($0.state) }
    }

    /// Events of every durable command from now on, in sequence order. A subscriber that falls more than
    /// `bufferSize` batches behind is ended (its stream finishes): it must resubscribe and re-read a snapshot,
    /// it never slows the exchange down.
    public func subscribe(bufferSize: Int = 4_096) async -> AsyncStream<EventBatch> {
        let (stream, continuation) = AsyncStream<EventBatch>.makeStream(bufferingPolicy: .bufferingOldest(bufferSize))
        let id = publisher.withLock { publisher in
            let id = publisher.nextSubscriber
            publisher.nextSubscriber += 1
            publisher.subscribers[id] = continuation
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.publisher.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Yields every batch up to `sequence` to every subscriber, in order.
    /// - Returns: the subscribers that fell behind, already removed; the caller finishes them once the lock is
    ///   released (finishing runs the stream's `onTermination`, which takes this lock: finishing under it would
    ///   deadlock the journal writer).
    private static func publish(_ publisher: inout Publisher, through sequence: UInt64)
        -> [AsyncStream<EventBatch>.Continuation]
    {
        var count = 0
        var behind: [AsyncStream<EventBatch>.Continuation] = []
        for batch in publisher.unpublished {
            if batch.sequence > sequence { break }
            count += 1
            for (id, subscriber) in publisher.subscribers {
                if case .dropped = subscriber.yield(batch) {
                    behind.append(subscriber)
                    publisher.subscribers[id] = nil
                }
            }
        }
        publisher.unpublished.removeFirst(count)
        return behind
    }
}

/// The events of one durable command.
public struct EventBatch: Sendable {
    public var sequence: UInt64
    public var time: Int64
    public var events: [ExchangeEvent]
}

#if canImport(Glibc)
import Glibc
#endif
