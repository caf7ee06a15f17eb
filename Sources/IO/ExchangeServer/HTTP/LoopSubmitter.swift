import ExchangeCore
import ExchangeService
import NIOCore
import Synchronization

/// Gathers the commands the order-entry lanes of one event loop take during one pass of the loop and submits
/// them to the sequencer together, once the pass has read every socket that was ready.
///
/// One call of ``ExchangeSequencer/submit(_:)-([Submission])`` per pass instead of one per order: the sequencer's
/// lock (which the other event loops and the journal writer also take) is taken once per pass, so under load the
/// loops no longer queue on it order by order. A command waits for the rest of the pass (the other sockets that were
/// ready with it) and for the tasks queued on the loop before the flush (answers being written); it would wait for
/// the journal's next fsync anyway.
///
/// Confined to its event loop: ``submit(_:onDurable:)`` must be called on it.
final class LoopSubmitter: @unchecked Sendable {
    private let loop: any EventLoop
    private let sequencer: ExchangeSequencer
    private var pending: [ExchangeSequencer.Submission] = []
    /// The array handed to the sequencer last time, kept for its capacity.
    private var spare: [ExchangeSequencer.Submission] = []

    init(loop: any EventLoop, sequencer: ExchangeSequencer) {
        self.loop = loop
        self.sequencer = sequencer
    }

    /// Queues `command` for the end of this pass of the loop; `onDurable` as for
    /// ``ExchangeSequencer/submit(_:onDurable:)``.
    func submit(_ command: ExchangeCommand, onDurable: @escaping @Sendable (ExchangeSequencer.Outcome) -> Void) {
        loop.preconditionInEventLoop()
        pending.append(ExchangeSequencer.Submission(command: command, onDurable: onDurable))
        if pending.count == 1 {
            // Tasks run after the pass's I/O events: every socket that was ready has been read by then.
            loop.execute { self.flush() }
        }
    }

    private func flush() {
        swap(&pending, &spare)
        sequencer.submit(spare)
        spare.removeAll(keepingCapacity: true)
    }
}

/// One ``LoopSubmitter`` per event loop, made on first use.
final class LoopSubmitters: Sendable {
    private let sequencer: ExchangeSequencer
    private let submitters = Mutex<[ObjectIdentifier: LoopSubmitter]>([:])

    init(sequencer: ExchangeSequencer) { self.sequencer = sequencer }

    /// The submitter of `loop` (taken once per connection, not per order).
    func submitter(for loop: any EventLoop) -> LoopSubmitter {
        submitters.withLock { submitters in
            let key = ObjectIdentifier(loop)
            if let submitter = submitters[key] { return submitter }
            let submitter = LoopSubmitter(loop: loop, sequencer: sequencer)
            submitters[key] = submitter
            return submitter
        }
    }
}
