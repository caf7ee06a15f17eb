import BourseCore
import OrderBook

@testable import ConsolidatedBook

/// A slow, obviously correct consolidated book for differential tests: one dictionary `price -> size` per venue
/// and side, every answer recomputed from scratch by sorting. Conversion between scales goes through the
/// decimal text (`FixedPoint.format` then `FixedPoint.parse`), independently of the book's integer arithmetic.
struct ReferenceConsolidatedBook {
    struct Venue {
        let config: VenueConfig
        var isLive = false
        var isIncluded = false
        var lastExchangeTime: Int64 = 0
        var lastError: ConsolidatedBookError.Code?
        var bids: [Int64: Int64] = [:]
        var asks: [Int64: Int64] = [:]

        func levels(_ side: Side) -> [Int64: Int64] { side == .buy ? bids : asks }
    }

    let scales: BookScales
    let depth: Int?
    var venues: [Venue]

    init(scales: BookScales, depth: Int?, venues: [VenueConfig]) {
        self.scales = scales
        self.depth = depth
        self.venues = venues.map { Venue(config: $0) }
    }

    /// Applies an update; returns the code the real book must throw, or `nil` when it must accept it, and the
    /// number of `(side, price)` entries of the venue that changed.
    mutating func update(_ v: Int, health: VenueHealth, book: L2Book) -> (
        error: ConsolidatedBookError.Code?, changed: Int
    ) {
        let last = venues[v].lastExchangeTime
        if health.isLive && health.exchangeTime != 0 && last != 0 && health.exchangeTime < last {
            return (.outOfOrder, 0)
        }
        let old = (venues[v].bids, venues[v].asks)
        venues[v].isLive = health.isLive
        venues[v].lastExchangeTime = max(last, health.exchangeTime)
        var error: ConsolidatedBookError.Code?
        var new: ([Int64: Int64], [Int64: Int64]) = ([:], [:])
        if health.isLive {
            switch convert(book, venue: v) {
            case .success(let converted): new = converted
            case .failure(let refused): error = refused.code
            }
        }
        venues[v].bids = new.0
        venues[v].asks = new.1
        venues[v].isIncluded = health.isLive && error == nil
        venues[v].lastError = error
        return (error, Self.differences(old.0, new.0) + Self.differences(old.1, new.1))
    }

    static func differences(_ a: [Int64: Int64], _ b: [Int64: Int64]) -> Int {
        Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.count
    }

    struct Refused: Error { let code: ConsolidatedBookError.Code }

    func convert(_ book: L2Book, venue v: Int) -> Result<([Int64: Int64], [Int64: Int64]), Refused> {
        Result { () throws(Refused) in try convertOrThrow(book, venue: v) }
    }

    /// Bids then asks, best level first, price before size; then the venue's own cross.
    func convertOrThrow(_ book: L2Book, venue v: Int) throws(Refused) -> ([Int64: Int64], [Int64: Int64]) {
        let from = venues[v].config.scales
        var sides: [[Int64: Int64]] = [[:], [:]]
        for (position, side) in [Side.buy, .sell].enumerated() {
            for level in book.top(side, depth ?? book.count(side)) {
                guard level.price.rawValue > 0 else { throw Refused(code: .nonPositivePrice) }
                let price = try rescale(level.price.rawValue, from.price, scales.price, inexact: .inexactPrice)
                let size = try rescale(level.quantity.rawValue, from.size, scales.size, inexact: .inexactSize)
                if size > Int64.max / 64 { throw Refused(code: .overflow) }
                sides[position][price] = size
            }
        }
        if let bid = sides[0].keys.max(), let ask = sides[1].keys.min(), bid >= ask {
            throw Refused(code: .venueBookCrossed)
        }
        return (sides[0], sides[1])
    }

    /// The value at the target scale through its decimal text.
    func rescale(_ value: Int64, _ from: Int, _ to: Int, inexact: ConsolidatedBookError.Code) throws(Refused) -> Int64 {
        do {
            return try FixedPoint.parse(FixedPoint.format(value, scale: from), scale: to)
        } catch {
            throw Refused(code: error.code == .tooManyDecimals ? inexact : .overflow)
        }
    }

    // MARK: Answers, recomputed from scratch

    func isBetter(_ side: Side, _ a: Int64, _ b: Int64) -> Bool { side == .buy ? a > b : a < b }

