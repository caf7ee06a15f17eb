import BourseCore

extension ConsolidatedBook {
    /// The best `n` price levels of a side, best first, each with its total and per-venue sizes (larger size
    /// first, then venue name). Fewer when the side has fewer levels; empty when no venue is live.
    ///
    /// Exact for every `n` when ``depthPerVenue`` is `nil`, and for `n <= depthPerVenue` otherwise.
    public func top(_ side: Side, _ n: Int) -> [ConsolidatedLevel] {
        let book = self.side(side)
        let count = Swift.max(0, Swift.min(n, book.count))
        var result: [ConsolidatedLevel] = []
        result.reserveCapacity(count)
        for rank in 0..<count {
            let index = book.index(rank: rank)
            result.append(
                ConsolidatedLevel(
                    price: Price(book.prices[index]), total: Quantity(book.totals[index]),
                    venues: venueQuantities(book, level: index)))
        }
        return result
    }

    /// The best `n` `(venue, price, size)` rows of a side: price best first, then size larger first, then venue
    /// name. A price quoted by three venues gives three rows. Exact for `n <= depthPerVenue` (or any `n`).
    public func rows(_ side: Side, _ n: Int) -> [ConsolidatedRow] {
        let book = self.side(side)
        var result: [ConsolidatedRow] = []
        guard n > 0 else { return result }
        // One allocation: the rows of a level are sorted in place at the end of `result` (a few venues: insertion
        // sort), and the rows past `n` of the last level are dropped.
        result.reserveCapacity(Swift.min(n + book.stride, book.count * book.stride))
        var rank = 0
        while rank < book.count && result.count < n {
            let index = book.index(rank: rank)
            let price = Price(book.prices[index])
            let first = result.count
            for venue in 0..<book.stride {
                let size = book.size(level: index, venue: venue)
                guard size > 0 else { continue }
                result.append(
                    ConsolidatedRow(venue: VenueID(venue), venueName: venues[venue].name, price: price, quantity: Quantity(size)))
                var position = result.count - 1
                while position > first && precedes(result[position], result[position - 1]) {
                    result.swapAt(position, position - 1)
                    position -= 1
                }
            }
            rank += 1
        }
        if result.count > n { result.removeLast(result.count - n) }
        return result
    }

    /// Row order within one price: larger size first, then venue name.
    @inline(__always)
    private func precedes(_ a: ConsolidatedRow, _ b: ConsolidatedRow) -> Bool {
        a.quantity != b.quantity ? a.quantity > b.quantity : nameRank[a.venue.index] < nameRank[b.venue.index]
    }

    /// The best bid over the live venues.
    public var bestBid: ConsolidatedLevel? { top(.buy, 1).first }
    /// The best ask over the live venues.
    public var bestAsk: ConsolidatedLevel? { top(.sell, 1).first }

    /// Best ask minus best bid over the live venues, in price units at the book's price scale; `nil` when a
    /// side is empty (including when every venue is down). Zero or negative when venues cross each other
    /// (see ``crosses()``): the book shows that rather than hiding it.
    public var spread: Int64? {
        guard let bid = bids.prices.last, let ask = asks.prices.last else { return nil }
        // Both prices are positive, so the difference cannot overflow.
        return ask - bid
    }

    /// `true` when the consolidated best bid is at or above the consolidated best ask, which can only happen
    /// across venues (a venue crossed on its own is refused).
    public var isCrossed: Bool {
        guard let bid = bids.prices.last, let ask = asks.prices.last else { return false }
        return bid >= ask
    }

    /// Number of distinct price levels on a side.
    public func count(_ side: Side) -> Int { self.side(side).count }

    /// `true` when no live venue shows a level.
    public var isEmpty: Bool { bids.count == 0 && asks.count == 0 }

    /// The total size at a price (zero when no venue quotes it).
    public func quantity(_ side: Side, at price: Price) -> Quantity {
        let book = self.side(side)
        let (index, found) = book.search(price.rawValue)
        return found ? Quantity(book.totals[index]) : .zero
    }

    /// One venue's size at a price (zero when it does not quote it or is not live).
    public func quantity(_ side: Side, at price: Price, venue: VenueID) -> Quantity {
        let book = self.side(side)
        guard venues.indices.contains(venue.index) else { return .zero }
        let (index, found) = book.search(price.rawValue)
        return found ? Quantity(book.size(level: index, venue: venue.index)) : .zero
    }

    /// The venues quoting level `index`, larger size first, then by name.
    func venueQuantities(_ book: BookSide, level index: Int) -> [VenueQuantity] {
        var result: [VenueQuantity] = []
        for venue in 0..<book.stride {
            let size = book.size(level: index, venue: venue)
            guard size > 0 else { continue }
            result.append(VenueQuantity(venue: VenueID(venue), venueName: venues[venue].name, quantity: Quantity(size)))
        }
        if result.count > 1 {
            let rank = nameRank  // not `self`: the comparator would copy the whole book
            result.sort { a, b in
                a.quantity != b.quantity ? a.quantity > b.quantity : rank[a.venue.index] < rank[b.venue.index]
            }
        }
        return result
    }
}
