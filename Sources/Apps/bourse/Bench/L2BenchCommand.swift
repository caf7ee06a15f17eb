import ArgumentParser
import BourseCore
import OrderBook

/// `bourse bench l2`: `L2Book` (sorted chunks) against the flat sorted array it replaced, on synthetic update
/// streams at a chosen book depth. Both get the same updates and must end with the same levels.
struct L2BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "l2",
        abstract: "L2 book updates per second: sorted chunks (L2Book) against one flat sorted array (see DESIGN.md).",
        discussion: """
            Each side starts with --levels levels on every other tick of a 2×--levels tick range; updates pick a
            tick uniformly over that range (--spread uniform) or at a geometric distance from the best
            (--spread top, mean 20 ticks), and delete the level half the time, so the depth stays about the same.
            """
    )

    @Option(help: "Levels per side at the start.")
    var levels = 5_000

    @Option(help: "Updates in the stream.")
    var updates = 1_000_000

    @Option(help: "Where updates land: uniform (anywhere in the book) or top (near the best level).")
    var spread = "uniform"

    @Option(help: "Seed.")
    var seed: UInt64 = 1

    func validate() throws {
        guard spread == "uniform" || spread == "top" else { throw ValidationError("--spread is uniform or top") }
        guard levels > 0, updates > 0 else { throw ValidationError("--levels and --updates must be positive") }
    }

    func run() throws {
        let mid: Int64 = 10_000_000
        let range = Int64(2 * levels)
        var random = SeededGenerator(seed: seed)
        var stream: [L2LevelDifference] = []
        stream.reserveCapacity(updates)
        for _ in 0..<updates {
            let side: Side = Bool.random(using: &random) ? .buy : .sell
            var distance: Int64
            if spread == "uniform" {
                distance = Int64.random(in: 1...range, using: &random)
            } else {
                distance = 1
                while distance < range && Int.random(in: 0..<20, using: &random) != 0 { distance += 1 }
            }
            let price = side == .buy ? mid - distance : mid + distance
            let quantity: Int64 = Bool.random(using: &random) ? 0 : Int64.random(in: 1...1_000, using: &random)
            stream.append(L2LevelDifference(side: side, price: Price(price), quantity: Quantity(quantity)))
        }
        var chunked = L2Book()
        var flat = FlatL2Book()
        for k in stride(from: 1, through: range, by: 2) {
            for (side, price) in [(Side.buy, mid - k), (Side.sell, mid + k)] {
                chunked.set(side, price: Price(price), quantity: Quantity(100))
                flat.set(side, price: Price(price), quantity: Quantity(100))
            }
        }
        let clock = ContinuousClock()
        var start = clock.now
        for update in stream { chunked.set(update.side, price: update.price, quantity: update.quantity) }
        let chunkedTime = clock.now - start
        start = clock.now
        for update in stream { flat.set(update.side, price: update.price, quantity: update.quantity) }
        let flatTime = clock.now - start
        let same = Array(chunked.levels(.buy)) == flat.bids.reversed() && Array(chunked.levels(.sell)) == flat.asks.reversed()
        // Reading the best 20 levels of each side, as the consolidated book's merge does after every update.
        let reads = 200_000
        var checksum: Int64 = 0
        start = clock.now
        for _ in 0..<reads {
            chunked.forEachBest(.buy, limit: 20) { checksum &+= $0.quantity.rawValue }
            chunked.forEachBest(.sell, limit: 20) { checksum &+= $0.quantity.rawValue }
        }
        let chunkedRead = clock.now - start
        start = clock.now
        for _ in 0..<reads {
            for level in flat.bids.reversed().prefix(20) { checksum &-= level.quantity.rawValue }
            for level in flat.asks.reversed().prefix(20) { checksum &-= level.quantity.rawValue }
        }
        let flatRead = clock.now - start
        func nanoseconds(_ duration: Duration, per count: Int) -> String {
            let total = Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) * 1e-9
            return String(format: "%.1f", total / Double(count))
        }
        print(
            "{\"levels\":\(levels),\"spread\":\"\(spread)\",\"updates\":\(updates),"
                + "\"final_levels\":[\(chunked.count(.buy)),\(chunked.count(.sell))],"
                + "\"chunked_ns_per_update\":\(nanoseconds(chunkedTime, per: updates)),"
                + "\"flat_ns_per_update\":\(nanoseconds(flatTime, per: updates)),"
                + "\"chunked_ns_per_top20_read\":\(nanoseconds(chunkedRead, per: reads)),"
                + "\"flat_ns_per_top20_read\":\(nanoseconds(flatRead, per: reads)),"
                + "\"same_levels\":\(same && checksum == 0)}")
    }
}

/// The L2 side layout before sorted chunks, kept as the measured alternative: one sorted array per side, best
/// last, found by galloping from the best level and then bisecting.
struct FlatL2Book {
    var bids: [L2Level] = []
    var asks: [L2Level] = []

    mutating func set(_ side: Side, price: Price, quantity: Quantity) {
        if side == .buy { Self.set(&bids, price, quantity, ascending: true) } else { Self.set(&asks, price, quantity, ascending: false) }
    }

    static func set(_ levels: inout [L2Level], _ price: Price, _ quantity: Quantity, ascending: Bool) {
        var low = 0
        var high = levels.count
        var step = 1
        while high - step > low {
            let probe = high - step
            if ascending ? levels[probe].price < price : levels[probe].price > price {
                low = probe + 1
                break
            }
            high = probe
            step *= 2
        }
        while low < high {
            let mid = (low + high) / 2
            if ascending ? levels[mid].price < price : levels[mid].price > price { low = mid + 1 } else { high = mid }
        }
        if low < levels.count && levels[low].price == price {
            if quantity.rawValue <= 0 { levels.remove(at: low) } else { levels[low].quantity = quantity }
        } else if quantity.rawValue > 0 {
            levels.insert(L2Level(price: price, quantity: quantity), at: low)
        }
    }
}
