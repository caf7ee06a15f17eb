import BourseCore
import MatchingEngine

/// Synthetic benchmark streams. Each is generated while running a real engine, so that "cancel a resting
/// order" always names an order that is resting at that point of the stream.
struct StreamGenerator {
    enum Workload: String, CaseIterable {
        /// Prices mid±50 ticks, sizes 1–100, half buys, 20% cancels of resting orders.
        case random
        /// Like `random` but buys in mid−50…mid+5 and sells in mid−5…mid+50: a deep, mostly passive book.
        case deep
        /// exchange-core's mix: 9% GTC, 3% IOC, 6% cancel, 82% move over ~1,000 resting orders.
        case exchangeCore = "exchange-core"
    }

    static let mid: Int64 = 100_000

    var random: SeededGenerator
    let engine = MatchingEngine(configuration: EngineConfiguration(expectedOrders: 1 << 20))
    /// Resting order ids, and each id's position in `resting` (ids are dense from 1).
    var resting: [UInt64] = []
    var position: [Int32] = [-1]
    var prices: [Int64] = [0]
    var sides: [Side] = [.buy]
    var nextID: UInt64 = 1

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    static func generate(_ workload: Workload, count: Int, seed: UInt64) -> [StreamOp] {
        var generator = StreamGenerator(seed: seed)
        var ops: [StreamOp] = []
        ops.reserveCapacity(count)
        for _ in 0..<count {
            let op = generator.nextOp(workload)
            generator.apply(op)
            ops.append(op)
        }
        return ops
    }

    mutating func int(_ range: ClosedRange<Int64>) -> Int64 { Int64.random(in: range, using: &random) }
    mutating func percent() -> Int { Int.random(in: 0..<100, using: &random) }

    mutating func newOrder(_ kind: StreamOp.Kind, _ side: Side, _ price: Int64) -> StreamOp {
        let id = nextID
        nextID += 1
        position.append(-1)
        prices.append(price)
        sides.append(side)
        return StreamOp(id: id, price: price, quantity: Int32(int(1...100)), kind: kind, side: side)
    }

    mutating func randomResting() -> UInt64 { resting[Int.random(in: 0..<resting.count, using: &random)] }

    mutating func nextOp(_ workload: Workload) -> StreamOp {
        let mid = Self.mid
        switch workload {
        case .random, .deep:
            if percent() < 20 && !resting.isEmpty {
                return StreamOp(id: randomResting(), price: 0, quantity: 0, kind: .cancel, side: .buy)
            }
            let side: Side = percent() < 50 ? .buy : .sell
            let price: Int64
            if workload == .random {
                price = int(mid - 50...mid + 50)
            } else {
                price = side == .buy ? int(mid - 50...mid + 5) : int(mid - 5...mid + 50)
            }
            return newOrder(.add, side, price)
        case .exchangeCore:
            let roll = percent()
            // 9% GTC, 3% IOC, 6% cancel, 82% move. At 1,000 resting orders a GTC turns into a cancel so the book
            // stays near exchange-core's size (its generator does the same kind of balancing).
            if roll < 9 && resting.count < 1_000 || resting.isEmpty {
                let side: Side = percent() < 50 ? .buy : .sell
                let price = side == .buy ? int(mid - 375...mid - 1) : int(mid + 1...mid + 375)
                return newOrder(.add, side, price)
            }
            if roll >= 9 && roll < 12 {
                let side: Side = percent() < 50 ? .buy : .sell
                return newOrder(.addIOC, side, side == .buy ? int(mid...mid + 10) : int(mid - 10...mid))
            }
            if roll < 18 {
                return StreamOp(id: randomResting(), price: 0, quantity: 0, kind: .cancel, side: .buy)
            }
            let id = randomResting()
            let old = prices[Int(id)]
            var price = old + int(-10...10)
            price = sides[Int(id)] == .buy ? min(max(price, mid - 375), mid + 2) : max(min(price, mid + 375), mid - 2)
            if price == old { price += sides[Int(id)] == .buy ? -1 : 1 }
            return StreamOp(id: id, price: price, quantity: 0, kind: .move, side: sides[Int(id)])
        }
    }

    /// Runs `op` through the engine and updates the set of resting orders from its events.
    mutating func apply(_ op: StreamOp) {
        engine.process(op.command(), now: 0)
        for event in engine.events {
            switch event.event {
            case .filled(let id), .cancelled(let id, _, _), .expired(let id, _):
                remove(id.rawValue)
            case .level(_, _, _):
                break
            default:
                break
            }
        }
        // An order that rests shows up as live in the engine's book after the command.
        if op.kind == .add || op.kind == .move {
            let live = engine.isResting(OrderID(op.id))
            if live && position[Int(op.id)] < 0 {
                position[Int(op.id)] = Int32(resting.count)
                resting.append(op.id)
            }
            if op.kind == .move && live { prices[Int(op.id)] = op.price }
        }
    }

    mutating func remove(_ id: UInt64) {
        let at = position[Int(id)]
        guard at >= 0 else { return }
        let last = resting.removeLast()
        if last != id {
            resting[Int(at)] = last
            position[Int(last)] = at
        }
        position[Int(id)] = -1
    }
}
