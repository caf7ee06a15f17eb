import Foundation
import Journal
import Testing

extension JournalContract {
    static func checkConcurrentCommitters(_ backend: any JournalBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.append(makeRecords(1...2))
            let recording = RecordingStore(store)
            let committer = GroupCommitter(store: recording, lastSequence: try await store.lastSequence())
            let committers = 50
            let perCommitter = 20

            let acknowledged = try await committer.withRunning {
                try await withThrowingTaskGroup(of: [JournalRecord].self) { group in
                    for index in 0..<committers {
                        group.addTask {
                            var mine: [JournalRecord] = []
                            for round in 0..<perCommitter {
                                let bytes = Array("committer \(index) record \(round)".utf8)
                                let sequence = try await committer.commit(bytes)
                                mine.append(JournalRecord(sequence: sequence, payload: bytes))
                            }
                            return mine
                        }
                    }
                    var all: [[JournalRecord]] = []
                    for try await mine in group { all.append(mine) }
                    return all
                }
            }

            let total = committers * perCommitter
            #expect(acknowledged.count == committers)
            for mine in acknowledged {
                // Each committer waited for its record before the next: its sequences must increase.
                #expect(mine.count == perCommitter)
                #expect(zip(mine, mine.dropFirst()).allSatisfy { $0.sequence < $1.sequence })
            }
            let expected = acknowledged.joined().sorted { $0.sequence < $1.sequence }
            #expect(expected.map(\.sequence) == Array(3...UInt64(total + 2)))
            let stored = try await store.records(from: 3, limit: total + 10)
            #expect(stored == expected)
            #expect(try await store.lastSequence() == UInt64(total + 2))
            #expect(committer.durableSequence == UInt64(total + 2))

            let batches = recording.batchSizes
            #expect(batches.reduce(0, +) == total)
            #expect(batches.allSatisfy { $0 >= 1 && $0 <= GroupCommitter.defaultMaximumBatchSize })
            if backend.isDurable {
                // Each append waits for an fsync, so records queue up behind it and share later appends.
                #expect(batches.count < total, "no batching: \(batches.count) appends for \(total) records")
            }
        }
    }

    static func checkFailingWrite(_ backend: any JournalBackend) async throws {
        try await backend.withLocation { location in
            let store = try await location.open()
            let committer = GroupCommitter(store: store, lastSequence: 0)
            let outcomes: [Result<UInt64, JournalError>] = try await committer.withRunning {
                #expect(try await committer.commit([1]) == 1)
                // The store fails every write from now on, with its own error.
                try await store.close()
                return await withTaskGroup(of: Result<UInt64, JournalError>.self) { group in
                    for index in 0..<10 {
                        group.addTask {
                            do throws(JournalError) {
                                return .success(try await committer.commit([UInt8(index)]))
                            } catch {
                                return .failure(error)
                            }
                        }
                    }
                    var outcomes: [Result<UInt64, JournalError>] = []
                    for await outcome in group { outcomes.append(outcome) }
                    return outcomes
                }
            }

            #expect(outcomes.count == 10)
            var codes: [JournalError.Code] = []
            for outcome in outcomes {
                guard case .failure(let error) = outcome else {
                    Issue.record("a commit after the store failed succeeded: \(outcome)")
                    continue
                }
                codes.append(error.code)
            }
            // The first failed batch reports the store's error; records queued behind it cannot follow it.
            #expect(codes.contains(.closed))
            #expect(codes.allSatisfy { $0 == .closed || $0 == .committerFailed })
            #expect(committer.durableSequence == 1)
            await expectJournalError(.committerFailed) { _ = try committer.enqueue([99]) }

            guard backend.isDurable else { return }
            let reopened = try await location.open()
            #expect(try await reopened.records(from: 1, limit: 100) == [JournalRecord(sequence: 1, payload: [1])])
            try await reopened.close()
        }
    }

    /// Measures commits per second through the group committer: concurrent waiters (request handlers), and
    /// a single pipelining producer (the engine task enqueueing, acknowledging later). Prints; asserts only
    /// that everything was written.
    static func measureThroughput(_ backend: any JournalBackend) async throws {
        try await backend.withStore { store, _ in
            let recording = RecordingStore(store)
            let committer = GroupCommitter(store: recording, lastSequence: 0)
            let waiters = 200
            let perWaiter = 50
            let payloadBytes = Array(repeating: UInt8(0x5A), count: 64)

            let concurrentStart = ContinuousClock.now
            try await committer.withRunning {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<waiters {
                        group.addTask { for _ in 0..<perWaiter { try await committer.commit(payloadBytes) } }
                    }
                    try await group.waitForAll()
                }
            }
            let concurrent = ContinuousClock.now - concurrentStart
            let concurrentBatches = recording.batchSizes.count

            let pipelined = 50_000
            let second = GroupCommitter(store: recording, lastSequence: try await store.lastSequence())
            let pipelinedStart = ContinuousClock.now
            try await second.withRunning {
                var last: GroupCommitter.Ticket?
                for _ in 0..<pipelined { last = try second.enqueue(payloadBytes) }
                try await last?.durable()
            }
            let pipelinedTime = ContinuousClock.now - pipelinedStart
            let pipelinedBatches = recording.batchSizes.count - concurrentBatches

            let total = waiters * perWaiter
            #expect(try await store.lastSequence() == UInt64(total + pipelined))
            print(
                "[journal throughput] \(backend.name): \(total) commits from \(waiters) concurrent waiters "
                    + "in \(format(concurrent)) = \(rate(total, concurrent)) records/s, \(concurrentBatches) appends "
                    + "(mean batch \(total / max(1, concurrentBatches))); \(pipelined) pipelined enqueues in "
                    + "\(format(pipelinedTime)) = \(rate(pipelined, pipelinedTime)) records/s, \(pipelinedBatches) "
                    + "appends (mean batch \(pipelined / max(1, pipelinedBatches)))"
            )
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func format(_ duration: Duration) -> String {
        String(format: "%.3f s", seconds(duration))
    }

    private static func rate(_ count: Int, _ duration: Duration) -> String {
        String(format: "%.0f", Double(count) / max(seconds(duration), 1e-9))
    }
}
