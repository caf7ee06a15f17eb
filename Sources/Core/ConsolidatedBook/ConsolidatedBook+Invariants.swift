extension ConsolidatedBook {
    /// Verifies the structure's invariants; returns a description of the first violation, or `nil`.
    ///
    /// Each side strictly ordered (best last), every total positive and equal to the sum of its venue sizes,
    /// no negative venue size; the per-venue sizes in the sides equal exactly the levels each venue
    /// contributes; a venue that is not included contributes nothing; no venue size above
    /// ``maximumLevelSize``; no venue crossed on its own. Meant for tests: O(levels × venues).
    public func checkInvariants() -> String? {
        for (name, side) in [("bids", bids), ("asks", asks)] {
            if side.stride != venues.count {
                return "\(name) has \(side.stride) venue slots for \(venues.count) venues"
            }
            if side.totals.count != side.count || side.sizes.count != side.count * side.stride {
                return "\(name) arrays have inconsistent lengths"
            }
            for index in 0..<side.count {
                if index > 0 && !side.isBetter(side.prices[index], than: side.prices[index - 1]) {
                    return "\(name) out of order at \(index): \(side.prices[index - 1]), \(side.prices[index])"
                }
                var sum: Int64 = 0
                for venue in 0..<side.stride {
                    let size = side.size(level: index, venue: venue)
                    if size < 0 || size > Self.maximumLevelSize {
                        return "\(name)[\(index)] venue \(venue) size \(size)"
                    }
                    sum += size
                }
                if side.totals[index] <= 0 { return "\(name)[\(index)] total \(side.totals[index]) is not positive" }
                if side.totals[index] != sum { return "\(name)[\(index)] total \(side.totals[index]) != sum \(sum)" }
            }
            // The sides hold exactly what the venues contribute.
            for venue in venues.indices {
                let levels = venues[venue].levels(side.isBid)
                var contributed = 0
                for index in 0..<side.count where side.size(level: index, venue: venue) > 0 { contributed += 1 }
                if contributed != levels.count {
                    return "\(name): venue \(venue) has \(contributed) levels in the book, \(levels.count) of its own"
                }
                for (position, level) in levels.enumerated() {
                    if position > 0 && !side.isBetter(levels[position - 1].price.rawValue, than: level.price.rawValue) {
                        return "\(name): venue \(venue)'s own levels out of order at \(position)"
                    }
                    let (index, found) = side.search(level.price.rawValue)
                    if !found || side.size(level: index, venue: venue) != level.quantity.rawValue {
                        return "\(name): venue \(venue)'s level \(level.price) is not in the book with its size"
                    }
                }
                if !venues[venue].status.isIncluded && !levels.isEmpty {
                    return "\(name): venue \(venue) is not included but contributes \(levels.count) levels"
                }
            }
        }
        for venue in venues.indices {
            if let bid = venues[venue].bids.first, let ask = venues[venue].asks.first, bid.price >= ask.price {
                return "venue \(venue) is crossed on its own: \(bid.price) >= \(ask.price)"
            }
        }
        return nil
    }
}
