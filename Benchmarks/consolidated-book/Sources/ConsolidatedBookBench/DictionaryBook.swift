/// The alternative measured against `ConsolidatedBook`: per side a dictionary `price -> per-venue sizes`, the
/// venue's previous book as dictionaries for the diff, and a sort of the prices on every read.
struct DictionaryBook {
    let venueCount: Int
    var bids: [Int64: [Int64]] = [:]
    var asks: [Int64: [Int64]] = [:]
    var venueBids: [[Int64: Int64]]
    var venueAsks: [[Int64: Int64]]

    init(venueCount: Int) {
        self.venueCount = venueCount
        venueBids = Array(repeating: [:], count: venueCount)
        venueAsks = Array(repeating: [:], count: venueCount)
    }

    mutating func update(_ venue: Int, bids newBids: [Int64: Int64], asks newAsks: [Int64: Int64]) {
        Self.apply(old: venueBids[venue], new: newBids, venue: venue, count: venueCount, to: &bids)
        Self.apply(old: venueAsks[venue], new: newAsks, venue: venue, count: venueCount, to: &asks)
        venueBids[venue] = newBids
        venueAsks[venue] = newAsks
    }

    static func apply(old: [Int64: Int64], new: [Int64: Int64], venue: Int, count: Int, to side: inout [Int64: [Int64]])
    {
        for (price, _) in old where new[price] == nil {
            side[price]![venue] = 0
            if side[price]!.allSatisfy({ $0 == 0 }) { side[price] = nil }
        }
        for (price, size) in new where old[price] != size {
            side[price, default: Array(repeating: 0, count: count)][venue] = size
        }
    }

    /// The best `n` levels: (price, total, per-venue sizes by size then venue).
    func top(_ isBid: Bool, _ n: Int) -> [(Int64, Int64, [(Int, Int64)])] {
        let side = isBid ? bids : asks
        let prices = side.keys.sorted(by: isBid ? (>) : (<)).prefix(n)
        return prices.map { price in
            let sizes = side[price]!
            var venues: [(Int, Int64)] = []
            for (venue, size) in sizes.enumerated() where size > 0 { venues.append((venue, size)) }
            venues.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            return (price, venues.reduce(0) { $0 + $1.1 }, venues)
        }
    }
}
