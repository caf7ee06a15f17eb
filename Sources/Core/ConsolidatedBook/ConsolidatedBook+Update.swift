import BourseCore
import OrderBook

extension ConsolidatedBook {
    /// Replaces a venue's contribution with its current book, gated by its health.
    ///
    /// - A live update converts the venue's best ``depthPerVenue`` levels per side (all when `nil`) exactly to
    ///   the book's scales and makes them the venue's whole contribution: prices it no longer quotes disappear,
    ///   prices other venues also quote keep those venues' sizes.
    /// - A non-live update (connecting, syncing, stale, down) withdraws all of the venue's levels; `book` is
    ///   ignored. The venue returns with its next live update.
    ///
    /// On error:
    /// - `outOfOrder` (a live update whose exchange time is older than the venue's latest): nothing changes,
    ///   the newer book stands.
    /// - `nonPositivePrice`, `inexactPrice`, `inexactSize`, `overflow`, `venueBookCrossed` (the book cannot be
    ///   shown exactly or is broken): the venue's levels are **withdrawn** before the error is thrown, and
    ///   ``VenueStatus/lastError`` keeps the error until the next accepted update. Showing the venue's previous
    ///   book instead would show liquidity it may no longer have.
    /// - `unknownVenue`: nothing changes.
    ///
    /// - Parameters:
    ///   - venue: a handle from this book.
    ///   - health: the connector's state and the exchange time of its last update.
    ///   - book: the venue's book at the venue's scales (``VenueConfig/scales``).
    /// - Returns: how much the consolidated book changed.
    @discardableResult
    public mutating func update(_ venue: VenueID, health: VenueHealth, book: L2Book) throws(ConsolidatedBookError)
        -> UpdateOutcome
    {
        let index = try checkedIndex(venue)
        let last = venues[index].status.lastExchangeTime
        if health.isLive && health.exchangeTime != 0 && last != 0 && health.exchangeTime < last {
            throw ConsolidatedBookError(
                .outOfOrder,
                "update at exchange time \(health.exchangeTime) ns is older than the one applied (\(last) ns); "
                    + "publish a venue's books in order", venue: venues[index].name)
        }
        let before = BestKey(bids, asks)
        venues[index].status.isLive = health.isLive
        venues[index].status.lastExchangeTime = max(last, health.exchangeTime)
        guard health.isLive else {
            let changed = replace(index, bids: [], asks: [])
            venues[index].status.isIncluded = false
            venues[index].status.lastError = nil
            return UpdateOutcome(changedEntries: changed, bestChanged: BestKey(bids, asks) != before)
        }
        let converted: (bids: [L2Level], asks: [L2Level])
        do {
            converted = try convert(book, venue: index)
        } catch {
            replace(index, bids: [], asks: [])
            venues[index].status.isIncluded = false
            venues[index].status.lastError = error
            throw error
        }
        let changed = replace(index, bids: converted.bids, asks: converted.asks)
        venues[index].status.isIncluded = true
        venues[index].status.lastError = nil
        return UpdateOutcome(changedEntries: changed, bestChanged: BestKey(bids, asks) != before)
    }

    /// Withdraws a venue's levels (the same as a non-live ``update(_:health:book:)``).
    /// - Throws: `unknownVenue` only.
    @discardableResult
    public mutating func withdraw(_ venue: VenueID, exchangeTime: Int64 = 0) throws(ConsolidatedBookError)
        -> UpdateOutcome
    {
        try update(venue, health: .notLive(exchangeTime: exchangeTime), book: L2Book())
    }

    // MARK: Conversion

    /// The venue's best levels at the book's scales, best first, or the first reason they cannot be shown
    /// (bids before asks, best level first, price before size; then the venue's own cross).
    func convert(_ book: L2Book, venue index: Int) throws(ConsolidatedBookError) -> (bids: [L2Level], asks: [L2Level]) {
        let limit = depthPerVenue ?? Int.max
        var bids: [L2Level] = []
        bids.reserveCapacity(Swift.min(limit, book.count(.buy)))
        try book.forEachBest(.buy, limit: limit) { (level) throws(ConsolidatedBookError) in
            bids.append(try convert(level, side: .buy, venue: index))
        }
        var asks: [L2Level] = []
        asks.reserveCapacity(Swift.min(limit, book.count(.sell)))
        try book.forEachBest(.sell, limit: limit) { (level) throws(ConsolidatedBookError) in
            asks.append(try convert(level, side: .sell, venue: index))
        }
        if let bid = bids.first, let ask = asks.first, bid.price >= ask.price {
            throw ConsolidatedBookError(
                .venueBookCrossed,
                "the venue's own best bid \(format(bid.price.rawValue, scales.price)) is at or above its best ask "
                    + "\(format(ask.price.rawValue, scales.price)); its connector should resync",
                venue: venues[index].name)
        }
        return (bids, asks)
    }

