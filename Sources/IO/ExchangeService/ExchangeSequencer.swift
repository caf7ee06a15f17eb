import BourseCore
import ExchangeCore
import Journal

/// The exchange's single writer: numbers commands, applies them to the state, journals them through group
/// commit, and answers (and publishes their events) only once they are durable.
///
/// Order of work for one command, with no suspension between steps 1–3 (so the journal order is the order of
/// application): 1. sequence and time, 2. apply to ``ExchangeState``, 3. enqueue the encoded command; then
/// 4. wait for durability (other commands proceed meanwhile and share the fsync), 5. publish the events of every
/// durable command in sequence order, 6. reply. Refused commands are journaled too (they consume a sequence
/// number and change nothing), so replay never has to guess.
///
/// Recovery: ``open(store:clock:)`` replays the journal into a fresh state, which then equals the state before
/// the crash exactly (commands carry their times; application is deterministic).
public actor ExchangeSequencer {
    let state: ExchangeState
    let committer: GroupCommitter
    let clock: @Sendable () -> Int64
    private var unpublished: [EventBatch] = []
    private var subscribers: [Int: AsyncStream<EventBatch>.Continuation] = [:]
    private var nextSubscriber = 0

    init(state: ExchangeState, committer: GroupCommitter, clock: @escaping @Sendable () -> Int64) {
        self.state = state
        self.committer = committer
        self.clock = clock
    }

    /// Recovers the state from `store` by replaying its journal, then returns a sequencer that continues it.
    /// Start ``run()`` in a task before submitting.
    /// - Throws: ``ExchangeServiceError`` when the journal cannot be read or a record does not decode.
    public static func open(
        store: any JournalStore, clock: @escaping @Sendable () -> Int64 = ExchangeSequencer.wallClockMilliseconds
    ) async throws(ExchangeServiceError) -> ExchangeSequencer {
        let state = ExchangeState()
        var next: UInt64 = 1
        do {
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
        let committer = GroupCommitter(store: store, lastSequence: state.sequence)
        return ExchangeSequencer(state: state, committer: committer, clock: clock)
    }

    /// Milliseconds since the Unix epoch.
    public static let wallClockMilliseconds: @Sendable () -> Int64 = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// The journal writer; runs until ``finish()`` (or cancellation). Run it in a task for the whole life of the
    /// sequencer.
    public nonisolated func run() async { await committer.run() }

    /// Stops accepting commands once those already queued are written.
    public nonisolated func finish() { committer.finish() }

    /// Applies a command and returns once it is durable.
    /// - Returns: the reply, or the exchange's refusal (`.failure`) — both durable.
    /// - Throws: ``ExchangeServiceError`` when the journal write failed: then the command's outcome is unknown to
    ///   the caller and the service must be restarted (recovery decides).
    public func submit(_ command: ExchangeCommand) async throws(ExchangeServiceError) -> Result<CommandReply, ExchangeError> {
        let sequenced = SequencedCommand(sequence: state.sequence + 1, time: clock(), command: command)
        let result = state.apply(sequenced)
        let ticket: GroupCommitter.Ticket
        do {
            ticket = try committer.enqueue(CommandCodec.encode(sequenced))
        } catch {
            throw ExchangeServiceError(.storage, "journal unavailable: \(error)")
        }
        precondition(ticket.sequence == sequenced.sequence, "journal and state sequences diverged")
        unpublished.append(EventBatch(sequence: sequenced.sequence, time: state.time, events: state.events))
        do {
            try await ticket.durable()
        } catch {
            throw ExchangeServiceError(.storage, "journal write failed: \(error)")
        }
        publish(through: ticket.sequence)
        return result
    }

    /// Reads the state (on the sequencer, between commands).
    public func read<T: Sendable>(_ body: (ExchangeState) throws -> T) rethrows -> T { try body(state) }

    /// Events of every durable command from now on, in sequence order. A subscriber that falls more than
    /// `bufferSize` batches behind is ended (its stream finishes): it must resubscribe and re-read a snapshot,
    /// it never slows the exchange down.
    public func subscribe(bufferSize: Int = 4_096) -> AsyncStream<EventBatch> {
        let (stream, continuation) = AsyncStream<EventBatch>.makeStream(bufferingPolicy: .bufferingOldest(bufferSize))
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return stream
    }

    private func unsubscribe(_ id: Int) { subscribers[id] = nil }

    private func publish(through sequence: UInt64) {
        var count = 0
        for batch in unpublished {
            if batch.sequence > sequence { break }
            count += 1
            for (id, subscriber) in subscribers {
                if case .dropped = subscriber.yield(batch) {
                    subscriber.finish()
                    subscribers[id] = nil
                }
            }
        }
        unpublished.removeFirst(count)
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
