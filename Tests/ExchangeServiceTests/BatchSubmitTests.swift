import BourseCore
import BourseTesting
import ExchangeCore
import ExchangeService
import Journal
import Synchronization
import Testing

/// `ExchangeSequencer.submit(_: [Submission])`, the form the order-entry lane uses once per event-loop pass,
/// against submitting the same commands one by one.
@Suite("Submitting commands in batches")
struct BatchSubmitTests {
    /// Submits `submissions` as one batch and waits for every outcome, returned in submission order.
    static func submitBatch(_ sequencer: ExchangeSequencer, _ commands: [ExchangeCommand]) async
        -> [ExchangeSequencer.Outcome]
    {
        let outcomes = Mutex<[Int: ExchangeSequencer.Outcome]>([:])
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let remaining = Atomic<Int>(commands.count)
            sequencer.submit(
                commands.enumerated().map { index, command in
                    ExchangeSequencer.Submission(command: command) { outcome in
                        outcomes.withLock { $0[index] = outcome }
                        if remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { done.resume() }
                    }
                })
        }
        return outcomes.withLock { all in commands.indices.map { all[$0]! } }
    }

    @Test("batches of random sizes give the same replies, state, journal and events as one command at a time")
    func sameAsOneByOne() async throws {
        let commands = randomCommands(count: 2_000, seed: 21)
        var rng = SeededGenerator(seed: 5)
        // A fixed clock: both runs stamp every command with the same time.
        let single = InMemoryJournalStore()
        let batched = InMemoryJournalStore()
        let one = try await ExchangeSequencer.open(store: single, clock: { 1_000 })
        let many = try await ExchangeSequencer.open(store: batched, clock: { 1_000 })
        async let oneWriter: Void = one.run()
        async let manyWriter: Void = many.run()
        let events = await many.subscribe()
        let setup = setupCommands()
        for c in setup { _ = try await one.submit(c) }
        let setupOutcomes = await Self.submitBatch(many, setup)
        #expect(setupOutcomes.allSatisfy { (try? $0.get().get()) != nil })

        var expected: [Result<CommandReply, ExchangeError>] = []
        for c in commands { expected.append(try await one.submit(c)) }
        var replies: [Result<CommandReply, ExchangeError>] = []
        var start = 0
        var sizes: [Int] = []
        while start < commands.count {
            let size = min(Int.random(in: 1...50, using: &rng), commands.count - start)
            sizes.append(size)
            for outcome in await Self.submitBatch(many, Array(commands[start..<start + size])) {
                replies.append(try outcome.get())
            }
            start += size
        }
        #expect(sizes.contains { $0 > 1 })
        #expect(replies == expected)
        #expect(await many.read { StateFingerprint($0) } == (await one.read { StateFingerprint($0) }))
        #expect(await many.read { $0.checkInvariants() } == nil)
        let total = setup.count + commands.count
        let journal = try await batched.records(from: 1, limit: total + 10)
        #expect(journal.map(\.sequence) == (1...UInt64(total)).map { $0 })
        #expect(journal.map(\.payload) == (try await single.records(from: 1, limit: total + 10)).map(\.payload))
        #expect(await readInOrder(events, through: UInt64(total)))
        one.finish()
        many.finish()
        await oneWriter
        await manyWriter
    }

    @Test("a batch the journal refuses (closed) changes nothing, and every command of it hears why")
    func refusedBatch() async throws {
        let store = InMemoryJournalStore()
        let sequencer = try await ExchangeSequencer.open(store: store, clock: { 1_000 })
        async let writer: Void = sequencer.run()
        for c in setupCommands() { _ = try await sequencer.submit(c) }
        sequencer.finish()
        await writer
        let before = await sequencer.read { StateFingerprint($0) }
        let outcomes = await Self.submitBatch(sequencer, randomCommands(count: 5, seed: 2))
        #expect(outcomes.count == 5)
        for outcome in outcomes {
            guard case .failure(let error) = outcome else {
                Issue.record("expected the journal's refusal, got \(outcome)")
                continue
            }
            #expect(error.code == .storage)
        }
        #expect(await sequencer.read { StateFingerprint($0) } == before)
        #expect(try await store.lastSequence() == UInt64(setupCommands().count))
        // An empty batch is nothing at all.
        sequencer.submit([])
    }
}
