import Synchronization
import Testing

@testable import Journal

/// The committer's own rules, on the in-memory store, with each writer (the contract runs it on every real
/// store too: SQLite with the thread writer, PostgreSQL with the task writer).
@Suite("Group committer")
struct GroupCommitterTests {
    @Test(
        "assigns sequences in enqueue order, continuing after the store's last sequence",
        arguments: [GroupCommitter.Writer.thread, .task])
    func assignsInOrder(writer: GroupCommitter.Writer) async throws {
        let store = InMemoryJournalStore()
        try await store.append(makeRecords(1...40))
        let committer = GroupCommitter(store: store, lastSequence: 40, writer: writer)
        let tickets = try (0..<5).map { (index: Int) throws(JournalError) in try committer.enqueue([UInt8(index)]) }
        #expect(tickets.map(\.sequence) == [41, 42, 43, 44, 45])
        #expect(committer.nextSequence == 46)
        try await committer.withRunning { try await tickets.last?.durable() }
        // A ticket can be awaited again after its batch was written.
        try await tickets[0].durable()
        let stored = try await store.records(from: 41, limit: 10)
        #expect(stored.map(\.payload) == [[0], [1], [2], [3], [4]])
    }

    @Test(
        "never writes more than the batch bound in one append, and keeps the order across batches",
        arguments: [GroupCommitter.Writer.thread, .task])
    func boundsBatches(writer: GroupCommitter.Writer) async throws {
        let store = RecordingStore(InMemoryJournalStore())
        let committer = GroupCommitter(store: store, lastSequence: 0, maximumBatchSize: 3, writer: writer)
        for index in 0..<10 { _ = try committer.enqueue([UInt8(index)]) }
        try await committer.withRunning {}
        #expect(store.batchSizes == [3, 3, 3, 1])
        #expect(try await store.records(from: 1, limit: 20).map(\.payload) == (0..<10).map { [UInt8($0)] })
    }

    @Test(
        "finishing drains what is queued, then refuses new records as closed",
        arguments: [GroupCommitter.Writer.thread, .task])
    func finishDrains(writer: GroupCommitter.Writer) async throws {
        let store = InMemoryJournalStore()
        let committer = GroupCommitter(store: store, lastSequence: 0, writer: writer)
        let ticket = try committer.enqueue([7])
        try await committer.withRunning {}
        try await ticket.durable()
        #expect(try await store.lastSequence() == 1)
        await expectJournalError(.closed) { _ = try committer.enqueue([8]) }
        await expectJournalError(.closed) { _ = try await committer.commit([8]) }
    }