    /// One level at the book's scales. Error texts are built only on failure: formatting every level would cost
    /// more than the whole update.
    func convert(_ level: L2Level, side: Side, venue index: Int) throws(ConsolidatedBookError) -> L2Level {
        guard level.price.rawValue > 0 else {
            throw conversionError(.nonPositivePrice, level, side: side, venue: index)
        }
        let price: Int64
        do {
            price = try venues[index].priceConverter.convert(level.price.rawValue)
        } catch {
            throw conversionError(
                error == .inexact ? .inexactPrice : .overflow, level, side: side, venue: index, ofPrice: true)
        }
        let size: Int64
        do {
            size = try venues[index].sizeConverter.convert(level.quantity.rawValue)
        } catch {
            throw conversionError(error == .inexact ? .inexactSize : .overflow, level, side: side, venue: index)
        }
        guard size <= Self.maximumLevelSize else { throw conversionError(.overflow, level, side: side, venue: index) }
        return L2Level(price: Price(price), quantity: Quantity(size))
    }

    /// The error for a level that cannot be shown, with the values as the venue sent them.
    private func conversionError(
        _ code: ConsolidatedBookError.Code, _ level: L2Level, side: Side, venue index: Int, ofPrice: Bool = false
    ) -> ConsolidatedBookError {
        let venue = venues[index].name
        let from = venues[index].status.config.scales
        let price = "\(side == .buy ? "bid" : "ask") price \(format(level.price.rawValue, from.price))"
        let size = "size \(format(level.quantity.rawValue, from.size)) at \(price)"
        switch code {
        case .nonPositivePrice:
            return ConsolidatedBookError(code, "\(price) is not positive", venue: venue)
        case .inexactPrice:
            return ConsolidatedBookError(
                code,
                "\(price) (scale \(from.price)) has no exact value at the book's price scale \(scales.price); "
                    + "create the book with a price scale of at least \(from.price)", venue: venue)
        case .inexactSize:
            return ConsolidatedBookError(
                code,
                "\(size) (scale \(from.size)) has no exact value at the book's size scale \(scales.size); "
                    + "create the book with a size scale of at least \(from.size)", venue: venue)
        case .overflow where ofPrice:
            return ConsolidatedBookError(
                .overflow,
                "\(price) does not fit 64 bits at the book's price scale \(scales.price); choose a "
                    + "smaller price scale", venue: venue)
        default:
            return ConsolidatedBookError(
                .overflow,
                "\(size) is too large: one venue may show at most "
                    + "\(format(Self.maximumLevelSize, scales.size)) at one price at the book's size scale "
                    + "\(scales.size)", venue: venue)
        }
    }

    private func format(_ value: Int64, _ scale: Int) -> String { FixedPoint.format(value, scale: scale) }

    // MARK: Replacing a venue's levels

    /// Makes `newBids`/`newAsks` (book scales, best first) the venue's contribution by applying only the
    /// differences from its current one. Returns the number of `(price, side)` entries that changed.
    @discardableResult
    mutating func replace(_ index: Int, bids newBids: [L2Level], asks newAsks: [L2Level]) -> Int {
        var changed = Self.apply(old: venues[index].bids, new: newBids, venue: index, to: &bids)
        changed += Self.apply(old: venues[index].asks, new: newAsks, venue: index, to: &asks)
        venues[index].bids = newBids
        venues[index].asks = newAsks
        venues[index].status.bidLevels = newBids.count
        venues[index].status.askLevels = newAsks.count
        return changed
    }

    /// Merges two best-first level lists of one venue and applies each difference to the side.
    static func apply(old: [L2Level], new: [L2Level], venue: Int, to side: inout BookSide) -> Int {
        var changed = 0
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if j == new.count || (i < old.count && side.isBetter(old[i].price.rawValue, than: new[j].price.rawValue)) {
                side.set(venue: venue, price: old[i].price.rawValue, size: 0)
                i += 1
                changed += 1
            } else if i == old.count || side.isBetter(new[j].price.rawValue, than: old[i].price.rawValue) {
                side.set(venue: venue, price: new[j].price.rawValue, size: new[j].quantity.rawValue)
                j += 1
                changed += 1
            } else {
                if old[i].quantity != new[j].quantity {
                    side.set(venue: venue, price: new[j].price.rawValue, size: new[j].quantity.rawValue)
                    changed += 1
                }
                i += 1
                j += 1
            }
        }
        return changed
    }
}

/// The best level of each side as (price, total). One update touches one venue, whose size at an unchanged
/// best price is the total minus the others' (unchanged) sizes, so equal keys mean an unchanged best level.
struct BestKey: Equatable {
    var bid: Int64?
    var bidTotal: Int64?
    var ask: Int64?
    var askTotal: Int64?

    /// From the two sides alone: taking the whole book would copy it (and retain all of its arrays).
    init(_ bids: BookSide, _ asks: BookSide) {
        bid = bids.prices.last
        bidTotal = bids.totals.last
        ask = asks.prices.last
        askTotal = asks.totals.last
    }
}
