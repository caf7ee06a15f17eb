import BourseCore
import ConsolidatedBook
import OrderBook

// Venues publish whole books (replace semantics); each step changes 1-3 sizes near the top of one venue's book,
// and 30 % of the steps move that venue's mid by one tick. After each update the reader takes the top 10 of both
// sides (aggregated and as rows) and the spread, as an aggregator publishing every change would.

let venueCount = 4
let tick: Int64 = 1_000_000  // 0.01 at scale 8

struct Venue {
    var mid: Int64
    var bids: [Int64: Int64] = [:]
    var asks: [Int64: Int64] = [:]
}

func makeUpdates(depth: Int, steps: Int, seed: UInt64) -> [(Int, L2Book, [Int64: Int64], [Int64: Int64])] {
    var random = SeededGenerator(seed: seed)
    var venues = (0..<venueCount).map { _ in Venue(mid: 100_000 * 100_000_000) }
    func size() -> Int64 { Int64.random(in: 1...20, using: &random) * 10_000_000 }
    func refill(_ v: inout Venue) {
        v.bids = v.bids.filter { $0.key < v.mid && $0.key >= v.mid - Int64(depth) * tick }
        v.asks = v.asks.filter { $0.key > v.mid && $0.key <= v.mid + Int64(depth) * tick }
        for level in 1...depth {
            if v.bids[v.mid - Int64(level) * tick] == nil { v.bids[v.mid - Int64(level) * tick] = size() }
            if v.asks[v.mid + Int64(level) * tick] == nil { v.asks[v.mid + Int64(level) * tick] = size() }
        }
    }
    for v in venues.indices { refill(&venues[v]) }
    var result: [(Int, L2Book, [Int64: Int64], [Int64: Int64])] = []
    result.reserveCapacity(steps)
    for _ in 0..<steps {
        let v = Int.random(in: 0..<venueCount, using: &random)
        if Int.random(in: 0..<10, using: &random) < 3 {
            venues[v].mid += Bool.random(using: &random) ? tick : -tick
            refill(&venues[v])
        }
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let level = Int64.random(in: 1...5, using: &random)
            if Bool.random(using: &random) {
                venues[v].bids[venues[v].mid - level * tick] = size()
            } else {
                venues[v].asks[venues[v].mid + level * tick] = size()
            }
        }
        let book = L2Book(
            bids: venues[v].bids.map { L2Level(price: Price($0.key), quantity: Quantity($0.value)) },
            asks: venues[v].asks.map { L2Level(price: Price($0.key), quantity: Quantity($0.value)) })
        result.append((v, book, venues[v].bids, venues[v].asks))
    }
    return result
}

/// The venue's book as the dictionary variant needs it (the same input the consolidated book gets).
func dictionary(_ book: L2Book, _ side: Side) -> [Int64: Int64] {
    var result: [Int64: Int64] = [:]
    result.reserveCapacity(book.count(side))
    for level in book.levels(side) { result[level.price.rawValue] = level.quantity.rawValue }
    return result
}

func measure(_ name: String, steps: Int, _ body: () -> Int) {
    let clock = ContinuousClock()
    var checksum = 0
    let elapsed = clock.measure { checksum = body() }
    let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    print("\(name): \(Int(ns / Double(steps))) ns/step (checksum \(checksum))")
}

for depth in [20, 200, 1_000] {
    let steps = depth >= 1_000 ? 4_000 : 20_000
    let updates = makeUpdates(depth: depth, steps: steps, seed: 42)
    print("depth \(depth) per side per venue, \(venueCount) venues, \(steps) steps")
    let scales = try BookScales(price: 8, size: 8)
    let configs = try (0..<venueCount).map { try VenueConfig(name: "venue\($0)", scales: scales) }
    for round in 0..<2 {
        measure("  [\(round)] ConsolidatedBook update only", steps: steps) {
            var book = try! ConsolidatedBook(symbol: "BTC/USDT", scales: scales, venues: configs)
            let ids = book.venueStatuses.map(\.id)
            var sum = 0
            for (venue, l2, _, _) in updates {
                sum &+= (try? book.update(ids[venue], health: .live(), book: l2).changedEntries) ?? 0
            }
            return sum
        }
        measure("  [\(round)] ConsolidatedBook update + top 10 + rows 10 + spread", steps: steps) {
            var book = try! ConsolidatedBook(symbol: "BTC/USDT", scales: scales, venues: configs)
            let ids = book.venueStatuses.map(\.id)
            var sum = 0
            for (venue, l2, _, _) in updates {
                _ = try? book.update(ids[venue], health: .live(), book: l2)
                sum &+= book.top(.buy, 10).count + book.top(.sell, 10).count
                sum &+= book.rows(.buy, 10).count + book.rows(.sell, 10).count + Int((book.spread ?? 0) & 1)
            }
            return sum
        }
        measure("  [\(round)] ConsolidatedBook depthPerVenue 50: update + top 10 + rows 10 + spread", steps: steps) {
            var book = try! ConsolidatedBook(symbol: "BTC/USDT", scales: scales, venues: configs, depthPerVenue: 50)
            let ids = book.venueStatuses.map(\.id)
            var sum = 0
            for (venue, l2, _, _) in updates {
                _ = try? book.update(ids[venue], health: .live(), book: l2)
                sum &+= book.top(.buy, 10).count + book.top(.sell, 10).count
                sum &+= book.rows(.buy, 10).count + book.rows(.sell, 10).count + Int((book.spread ?? 0) & 1)
            }
            return sum
        }
        measure("  [\(round)] dictionary update only", steps: steps) {
            var book = DictionaryBook(venueCount: venueCount)
            for (venue, l2, _, _) in updates {
                book.update(venue, bids: dictionary(l2, .buy), asks: dictionary(l2, .sell))
            }
            return book.bids.count
        }
        measure("  [\(round)] dictionary update + top 10 both sides (sort per read)", steps: steps) {
            var book = DictionaryBook(venueCount: venueCount)
            var sum = 0
            for (venue, l2, _, _) in updates {
                book.update(venue, bids: dictionary(l2, .buy), asks: dictionary(l2, .sell))
                sum &+= book.top(true, 10).count + book.top(false, 10).count
            }
            return sum
        }
    }
}