    /// All rows: price best first, then larger size, then venue name.
    func rows(_ side: Side) -> [ConsolidatedRow] {
        var rows: [ConsolidatedRow] = []
        for (v, venue) in venues.enumerated() {
            for (price, size) in venue.levels(side) {
                rows.append(
                    ConsolidatedRow(
                        venue: VenueID(v), venueName: venue.config.name, price: Price(price),
                        quantity: Quantity(size)))
            }
        }
        return rows.sorted { a, b in
            if a.price != b.price { return isBetter(side, a.price.rawValue, b.price.rawValue) }
            if a.quantity != b.quantity { return a.quantity > b.quantity }
            return a.venueName < b.venueName
        }
    }

    /// All levels aggregated by price, best first.
    func levels(_ side: Side) -> [ConsolidatedLevel] {
        var byPrice: [Int64: [VenueQuantity]] = [:]
        for (v, venue) in venues.enumerated() {
            for (price, size) in venue.levels(side) {
                byPrice[price, default: []].append(
                    VenueQuantity(venue: VenueID(v), venueName: venue.config.name, quantity: Quantity(size)))
            }
        }
        return byPrice.keys.sorted { isBetter(side, $0, $1) }.map { price in
            let entries = byPrice[price]!.sorted { a, b in
                a.quantity != b.quantity ? a.quantity > b.quantity : a.venueName < b.venueName
            }
            let total = entries.reduce(Int64(0)) { $0 + $1.quantity.rawValue }
            return ConsolidatedLevel(price: Price(price), total: Quantity(total), venues: entries)
        }
    }

    var spread: Int64? {
        let bids = venues.flatMap { $0.bids.keys }
        let asks = venues.flatMap { $0.asks.keys }
        guard let bid = bids.max(), let ask = asks.min() else { return nil }
        return ask - bid
    }

    func net(_ price: Int64, _ side: Side, fee: Int) -> Int128 {
        Int128(price) * Int128(side == .buy ? 10_000 - fee : 10_000 + fee)
    }

    func netRows(_ side: Side) -> [NetRow] {
        rows(side).map { row in
            let fee = venues[row.venue.index].config.takerFeeBasisPoints
            return NetRow(
                venue: row.venue, venueName: row.venueName, price: row.price, quantity: row.quantity,
                takerFeeBasisPoints: fee,
                netPrice: ExactDecimal(significand: net(row.price.rawValue, side, fee: fee), scale: scales.price + 4))
        }.sorted { a, b in
            if a.netPrice.significand != b.netPrice.significand {
                return side == .buy
                    ? a.netPrice.significand > b.netPrice.significand
                    : a.netPrice.significand < b.netPrice.significand
            }
            if a.quantity != b.quantity { return a.quantity > b.quantity }
            return a.venueName < b.venueName
        }
    }

    func crosses() -> [CrossOpportunity] {
        var result: [CrossOpportunity] = []
        for (s, seller) in venues.enumerated() {
            for (b, buyer) in venues.enumerated() where s != b {
                guard let bid = seller.bids.keys.max(), let ask = buyer.asks.keys.min(), bid >= ask else { continue }
                let netEdge =
                    net(bid, .buy, fee: seller.config.takerFeeBasisPoints)
                    - net(ask, .sell, fee: buyer.config.takerFeeBasisPoints)
                result.append(
                    CrossOpportunity(
                        buyVenue: VenueID(b), buyVenueName: buyer.config.name, askPrice: Price(ask),
                        askQuantity: Quantity(buyer.asks[ask]!), sellVenue: VenueID(s),
                        sellVenueName: seller.config.name, bidPrice: Price(bid),
                        bidQuantity: Quantity(seller.bids[bid]!),
                        grossEdge: bid - ask, netEdge: ExactDecimal(significand: netEdge, scale: scales.price + 4)))
            }
        }
        return result.sorted { a, b in
            if a.netEdge.significand != b.netEdge.significand { return a.netEdge.significand > b.netEdge.significand }
            if a.grossEdge != b.grossEdge { return a.grossEdge > b.grossEdge }
            if a.sellVenueName != b.sellVenueName { return a.sellVenueName < b.sellVenueName }
            return a.buyVenueName < b.buyVenueName
        }
    }
}
