import BourseCore
import MatchingEngine
import Testing

/// The lookahead hints (``MatchingEngine/prefetch(order:)``, ``MatchingEngine/prefetchNeighbours(order:)``) change
/// nothing: the same commands give the same events with or without them, whatever ids they name.
@Suite("Engine: lookahead hints")
struct LookaheadTests {
    /// A deep book (more resting orders than ``MatchingEngine/wantsLookahead`` needs), then a random mix of adds
    /// (some crossing), cancels of resting and gone orders and price amends.
    static func commands(seed: UInt64) -> [EngineCommand] {
        var random = SeededGenerator(seed: seed)
        var commands: [EngineCommand] = []
        var nextID: UInt64 = 1
        var live: [UInt64] = []
        func add(_ side: Side, price: Int64) {
            commands.append(.submit(.limit(nextID, account: UInt32(nextID % 7 + 1), side, price: price, quantity: Int64.random(in: 1...50, using: &random))))
            live.append(nextID)
            nextID += 1
        }
        for _ in 0..<40_000 {
            if Bool.random(using: &random) { add(.buy, price: Int64.random(in: 900...999, using: &random)) }
            else { add(.sell, price: Int64.random(in: 1_001...1_100, using: &random)) }
        }
        for _ in 0..<40_000 {
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<4:
                let side: Side = Bool.random(using: &random) ? .buy : .sell
                add(side, price: side == .buy ? Int64.random(in: 900...1_003, using: &random) : Int64.random(in: 997...1_100, using: &random))
            case 4..<8:
                // Often an order that has traded away or was cancelled before: the hint names a free slot.
                let id = live[Int.random(in: 0..<live.count, using: &random)]
                commands.append(.cancel(OrderID(id), account: AccountID(UInt32(id % 7 + 1))))
            default:
                let id = live[Int.random(in: 0..<live.count, using: &random)]
                commands.append(
                    .amend(OrderID(id), account: AccountID(UInt32(id % 7 + 1)), price: Price(Int64.random(in: 950...1_050, using: &random)), quantity: nil))
            }
        }
        return commands
    }

    static func orderID(_ command: EngineCommand) -> UInt64? {
        switch command {
        case .cancel(let id, _), .amend(let id, _, _, _): id.rawValue
        default: nil
        }
    }

    /// Seed, and the pool the engines start with: room for every order at home, or a pool of 16k homes where most
    /// orders collide and rest in the overflow region, which grows (the hints then name overflow orders and ids the
    /// index keeps in its hash table).
    @Test(
        "the same events with hints 4 and 8 commands ahead (and hints for ids never used) as without",
        arguments: [(UInt64(1), 1 << 17), (2, 1 << 17), (3, 1 << 14)])
    func hintsChangeNothing(seed: UInt64, expectedOrders: Int) throws {
        let commands = Self.commands(seed: seed)
        let plain = MatchingEngine(configuration: EngineConfiguration(expectedOrders: expectedOrders))
        let hinted = MatchingEngine(configuration: EngineConfiguration(expectedOrders: expectedOrders))
        var random = SeededGenerator(seed: seed &+ 100)
        var hintedWhileDeep = 0
        for (i, command) in commands.enumerated() {
            plain.process(command, now: 0)
            let expected = Array(plain.events)
            if hinted.wantsLookahead { hintedWhileDeep += 1 }
            if i + 8 < commands.count, let id = Self.orderID(commands[i + 8]) { hinted.prefetch(order: OrderID(id)) }
            if i + 4 < commands.count, let id = Self.orderID(commands[i + 4]) { hinted.prefetchNeighbours(order: OrderID(id)) }
            let stray = OrderID(UInt64.random(in: 1...UInt64.max, using: &random))
            hinted.prefetch(order: stray)
            hinted.prefetchNeighbours(order: stray)
            hinted.process(command, now: 0)
            #expect(Array(hinted.events) == expected, "command \(i)")
            if Array(hinted.events) != expected { return }
            if i % 5_000 == 0 { #expect(hinted.structureViolation() == nil, "command \(i)") }
        }
        #expect(hinted.structureViolation() == nil)
        #expect(hinted.restingOrderCount == plain.restingOrderCount)
        #expect(hintedWhileDeep > 40_000, "the hints ran on a deep book (\(hintedWhileDeep) commands)")
    }
}
