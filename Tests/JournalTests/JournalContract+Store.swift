import Journal
import Testing

extension JournalContract {
    static func checkEmptyStore(_ backend: any JournalBackend) async throws {
        try await backend.withStore { store, _ in
            #expect(try await store.lastSequence() == 0)
            #expect(try await store.records(from: 0, limit: 10).isEmpty)
            #expect(try await store.records(from: 1, limit: 10).isEmpty)
            #expect(try await store.latestSnapshot() == nil)
            try await store.append([])
            #expect(try await store.lastSequence() == 0)
        }
    }

    static func checkRoundTrip(_ backend: any JournalBackend) async throws {
        try await backend.withStore { store, _ in
            var written = makeRecords(1...3)
            written.append(JournalRecord(sequence: 4, payload: []))
            written.append(JournalRecord(sequence: 5, payload: Array(repeating: 0, count: 300)))
            try await store.append(Array(written[0..<3]))
            try await store.append(Array(written[3...]))
            try await store.append(makeRecords(6...6))
            written += makeRecords(6...6)

            #expect(try await store.lastSequence() == 6)
            #expect(try await store.records(from: 1, limit: 100) == written)
            #expect(try await store.records(from: 0, limit: 100) == written)
            #expect(try await store.records(from: 3, limit: 2) == Array(written[2..<4]))
            #expect(try await store.records(from: 6, limit: 5) == [written[5]])
            #expect(try await store.records(from: 7, limit: 5).isEmpty)
            #expect(try await store.records(from: 2, limit: 0).isEmpty)
            #expect(try await store.records(from: .max, limit: 5).isEmpty)
            await expectJournalError(.invalidArgument) { _ = try await store.records(from: 1, limit: -1) }
        }
    }

    static func checkGapRejected(_ backend: any JournalBackend) async throws {
        try await backend.withStore { store, _ in
            // The first record of a journal is 1.
            await expectJournalError(.sequenceGap) { try await store.append(makeRecords(2...3)) }
            await expectJournalError(.sequenceGap) { try await store.append(makeRecords(0...1)) }
            #expect(try await store.lastSequence() == 0)

            try await store.append(makeRecords(1...3))
            await expectJournalError(.sequenceGap) { try await store.append(makeRecords(5...5)) }
            // The batch starts right but has a hole: none of it may land.
            let holey = makeRecords(4...4) + makeRecords(6...7)
            await expectJournalError(.sequenceGap) { try await store.append(holey) }
            // Overlap with what is stored.
            await expectJournalError(.sequenceGap) { try await store.append(makeRecords(3...5)) }
            await expectJournalError(.sequenceGap) { try await store.append(makeRecords(1...1)) }
            // Out of order inside the batch.
            let swapped = [makeRecords(5...5)[0], makeRecords(4...4)[0]]
            await expectJournalError(.sequenceGap) { try await store.append(swapped) }

            #expect(try await store.lastSequence() == 3)
            #expect(try await store.records(from: 1, limit: 10) == makeRecords(1...3))
            // The store still accepts the right continuation.
            try await store.append(makeRecords(4...5))
            #expect(try await store.records(from: 1, limit: 10) == makeRecords(1...5))
            // Sequences above Int64.max cannot be stored.
            let huge = [JournalRecord(sequence: UInt64(Int64.max) + 1, payload: [1])]
            await expectJournalError(.invalidArgument) { try await store.append(huge) }
        }
    }

    static func checkSnapshots(_ backend: any JournalBackend) async throws {
        try await backend.withStore { store, _ in
            // The state before any record may be snapshotted; anything later must be journaled first.
            try await store.saveSnapshot(JournalSnapshot(sequence: 0, payload: [0xAA]))
            await expectJournalError(.snapshotAhead) {
                try await store.saveSnapshot(JournalSnapshot(sequence: 1, payload: [1]))
            }
            try await store.append(makeRecords(1...5))
            let two = JournalSnapshot(sequence: 2, payload: payload(1002, size: 4000))
            try await store.saveSnapshot(two)
            #expect(try await store.latestSnapshot() == two)

            let five = JournalSnapshot(sequence: 5, payload: [])
            try await store.saveSnapshot(five)
            #expect(try await store.latestSnapshot() == five)
            // An older snapshot saved later does not become the latest.
            try await store.saveSnapshot(JournalSnapshot(sequence: 3, payload: [3]))
            #expect(try await store.latestSnapshot() == five)
            // Saving at the same sequence replaces.
            let fiveAgain = JournalSnapshot(sequence: 5, payload: [5, 0, 5])
            try await store.saveSnapshot(fiveAgain)
            #expect(try await store.latestSnapshot() == fiveAgain)

            await expectJournalError(.snapshotAhead) {
                try await store.saveSnapshot(JournalSnapshot(sequence: 6, payload: [6]))
            }
            #expect(try await store.latestSnapshot() == fiveAgain)
            #expect(try await store.lastSequence() == 5)
        }
    }

