import BourseCore

extension ConsolidatedBook {
    /// Every pair of distinct live venues where one venue's best bid is at or above the other's best ask.
    ///
    /// Ordered by net edge (largest first), then gross edge, then the selling venue's name, then the buying
    /// venue's. Locked pairs (bid equal to ask) are included with a gross edge of zero. Only the best level of
    /// each venue is considered: the pair's ``CrossOpportunity/quantity`` is what is available at those two
    /// prices. Empty when fewer than two venues are live.
    public func crosses() -> [CrossOpportunity] {
        var result: [CrossOpportunity] = []
        // A pair crosses only if the best bid over all venues reaches the best ask over all venues (a venue never
        // crosses itself: such a book is refused), so the usual uncrossed book answers at once.
        guard isCrossed else { return result }
        for seller in venues.indices {
            guard let bid = venues[seller].bids.first else { continue }
            for buyer in venues.indices where buyer != seller {
                guard let ask = venues[buyer].asks.first, bid.price >= ask.price else { continue }
                result.append(
                    CrossOpportunity(
                        buyVenue: VenueID(buyer), buyVenueName: venues[buyer].name,
                        askPrice: ask.price, askQuantity: ask.quantity,
                        sellVenue: VenueID(seller), sellVenueName: venues[seller].name,
                        bidPrice: bid.price, bidQuantity: bid.quantity,
                        grossEdge: bid.price.rawValue - ask.price.rawValue,
                        netEdge: ExactDecimal(
                            significand: netPrice(bid.price, isBid: true, fee: venues[seller].takerFee)
                                - netPrice(ask.price, isBid: false, fee: venues[buyer].takerFee),
                            scale: netScale)))
            }
        }
        guard result.count > 1 else { return result }
        // The comparator captures the name ranks alone: capturing `self` would copy the whole book per call.
        let rank = nameRank
        result.sort { a, b in
            if a.netEdge.significand != b.netEdge.significand { return a.netEdge.significand > b.netEdge.significand }
            if a.grossEdge != b.grossEdge { return a.grossEdge > b.grossEdge }
            if a.sellVenue != b.sellVenue { return rank[a.sellVenue.index] < rank[b.sellVenue.index] }
            return rank[a.buyVenue.index] < rank[b.buyVenue.index]
        }
        return result
    }
}
