import BourseCore
import BourseTesting
import ExchangeCore
import ExchangeService
import Foundation
import Journal
import JournalSQLite
import Ledger
import MatchingEngine
import Testing

/// Everything recovery must restore exactly.
struct StateFingerprint: Equatable, Sendable {
    var sequence: UInt64
    var orders: [OrderRecord]
    var balances: [[Balance]]
    var books: [[Int64]]
    var lastPrice: Price?

    init(_ state: ExchangeState) {
        sequence = state.sequence
        orders = state.orders.records
        balances = state.ledger.accountIDs.map { state.ledger.balances($0) }
        books = [Side.buy, .sell].map { side in
            state.book("BTC-USDT", side: side).flatMap { [$0.price.rawValue, $0.quantity.rawValue] }
        }
        lastPrice = state.lastPrice("BTC-USDT")
    }
}

/// Reads batches until `total`, requiring sequences 1, 2, 3, ... with none missing; whether it got there.
func readInOrder(_ stream: AsyncStream<EventBatch>, through total: UInt64) async -> Bool {
    var last: UInt64 = 0
    for await batch in stream {
        #expect(batch.sequence == last + 1)
        last = batch.sequence
        if last == total { break }
    }
    return last == total
}

/// The setup of a BTC-USDT exchange with three funded users (accounts 100, 101, 102).
func setupCommands() -> [ExchangeCommand] {
    let instrument = try! Instrument(
        symbol: "BTC-USDT", baseAsset: "BTC", quoteAsset: "USDT", priceScale: 2, sizeScale: 6, tickSize: Price(1),
        lotSize: Quantity(100))
    var commands: [ExchangeCommand] = [
        .addAsset(symbol: "BTC", scale: 8), .addAsset(symbol: "USDT", scale: 8),
        .addMarket(MarketDefinition(instrument: instrument, fees: try! FeeSchedule(makerRate: 500, takerRate: 1_000))),
    ]
    for (i, name) in ["alice", "bob", "carol"].enumerated() {
        commands.append(.createUser(name: name, passwordHash: "h"))
        commands.append(.deposit(account: AccountID(100 + UInt32(i)), asset: "USDT", amount: 5_000_000 * 100_000_000))
        commands.append(.deposit(account: AccountID(100 + UInt32(i)), asset: "BTC", amount: 200 * 100_000_000))
    }
    return commands
}

/// A realistic random stream, generated against a local replica so cancels and amends hit real orders.
func randomCommands(count: Int, seed: UInt64) -> [ExchangeCommand] {
    let shadow = ExchangeState()
    var sequence: UInt64 = 0
    for c in setupCommands() {
        sequence += 1
        shadow.apply(SequencedCommand(sequence: sequence, time: 1, command: c))
    }
    var rng = SeededGenerator(seed: seed)
    var generator = RandomExchangeCommands(accounts: [AccountID(100), AccountID(101), AccountID(102)], symbol: "BTC-USDT")
    var out: [ExchangeCommand] = []
    for _ in 0..<count {
        let c = generator.next(&rng, state: shadow)
        sequence += 1
        shadow.apply(SequencedCommand(sequence: sequence, time: 1, command: c))
        out.append(c)
    }
    return out
}

func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Submits `commands` with up to `window` in flight (they share fsyncs through group commit).
func submitAll(_ sequencer: ExchangeSequencer, _ commands: [ExchangeCommand], window: Int = 64) async throws {
    var start = 0
    while start < commands.count {
        let chunk = commands[start..<min(start + window, commands.count)]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for c in chunk { group.addTask { _ = try await sequencer.submit(c) } }
            try await group.waitForAll()
        }
        start += window
    }
}

@Suite("Journal recovery")
struct RecoveryTests {
    @Test("state recovered from the SQLite journal equals the state before closing, across two restarts")
    func sqliteRecovery() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("journal.sqlite").path
        let commands = randomCommands(count: 3_000, seed: 11)

        var expected: StateFingerprint
        do {
            let store = try SQLiteJournalStore(path: path)
            let sequencer = try await ExchangeSequencer.open(store: store)
            async let writer: Void = sequencer.run()
            for c in setupCommands() { _ = try await sequencer.submit(c) }
            try await submitAll(sequencer, Array(commands[..<2_000]))
            expected = await sequencer.read { StateFingerprint($0) }
            sequencer.finish()
            await writer
            try await store.close()
        }
        #expect(expected.sequence == UInt64(setupCommands().count + 2_000))
        #expect(expected.orders.count > 500)

