import BourseCore
import BourseTesting
import MatchingEngine
import Testing

/// Random command streams through the fast engine and the reference model, side by side.
@Suite("MatchingEngine behaves exactly like ReferenceEngine on random streams")
struct DifferentialTests {
    /// A batch of seeds on one instrument grid.
    struct Batch: Sendable, CustomTestStringConvertible {
        var parameters: RandomCommandGenerator.Parameters
        var seeds: Range<UInt64>
        var commands: Int
        var testDescription: String { "\(parameters), seeds \(seeds.lowerBound)..<\(seeds.upperBound)" }
    }

    /// 100 seeds x 1,000 commands on a grid of 1, plus 40 seeds on a coarser grid with a minimum size,
    /// 20 seeds with only two accounts (self-trade prevention everywhere) and 20 with a tiny order pool. Split in
    /// batches so they run in parallel.
    static let batches: [Batch] = {
        var batches: [Batch] = []
        for start in stride(from: UInt64(0), to: 100, by: 20) {
            batches.append(Batch(parameters: .init(), seeds: start..<start + 20, commands: 1_000))
        }
        for start in stride(from: UInt64(1_000), to: 1_040, by: 20) {
            batches.append(
                Batch(parameters: .init(tickSize: 5, lotSize: 10, minLots: 2), seeds: start..<start + 20, commands: 1_000))
        }
        batches.append(Batch(parameters: .init(accounts: 2), seeds: 2_000..<2_020, commands: 1_000))
        // A pool sized for 16 orders: most orders share a home slot with an older one and go to the overflow
        // region, which grows several times.
        batches.append(Batch(parameters: .init(expectedOrders: 16), seeds: 3_000..<3_020, commands: 1_000))
        return batches
    }()

    /// The engine checked against the reference (see ``enginesUnderTest``).
    static let candidate: EngineKind = enginesUnderTest.contains(.matching) ? .matching : .reference

    @Test("identical events after every command, identical books every 50 commands", arguments: batches)
    func identicalEvents(batch: Batch) {
        for seed in batch.seeds {
            if let failure = Self.compare(seed: seed, parameters: batch.parameters, commands: batch.commands) {
                Issue.record(Comment(rawValue: failure))
                return
            }
        }
    }

    /// Runs one stream; returns a short failure description, or `nil` when both engines agree throughout.
    static func compare(seed: UInt64, parameters: RandomCommandGenerator.Parameters, commands: Int) -> String? {
        var generator = RandomCommandGenerator(seed: seed, parameters: parameters)
        let reference = ReferenceEngine(configuration: generator.configuration)
        let engine = candidate.make(generator.configuration)
        var fromEvents = LevelsFromEvents()
        var lastSequence: UInt64 = 0
        for index in 0..<commands {
            let (command, now) = generator.next()
            let where_ = "seed \(seed) (\(parameters)), command #\(index) at now \(now): \(command.compact)"
            let expected = reference.process(command, now: now)
            let actual = engine.run(command, now: now)
            if actual != expected {
                let common = min(expected.count, actual.count)
                let first = (0..<common).first { expected[$0] != actual[$0] } ?? common
                func excerpt(_ events: [SequencedEvent]) -> String {
                    let shown = Array(events.dropFirst(max(0, first - 2)).prefix(8))
                    return "\(events.count) events, from #\(max(0, first - 2)): \(shown.compact)"
                }
                return "\(where_)\n  reference: \(excerpt(expected))\n  \(candidate): \(excerpt(actual))"
            }
            for event in expected {
                guard event.sequence == lastSequence + 1 else {
                    return "\(where_)\n  sequence \(event.sequence) after \(lastSequence)"
                }
                lastSequence = event.sequence
            }
            generator.observe(expected)
            fromEvents.apply(expected)
            if index % 50 == 49 || index == commands - 1 {
                if let problem = compareBooks(reference, engine, fromEvents) { return "\(where_)\n  \(problem)" }
                if let matching = engine as? MatchingEngine, let problem = matching.structureViolation() {
                    return "\(where_)\n  structure: \(problem)"
                }
            }
        }
        return nil
    }

    /// Both engines' books, the book rebuilt from `level` events, and an uncrossed book.
    static func compareBooks(
        _ reference: ReferenceEngine, _ engine: any EngineUnderTest, _ fromEvents: LevelsFromEvents
    ) -> String? {
        for side in [Side.buy, .sell] {
            let expected = reference.levels(side).map { [$0.price.rawValue, $0.quantity.rawValue] }
            let actual = engine.levels(side).map { [$0.price.rawValue, $0.quantity.rawValue] }
            if actual != expected {
                return "\(side) levels differ: reference \(expected.prefix(6)) \(candidate) \(actual.prefix(6))"
            }
            if fromEvents.levels(side) != expected {
                return "\(side) levels \(expected.prefix(6)) but level events say \(fromEvents.levels(side).prefix(6))"
            }
        }
        if reference.lastTradePrice != engine.lastTradePrice {
            return "last price: reference \(String(describing: reference.lastTradePrice)), \(candidate) "
                + String(describing: engine.lastTradePrice)
        }
        if let bid = reference.levels(.buy).first?.price, let ask = reference.levels(.sell).first?.price, bid >= ask {
            return "crossed book: bid \(bid) >= ask \(ask)"
        }
        return nil
    }
}

/// A price-level book maintained only from `level` events: it must always equal the engine's own levels.
struct LevelsFromEvents {
    private var sides: [Side: [Int64: Int64]] = [.buy: [:], .sell: [:]]

    mutating func apply(_ events: [SequencedEvent]) {
        for case .level(let side, let price, let quantity) in events.map(\.event) {
            sides[side]![price.rawValue] = quantity.rawValue == 0 ? nil : quantity.rawValue
        }
    }

    func levels(_ side: Side) -> [[Int64]] {
        sides[side]!.sorted { side == .buy ? $0.key > $1.key : $0.key < $1.key }.map { [$0.key, $0.value] }
    }
}
