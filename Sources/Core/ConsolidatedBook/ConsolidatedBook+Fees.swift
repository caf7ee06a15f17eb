import BourseCore

extension ConsolidatedBook {
    /// The scale of prices net of fees: the book's price scale plus 4 (fees are whole basis points).
    public var netScale: Int { scales.price + 4 }

    /// A venue's price net of its taker fee: what a taker receives per unit selling into a bid
    /// (`price × (1 − fee)`), or pays buying from an ask (`price × (1 + fee)`), exactly at ``netScale``.
    /// `nil` for an id this book did not issue.
    public func netPrice(_ price: Price, side: Side, venue: VenueID) -> ExactDecimal? {
        guard venues.indices.contains(venue.index) else { return nil }
        return ExactDecimal(
            significand: netPrice(price, isBid: side == .buy, fee: venues[venue.index].takerFee), scale: netScale)
    }

    /// The best `n` rows of a side net of each venue's taker fee: net price best first (highest for bids,
    /// lowest for asks), then size larger first, then venue name.
    ///
    /// The order can differ from ``rows(_:_:)``: a venue with a lower fee can beat a better gross price.
    /// Within one venue the net price moves with the gross price (fees are below 100 %), so this is a merge of
    /// the venues' own best-first lists. Exact for `n <= depthPerVenue` (or any `n`).
    public func netRows(_ side: Side, _ n: Int) -> [NetRow] {
        let isBid = side == .buy
        var cursors = Array(repeating: 0, count: venues.count)
        var result: [NetRow] = []
        guard n > 0 else { return result }
        while result.count < n {
            var chosen = -1
            var chosenNet: Int128 = 0
            var chosenQuantity = Quantity.zero
            for venue in venues.indices {
                let levels = venues[venue].levels(isBid)
                guard cursors[venue] < levels.count else { continue }
                let level = levels[cursors[venue]]
                let net = netPrice(level.price, isBid: isBid, fee: venues[venue].takerFee)
                if chosen < 0
                    || precedes(net, level.quantity, venue, chosenNet, chosenQuantity, chosen, isBid: isBid)
                {
                    chosen = venue
                    chosenNet = net
                    chosenQuantity = level.quantity
                }
            }
            guard chosen >= 0 else { break }
            let level = venues[chosen].levels(isBid)[cursors[chosen]]
            cursors[chosen] += 1
            result.append(
                NetRow(
                    venue: VenueID(chosen), venueName: venues[chosen].name, price: level.price,
                    quantity: level.quantity, takerFeeBasisPoints: venues[chosen].takerFee,
                    netPrice: ExactDecimal(significand: chosenNet, scale: netScale)))
        }
        return result
    }

    /// `price × (10 000 ∓ fee)`: a bid's net at ``netScale`` loses the fee, an ask's gains it. Needs 128 bits.
    func netPrice(_ price: Price, isBid: Bool, fee: Int) -> Int128 {
        Int128(price.rawValue) * Int128(isBid ? 10_000 - fee : 10_000 + fee)
    }

    /// Net-row order: better net price, then larger size, then venue name.
    private func precedes(
        _ net: Int128, _ quantity: Quantity, _ venue: Int, _ otherNet: Int128, _ otherQuantity: Quantity,
        _ other: Int, isBid: Bool
    ) -> Bool {
        if net != otherNet { return isBid ? net > otherNet : net < otherNet }
        if quantity != otherQuantity { return quantity > otherQuantity }
        return nameRank[venue] < nameRank[other]
    }
}