        // Restart 1: recover, check, continue.
        do {
            let store = try SQLiteJournalStore(path: path)
            let sequencer = try await ExchangeSequencer.open(store: store)
            let recovered = await sequencer.read { StateFingerprint($0) }
            #expect(recovered == expected)
            async let writer: Void = sequencer.run()
            try await submitAll(sequencer, Array(commands[2_000...]))
            expected = await sequencer.read { StateFingerprint($0) }
            sequencer.finish()
            await writer
            try await store.close()
        }
        // Restart 2.
        let store = try SQLiteJournalStore(path: path)
        let sequencer = try await ExchangeSequencer.open(store: store)
        let recovered = await sequencer.read { StateFingerprint($0) }
        #expect(recovered == expected)
        #expect(await sequencer.read { $0.checkInvariants() } == nil)
        try await store.close()
    }

    @Test("subscribers get every durable command's events in sequence order")
    func orderedPublication() async throws {
        let store = InMemoryJournalStore()
        let sequencer = try await ExchangeSequencer.open(store: store)
        async let writer: Void = sequencer.run()
        let stream = await sequencer.subscribe()
        for c in setupCommands() { _ = try await sequencer.submit(c) }
        let commands = randomCommands(count: 500, seed: 3)
        try await submitAll(sequencer, commands, window: 32)
        #expect(await readInOrder(stream, through: UInt64(setupCommands().count + commands.count)))
        sequencer.finish()
        await writer
    }

    @Test("a subscriber that falls behind is ended and never holds up the journal; the others get everything",
          .timeLimit(.minutes(1)))
    func laggingSubscriber() async throws {
        let store = InMemoryJournalStore()
        let sequencer = try await ExchangeSequencer.open(store: store)
        async let writer: Void = sequencer.run()
        // Never read: its buffer of 2 overflows on the third batch. Ending it runs its onTermination, which takes
        // the publisher's lock; done under that lock, the journal writer deadlocked and every later submit hung.
        let lagging = await sequencer.subscribe(bufferSize: 2)
        let reader = await sequencer.subscribe()
        for c in setupCommands() { _ = try await sequencer.submit(c) }
        let commands = randomCommands(count: 300, seed: 5)
        try await submitAll(sequencer, commands, window: 16)
        #expect(await readInOrder(reader, through: UInt64(setupCommands().count + commands.count)))
        var received = 0
        for await _ in lagging { received += 1 }
        #expect(received == 2, "the lagging stream ends after what fitted in its buffer")
        sequencer.finish()
        await writer
    }

    @Test("a corrupt journal record stops recovery with a typed error")
    func corruptJournal() async throws {
        let store = InMemoryJournalStore()
        try await store.append([JournalRecord(sequence: 1, payload: [1, 2, 3])])
        await #expect(throws: ExchangeServiceError.self) { _ = try await ExchangeSequencer.open(store: store) }
    }
}

@Suite("Snapshots and recovery")
struct SnapshotRecoveryTests {
    @Test("periodic snapshots are stored; recovery from snapshot + tail equals the state before, even with the covered records pruned")
    func recoveryFromSnapshot() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("journal.sqlite").path
        let commands = randomCommands(count: 1_500, seed: 21)
        var expectedBytes: [UInt8]
        var expected: StateFingerprint
        do {
            let store = try SQLiteJournalStore(path: path)
            let sequencer = try await ExchangeSequencer.open(store: store, snapshotInterval: 400)
            async let writer: Void = sequencer.run()
            for c in setupCommands() { _ = try await sequencer.submit(c) }
            try await submitAll(sequencer, commands)
            expected = await sequencer.read { StateFingerprint($0) }
            expectedBytes = await sequencer.read { $0.snapshot() }
            // Automatic snapshots are saved in the background: wait for the last due one.
            var latest: UInt64 = 0
            for _ in 0..<200 {
                latest = try await store.latestSnapshot()?.sequence ?? 0
                if latest >= 1_200 { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(latest >= 1_200 && latest <= expected.sequence, "latest snapshot \(latest)")
            #expect(await sequencer.snapshotFailures == 0)
            sequencer.finish()
            await writer
            // Remove every record the snapshot covers: recovery can only succeed through the snapshot.
            try await store.pruneRecords(through: latest)
            #expect(try await store.records(from: 1, limit: 1).first?.sequence == latest + 1)
            try await store.close()
        }
        let store = try SQLiteJournalStore(path: path)
        let sequencer = try await ExchangeSequencer.open(store: store, snapshotInterval: 400)
        #expect(await sequencer.read { StateFingerprint($0) } == expected)
        #expect(await sequencer.read { $0.snapshot() } == expectedBytes)
        #expect(await sequencer.read { $0.checkInvariants() } == nil)
        // An explicit snapshot covers everything so far.
        async let writer: Void = sequencer.run()
        _ = try await sequencer.submit(commands[0])
        let covered = try await sequencer.saveSnapshot()
        #expect(covered == expected.sequence + 1)
        #expect(try await store.latestSnapshot()?.sequence == covered)
        sequencer.finish()
        await writer
        try await store.close()
    }

    @Test("a corrupt snapshot stops recovery with corrupt_journal instead of starting from a wrong state")
    func corruptSnapshotIsReported() async throws {
        let store = InMemoryJournalStore()
        do {
            let sequencer = try await ExchangeSequencer.open(store: store)
            async let writer: Void = sequencer.run()
            for c in setupCommands() { _ = try await sequencer.submit(c) }
            try await sequencer.saveSnapshot()
            sequencer.finish()
            await writer
        }
        var snapshot = try #require(try await store.latestSnapshot())
        snapshot.payload.removeLast(3)
        try await store.saveSnapshot(snapshot)
        await #expect(throws: ExchangeServiceError.self) { _ = try await ExchangeSequencer.open(store: store) }
    }
}
