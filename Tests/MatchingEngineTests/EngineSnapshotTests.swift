import BourseCore
import BourseTesting
import MatchingEngine
import Testing

/// Snapshot and restore: a restored engine continues exactly like the original.
@Suite("MatchingEngine snapshots restore the engine exactly")
struct EngineSnapshotTests {
    struct Batch: Sendable, CustomTestStringConvertible {
        var parameters: RandomCommandGenerator.Parameters
        var seeds: Range<UInt64>
        var testDescription: String { "\(parameters), seeds \(seeds.lowerBound)..<\(seeds.upperBound)" }
    }

    static let batches: [Batch] = [
        Batch(parameters: .init(), seeds: 0..<15),
        Batch(parameters: .init(tickSize: 5, lotSize: 10, minLots: 2), seeds: 100..<115),
        Batch(parameters: .init(accounts: 2), seeds: 200..<215),
    ]

    @Test(
        "restored at random points, the copy emits the same events and holds the same book and state",
        arguments: batches)
    func restoredEngineContinuesIdentically(batch: Batch) throws {
        for seed in batch.seeds {
            if let failure = try Self.run(seed: seed, parameters: batch.parameters, commands: 2_000) {
                Issue.record(Comment(rawValue: failure))
                return
            }
        }
    }

    /// Runs the original and a copy restored from it (re-restored at random points); returns the first
    /// difference.
    static func run(seed: UInt64, parameters: RandomCommandGenerator.Parameters, commands: Int) throws -> String? {
        var generator = RandomCommandGenerator(seed: seed, parameters: parameters)
        var rng = SplitMix64(seed: seed &+ 7_777)
        let original = MatchingEngine(configuration: generator.configuration)
        var copy = MatchingEngine(configuration: generator.configuration)
        var restores = 0
        for index in 0..<commands {
            if rng.chance(2) || index == commands / 2 {
                let snapshot = original.snapshot()
                // The copy has run in lockstep since its last restore: its whole state must be the same.
                let copySnapshot = copy.snapshot()
                if copySnapshot != snapshot {
                    return "seed \(seed) command #\(index): state differs from the original before restore #\(restores)"
                }
                copy = try MatchingEngine(configuration: generator.configuration, snapshot: snapshot)
                restores += 1
                if copy.snapshot() != snapshot { return "seed \(seed) command #\(index): restore is not a round trip" }
            }
            let (command, now) = generator.next()
            let expected = original.run(command, now: now)
            let actual = copy.run(command, now: now)
            if actual != expected {
                return """
                    seed \(seed) command #\(index) \(command.compact) after \(restores) restores
                      original: \(expected.compact)
                      restored: \(actual.compact)
                    """
            }
            generator.observe(expected)
            for side in [Side.buy, .sell] {
                let a = original.levels(side).map { [$0.price.rawValue, $0.quantity.rawValue] }
                let b = copy.levels(side).map { [$0.price.rawValue, $0.quantity.rawValue] }
                if a != b { return "seed \(seed) command #\(index): \(side) levels differ \(a.prefix(4)) vs \(b.prefix(4))" }
            }
            if original.sequence != copy.sequence || original.lastTradePrice != copy.lastTradePrice
                || original.restingOrderCount != copy.restingOrderCount
            {
                return "seed \(seed) command #\(index): sequence, last price or resting count differ"
            }
        }
        if original.snapshot() != copy.snapshot() { return "seed \(seed): final states differ" }
        if restores < 5 { return "seed \(seed): only \(restores) restores" }
        return nil
    }

    @Test("a snapshot covers armed orders, brackets, OCO links, icebergs and GTD orders")
    func snapshotCoversRareState() throws {
        let configuration = EngineConfiguration()
        let engine = MatchingEngine(configuration: configuration)
        engine.process(.submit(.limit(1, account: 1, .buy, price: 100, quantity: 50, display: 10)), now: 1)
        engine.process(
            .submit(.limit(2, account: 2, .sell, price: 110, quantity: 5, timeInForce: .gtd(expiresAt: 50))), now: 2)
        engine.process(
            .oco(.limit(3, account: 3, .sell, price: 120, quantity: 5),
                 .triggered(4, account: 3, .sell, trigger: .stop(Price(90)), quantity: 5)), now: 3)
        engine.process(
            .bracket(
                BracketRequest(
                    entry: .limit(5, account: 4, .buy, price: 99, quantity: 7), takeProfitID: OrderID(6),
                    takeProfitPrice: Price(130), stopLossID: OrderID(7), stopLossTrigger: Price(80))), now: 4)
        engine.process(.submit(.market(8, account: 5, .sell, quantity: 12)), now: 5)
        let snapshot = engine.snapshot()
        #expect(snapshot.orders.map(\.id.rawValue) == [5, 1, 2, 3])
        // The market sell of 12 took the first slice of 10 and 2 of the next: 8 shown, 30 in reserve.
        let iceberg = snapshot.orders.first { $0.id.rawValue == 1 }
        #expect(iceberg?.visible.rawValue == 8 && iceberg?.hidden.rawValue == 30 && iceberg?.filled.rawValue == 12)
        #expect(snapshot.orders.first { $0.id.rawValue == 3 }?.ocoPartner == OrderID(4))
        #expect(snapshot.armed.map(\.request.id.rawValue) == [4])
        #expect(snapshot.brackets.map(\.entry.id.rawValue) == [5])
        #expect(snapshot.expiries.map(\.id.rawValue) == [2])
        #expect(snapshot.lastPrice == Price(100))
        let restored = try MatchingEngine(configuration: configuration, snapshot: snapshot)
        #expect(restored.snapshot() == snapshot)
        #expect(restored.isLive(OrderID(4)) && !restored.isLive(OrderID(6)))
        #expect(restored.run(.submit(.limit(6, account: 9, .buy, price: 1, quantity: 1)), now: 6).map(\.event)
            == [.rejected(OrderID(6), .duplicateOrderID)])
    }

    @Test("an impossible snapshot is refused, not restored")
    func impossibleSnapshotThrows() {
        let engine = MatchingEngine(configuration: EngineConfiguration())
        engine.process(.submit(.limit(1, .buy, price: 100, quantity: 5)), now: 1)
        engine.process(.submit(.limit(2, .sell, price: 101, quantity: 5)), now: 1)
        var crossed = engine.snapshot()
        crossed.orders[1].price = Price(99)
        #expect(throws: EngineSnapshotError.self) {
            _ = try MatchingEngine(configuration: EngineConfiguration(), snapshot: crossed)
        }
        var duplicate = engine.snapshot()
        duplicate.orders[1].id = OrderID(1)
        #expect(throws: EngineSnapshotError.self) {
            _ = try MatchingEngine(configuration: EngineConfiguration(), snapshot: duplicate)
        }
        var empty = engine.snapshot()
        empty.orders[0].visible = .zero
        #expect(throws: EngineSnapshotError.self) {
            _ = try MatchingEngine(configuration: EngineConfiguration(), snapshot: empty)
        }
    }
}