    static func checkPruning(_ backend: any JournalBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.append(makeRecords(1...10))
            await expectJournalError(.pruneNotCovered) { try await store.pruneRecords(through: 3) }
            try await store.saveSnapshot(JournalSnapshot(sequence: 2, payload: [2]))
            try await store.saveSnapshot(JournalSnapshot(sequence: 4, payload: [4]))
            await expectJournalError(.pruneNotCovered) { try await store.pruneRecords(through: 5) }
            #expect(try await store.records(from: 1, limit: 20) == makeRecords(1...10))

            try await store.pruneRecords(through: 4)
            #expect(try await store.records(from: 1, limit: 20) == makeRecords(5...10))
            #expect(try await store.lastSequence() == 10)
            // The snapshot at 2 cannot be replayed from any more; the one at 4 stays.
            #expect(try await store.latestSnapshot() == JournalSnapshot(sequence: 4, payload: [4]))

            // Prune everything: the journal still continues after the snapshot.
            let ten = JournalSnapshot(sequence: 10, payload: [10])
            try await store.saveSnapshot(ten)
            try await store.pruneRecords(through: 10)
            #expect(try await store.records(from: 0, limit: 20).isEmpty)
            #expect(try await store.lastSequence() == 10)
            await expectJournalError(.sequenceGap) { try await store.append(makeRecords(1...1)) }
            try await store.append(makeRecords(11...12))
            #expect(try await store.records(from: 0, limit: 20) == makeRecords(11...12))
            #expect(try await store.latestSnapshot() == ten)
        }
    }

    static func checkReopen(_ backend: any JournalBackend) async throws {
        try await backend.withLocation { location in
            let store = try await location.open()
            try await store.append(makeRecords(1...7))
            let snapshot = JournalSnapshot(sequence: 5, payload: payload(5005, size: 100))
            try await store.saveSnapshot(snapshot)
            try await store.close()
            try await store.close()

            await expectJournalError(.closed) { try await store.append(makeRecords(8...8)) }
            await expectJournalError(.closed) { _ = try await store.lastSequence() }
            await expectJournalError(.closed) { _ = try await store.records(from: 1, limit: 1) }
            await expectJournalError(.closed) { try await store.saveSnapshot(snapshot) }
            await expectJournalError(.closed) { _ = try await store.latestSnapshot() }
            await expectJournalError(.closed) { try await store.pruneRecords(through: 1) }
            guard backend.isDurable else { return }

            let reopened = try await location.open()
            #expect(try await reopened.lastSequence() == 7)
            #expect(try await reopened.records(from: 1, limit: 100) == makeRecords(1...7))
            #expect(try await reopened.latestSnapshot() == snapshot)
            try await reopened.append(makeRecords(8...9))
            try await reopened.close()

            let again = try await location.open()
            #expect(try await again.records(from: 1, limit: 100) == makeRecords(1...9))
            try await again.close()
        }
    }

    static func checkLargeBatch(_ backend: any JournalBackend) async throws {
        try await backend.withStore { store, _ in
            try await store.append(makeRecords(1...1))
            let batch = makeRecords(2...10_001, size: 48)
            try await store.append(batch)
            #expect(try await store.lastSequence() == 10_001)
            var read: [JournalRecord] = []
            var next: UInt64 = 2
            while true {
                let page = try await store.records(from: next, limit: 3000)
                guard let last = page.last else { break }
                read += page
                next = last.sequence + 1
            }
            #expect(read.count == batch.count)
            #expect(read == batch)
        }
    }
}
