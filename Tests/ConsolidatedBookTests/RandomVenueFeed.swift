import BourseCore
import OrderBook

@testable import ConsolidatedBook

/// Random per-venue book updates and health changes for differential tests, reproducible from a seed.
///
/// Four venues at different scales quote around a shared mid on a 0.1 grid, so prices collide across venues and
/// venues drift into crossing each other. Sizes come from a small set so equal sizes at equal prices happen.
/// Optional faults: values that have no exact value at the book's scales, sizes that overflow, non-positive
/// prices deep in a book, venues crossed on their own, and exchange times that go backwards.
struct RandomVenueFeed {
    /// Book scales: price 8, size 8.
    static let bookScales = Build.scales(8, 8)
    /// Ids in this order; names deliberately not alphabetical so the name tie-breaker is exercised.
    static let venues = [
        Build.venue("kraken", 1, 4, fee: 26),
        Build.venue("binance", 8, 8, fee: 10),
        Build.venue("bitmex", 10, 0, fee: 7),
        Build.venue("coinbase", 2, 10, fee: 10),
    ]
    static let tick: Int64 = 10_000_000  // 0.1 at scale 8
    static let base: Int64 = 100 * 100_000_000

    var random: SeededGenerator
    /// Whether to inject faults (invalid values, out-of-order times).
    let faults: Bool
    var mids: [Int64] = Array(repeating: base, count: venues.count)
    var clocks: [Int64] = Array(repeating: 10_000, count: venues.count)

    init(seed: UInt64, faults: Bool) {
        random = SeededGenerator(seed: seed)
        self.faults = faults
    }

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
    mutating func int(_ range: ClosedRange<Int64>) -> Int64 { Int64.random(in: range, using: &random) }

    /// The next update: a venue, its health and its book at the venue's own scales.
    mutating func next() -> (venue: Int, health: VenueHealth, book: L2Book) {
        let venue = Int.random(in: 0..<Self.venues.count, using: &random)
        mids[venue] = min(
            max(mids[venue] + Self.tick * int(-2...2), Self.base - 12 * Self.tick), Self.base + 12 * Self.tick)
        var time: Int64
        if faults && chance(10) {
            time = 0
        } else if faults && chance(8) {
            time = clocks[venue] - int(1...500)
        } else {
            clocks[venue] += int(1...1_000)
            time = clocks[venue]
        }
        let book = makeBook(venue)
        let health = chance(12) ? VenueHealth.notLive(exchangeTime: time) : VenueHealth.live(exchangeTime: time)
        return (venue, health, book)
    }

    mutating func makeBook(_ venue: Int) -> L2Book {
        let scales = Self.venues[venue].scales
        var bids: [(Int64, Int64)] = []
        var asks: [(Int64, Int64)] = []
        var price = mids[venue] - Self.tick * int(1...3)
        for _ in 0..<int(0...6) {
            bids.append((price, size(venue)))
            price -= Self.tick * int(1...3)
        }
        price = mids[venue] + Self.tick * int(1...3)
        if faults && chance(3), let best = bids.first { price = best.0 - Self.tick * int(0...1) }  // crossed on its own
        for _ in 0..<int(0...6) {
            asks.append((price, size(venue)))
            price += Self.tick * int(1...3)
        }
        // To the venue's scales (exact by construction: a 0.1 grid, sizes on each venue's lot).
        func toVenue(_ value: Int64, _ from: Int, _ to: Int) -> Int64 {
            to >= from ? value * FixedPoint.powersOfTen[to - from] : value / FixedPoint.powersOfTen[from - to]
        }
        var venueBids = bids.map { (toVenue($0.0, 8, scales.price), toVenue($0.1, 8, scales.size)) }
        var venueAsks = asks.map { (toVenue($0.0, 8, scales.price), toVenue($0.1, 8, scales.size)) }
        if faults {
            if chance(4), !venueBids.isEmpty, scales.price > 8 {  // a price finer than the book's scale
                venueBids[Int.random(in: 0..<venueBids.count, using: &random)].0 += 1
            }
            if chance(4), !venueAsks.isEmpty, scales.size > 8 {  // a size finer than the book's scale
                venueAsks[Int.random(in: 0..<venueAsks.count, using: &random)].1 += 1
            }
            if chance(2), !venueAsks.isEmpty, scales.size == 0 {  // overflow at scale 8, or above the level limit
                venueAsks[venueAsks.count - 1].1 = chance(50) ? 100_000_000_000 : 2_000_000_000
            }
            if chance(3) { venueBids.append((-int(0...5), 1)) }  // a non-positive price at the bottom of the bids
        }
        return Build.book(bids: venueBids, asks: venueAsks)
    }

    mutating func size(_ venue: Int) -> Int64 {
        if Self.venues[venue].scales.size == 0 { return int(1...3) * 100_000_000 }  // whole contracts
        return [25_000_000, 50_000_000, 100_000_000, 100_000_000, 200_000_000][Int(int(0...4))]
    }
}
