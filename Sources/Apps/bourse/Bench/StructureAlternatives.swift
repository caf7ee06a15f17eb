import BourseCore
import Foundation
import MatchingEngine

/// The alternatives measured for DESIGN.md, on plain GTC limit orders and cancels (the benchmark stream).
///
/// `ArrayLevelsBook`: levels in sorted arrays (best level last) holding Swift arrays of orders, a
/// `Dictionary` from id to price, and cancel by a linear scan of the level. Fills are hashed the same way
/// as the engine's so the comparison doubles as a differential check.
enum StructureAlternatives {
    struct Resting {
        var id: UInt64
        var quantity: Int64
    }

    struct Level {
        var price: Int64
        var orders: [Resting]
        var head: Int  // orders before head are gone (lazy removal from the front)
    }

    /// An order-sensitive hash of fills (FNV-1a over taker, maker, price, quantity).
    struct FillLog {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var count = 0

        mutating func record(_ taker: UInt64, _ maker: UInt64, _ price: Int64, _ quantity: Int64) {
            for value in [taker, maker, UInt64(bitPattern: price), UInt64(bitPattern: quantity)] {
                hash = (hash ^ value) &* 0x100_0000_01b3
            }
            count += 1
        }
    }

    /// Sorted arrays of levels with per-level arrays of orders.
    struct ArrayLevelsBook {
        var bids: [Level] = []  // ascending, best last
        var asks: [Level] = []  // descending, best last
        var priceOf: [UInt64: (Int64, Side)] = [:]
        var log = FillLog()

        static func find(_ levels: [Level], _ price: Int64, ascending: Bool) -> Int {
            var low = 0
            var high = levels.count
            while low < high {
                let mid = (low + high) / 2
                if ascending ? levels[mid].price < price : levels[mid].price > price { low = mid + 1 } else { high = mid }
            }
            return low
        }

        mutating func add(_ id: UInt64, _ side: Side, _ price: Int64, _ quantity: Int64) {
            var remaining = quantity
            if side == .buy {
                while remaining > 0, let best = asks.indices.last, asks[best].price <= price {
                    remaining = Self.take(&asks[best], remaining, taker: id, log: &log, priceOf: &priceOf)
                    if asks[best].head == asks[best].orders.count { asks.removeLast() }
                }
            } else {
                while remaining > 0, let best = bids.indices.last, bids[best].price >= price {
                    remaining = Self.take(&bids[best], remaining, taker: id, log: &log, priceOf: &priceOf)
                    if bids[best].head == bids[best].orders.count { bids.removeLast() }
                }
            }
            guard remaining > 0 else { return }
            priceOf[id] = (price, side)
            if side == .buy { Self.rest(&bids, id, price, remaining, ascending: true) } else {
                Self.rest(&asks, id, price, remaining, ascending: false)
            }
        }

        static func rest(_ levels: inout [Level], _ id: UInt64, _ price: Int64, _ quantity: Int64, ascending: Bool) {
            let at = find(levels, price, ascending: ascending)
            if at < levels.count && levels[at].price == price {
                levels[at].orders.append(Resting(id: id, quantity: quantity))
            } else {
                levels.insert(Level(price: price, orders: [Resting(id: id, quantity: quantity)], head: 0), at: at)
            }
        }

        static func take(
            _ level: inout Level, _ quantity: Int64, taker: UInt64, log: inout FillLog,
            priceOf: inout [UInt64: (Int64, Side)]
        ) -> Int64 {
            var remaining = quantity
            while remaining > 0 && level.head < level.orders.count {
                let q = min(remaining, level.orders[level.head].quantity)
                log.record(taker, level.orders[level.head].id, level.price, q)
                remaining -= q
                level.orders[level.head].quantity -= q
                if level.orders[level.head].quantity == 0 {
                    priceOf[level.orders[level.head].id] = nil
                    level.head += 1
                }
            }
            return remaining
        }

        mutating func cancel(_ id: UInt64) {
            guard let (price, side) = priceOf.removeValue(forKey: id) else { return }
            func remove(from levels: inout [Level], ascending: Bool) {
                let at = Self.find(levels, price, ascending: ascending)
                guard at < levels.count, levels[at].price == price,
                    let i = levels[at].orders[levels[at].head...].firstIndex(where: { $0.id == id })
                else { return }
                levels[at].orders.remove(at: i)
                if levels[at].head == levels[at].orders.count { levels.remove(at: at) }
            }
            if side == .buy { remove(from: &bids, ascending: true) } else { remove(from: &asks, ascending: false) }
        }
    }

    static func run(_ ops: [StreamOp]) -> [String] {
        var lines: [String] = []
        // The engine (tick ladder + intrusive queues in a preallocated pool).
        let engine = MatchingEngine(configuration: EngineConfiguration(expectedOrders: ops.count))
        var engineLog = FillLog()
        var start = monotonicNanoseconds()
        for op in ops {
            engine.process(op.command(), now: 0)
            for sequenced in engine.events {
                if case .trade(let t) = sequenced.event {
                    engineLog.record(t.takerID.rawValue, t.makerID.rawValue, t.price.rawValue, t.quantity.rawValue)
                }
            }
        }
        var seconds = Double(monotonicNanoseconds() - start) / 1e9
        lines.append(
            "{\"structure\":\"tick-ladder+intrusive-pool (engine)\",\"ops\":\(ops.count),\"ns_per_op\":\(String(format: "%.1f", seconds * 1e9 / Double(ops.count))),\"fill_hash\":\"\(String(engineLog.hash, radix: 16))\"}"
        )
        // Sorted arrays of levels, arrays of orders per level.
        var book = ArrayLevelsBook()
        start = monotonicNanoseconds()
        for op in ops {
            switch op.kind {
            case .add: book.add(op.id, op.side, op.price, Int64(op.quantity))
            case .cancel: book.cancel(op.id)
            case .addIOC, .move: break
            }
        }
        seconds = Double(monotonicNanoseconds() - start) / 1e9
        lines.append(
            "{\"structure\":\"sorted-level-arrays+order-arrays\",\"ops\":\(ops.count),\"ns_per_op\":\(String(format: "%.1f", seconds * 1e9 / Double(ops.count))),\"fill_hash\":\"\(String(book.log.hash, radix: 16))\"}"
        )
        return lines
    }
}