    @Test(
        "cancelling the writer fails every record not yet durable as closed",
        arguments: [GroupCommitter.Writer.thread, .task])
    func cancellationFailsPending(writer: GroupCommitter.Writer) async throws {
        let store = InMemoryJournalStore()
        let committer = GroupCommitter(store: store, lastSequence: 0, writer: writer)
        let tickets = try (0..<3).map { (index: Int) throws(JournalError) in try committer.enqueue([UInt8(index)]) }
        let writerTask = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await committer.run()
        }
        await writerTask.value
        for ticket in tickets {
            await expectJournalError(.closed) { try await ticket.durable() }
        }
        await expectJournalError(.closed) { _ = try committer.enqueue([3]) }
        #expect(try await store.lastSequence() == 0)
    }

    @Test(
        "a second run() while one runs returns at once",
        arguments: [GroupCommitter.Writer.thread, .task])
    func singleWriter(writer: GroupCommitter.Writer) async throws {
        let committer = GroupCommitter(store: InMemoryJournalStore(), lastSequence: 0, writer: writer)
        try await committer.withRunning {
            // Once a commit returned, the writer runs; a second writer must not start.
            let sequence = try await committer.commit([1])
            await committer.run()
            let next = try await committer.commit([2])
            #expect(sequence == 1)
            #expect(next == 2)
        }
    }

    @Test(
        "cancelling a writer that waits for work wakes it, and later records are refused",
        .timeLimit(.minutes(1)), arguments: [GroupCommitter.Writer.thread, .task])
    func cancellationWakesIdleWriter(writer: GroupCommitter.Writer) async throws {
        // A lost wake-up would hang here: the time limit turns that into a failure.
        let store = InMemoryJournalStore()
        let committer = GroupCommitter(store: store, lastSequence: 0, writer: writer)
        let writerTask = Task { await committer.run() }
        try await committer.commit([1])
        // The writer is waiting once it has stored how to be woken: cancel then, so the wake-up is what ends it.
        while committer.queue.withLock({ $0.writerWakeup == nil }) { await Task.yield() }
        writerTask.cancel()
        await writerTask.value
        await expectJournalError(.closed) { _ = try committer.enqueue([2]) }
        #expect(try await store.lastSequence() == 1)
    }

    @Test(
        "the thread writer writes through the store's blocking appender, the task writer through append",
        arguments: [GroupCommitter.Writer.thread, .task])
    func writerUsesItsPath(writer: GroupCommitter.Writer) async throws {
        let store = RecordingStore(InMemoryJournalStore())
        let committer = GroupCommitter(store: store, lastSequence: 0, writer: writer)
        try await committer.withRunning {
            for index in 0..<5 { try await committer.commit([UInt8(index)]) }
        }
        #expect(store.batchSizes.reduce(0, +) == 5)
        #expect(store.blockingAppends == (writer == .thread ? store.batchSizes.count : 0))
        #expect(try await store.records(from: 1, limit: 10).map(\.payload) == (0..<5).map { [UInt8($0)] })
    }

    @Test(
        "enqueue(contentsOf:) queues a run of consecutive sequences between single records, or nothing once closed",
        arguments: [GroupCommitter.Writer.thread, .task])
    func enqueuesRuns(writer: GroupCommitter.Writer) async throws {
        let store = InMemoryJournalStore()
        try await store.append(makeRecords(1...10))
        let committer = GroupCommitter(store: store, lastSequence: 10, writer: writer)
        let before = try committer.enqueue([0])
        let run = try committer.enqueue(contentsOf: [[1], [2], [3]])
        let after = try committer.enqueue([4])
        #expect(before.sequence == 11 && run.map(\.sequence) == [12, 13, 14] && after.sequence == 15)
        #expect(try committer.enqueue(contentsOf: []).isEmpty)
        #expect(committer.nextSequence == 16)
        try await committer.withRunning { try await after.durable() }
        #expect(try await store.records(from: 11, limit: 10).map(\.payload) == [[0], [1], [2], [3], [4]])
        await expectJournalError(.closed) { _ = try committer.enqueue(contentsOf: [[5], [6]]) }
        #expect(committer.nextSequence == 16)
        #expect(try await store.lastSequence() == 15)
    }

    @Test(
        "onDurable for many tickets calls each callback once: when written, or at once for records already durable",
        arguments: [GroupCommitter.Writer.thread, .task])
    func registersMany(writer: GroupCommitter.Writer) async throws {
        let store = InMemoryJournalStore()
        let committer = GroupCommitter(store: store, lastSequence: 0, writer: writer)
        let calls = Mutex<[UInt64: Int]>([:])
        func callback(_ sequence: UInt64) -> @Sendable (Result<Void, JournalError>) -> Void {
            { outcome in
                if case .success = outcome { calls.withLock { $0[sequence, default: 0] += 1 } }
            }
        }
        let tickets = try committer.enqueue(contentsOf: [[1], [2]]) + committer.enqueue(contentsOf: [[3], [4], [5]])
        // Registered before the writer runs: nothing is known yet, so nothing is called now.
        committer.onDurable(tickets.map { ($0, callback($0.sequence)) })
        #expect(calls.withLock { $0 }.isEmpty)
        try await committer.withRunning { try await tickets[4].durable() }
        #expect(calls.withLock { $0 } == [1: 1, 2: 1, 3: 1, 4: 1, 5: 1])
        // Registered once they are durable: each is called at once, here, exactly once more.
        committer.onDurable(tickets.map { ($0, callback($0.sequence)) })
        #expect(calls.withLock { $0 } == [1: 2, 2: 2, 3: 2, 4: 2, 5: 2])
    }
}
