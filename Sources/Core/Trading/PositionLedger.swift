import BourseCore

/// Our positions and P&L per venue and in total, from the fills the venues report; exact and idempotent.
///
/// Every fill is applied twice: to its venue's ``VenuePosition`` and to ``total``, an average-cost position
/// over all venues' fills together. So buying on one venue and selling on another is realised in ``total``
/// while each venue still shows an open position; the sums of positions and of `total(mark:)` over the
/// venues always equal ``total``'s (only the split between realised and unrealised differs).
///
/// A fill whose trade id was already applied for its venue is ignored (venues replay fills after a
/// reconnect), so applying the same fill twice changes nothing.
public struct PositionLedger: Sendable {
    /// Each venue's position, by venue name; a venue appears with its first fill.
    public private(set) var positions: [String: VenuePosition] = [:]
    /// The position over all venues.
    public private(set) var total = VenuePosition()
    /// The trade ids applied, per venue.
    private var seen: [String: Set<String>] = [:]

    /// An empty ledger.
    public init() {}

    /// Applies a fill unless its trade id was already applied for its venue.
    /// - Parameter fill: the fill; price and size must be positive, venue and trade id non-empty.
    /// - Returns: `true` when applied, `false` for a duplicate (nothing changes).
    /// - Throws: ``TradingError`` `invalidFill` for a non-positive price or size or an empty venue or trade id;
    ///   `overflow` when a position would not fit an `Int64`. Nothing changes when it throws, and the trade id
    ///   is not recorded (a corrected fill with the same id can still be applied).
    @discardableResult
    public mutating func apply(_ fill: Fill) throws(TradingError) -> Bool {
        guard fill.price.rawValue > 0, fill.quantity.rawValue > 0, !fill.venue.isEmpty, !fill.tradeID.isEmpty else {
            throw TradingError(
                .invalidFill,
                "fill \(fill.tradeID) on \(fill.venue): price \(fill.price) and quantity \(fill.quantity) must be "
                    + "positive and the venue and trade id non-empty")
        }
        if seen[fill.venue]?.contains(fill.tradeID) == true { return false }
        var venue = positions[fill.venue] ?? VenuePosition()
        var newTotal = total
        try venue.apply(fill)
        try newTotal.apply(fill)
        positions[fill.venue] = venue
        total = newTotal
        seen[fill.venue, default: []].insert(fill.tradeID)
        return true
    }

    /// Whether a fill with `tradeID` was applied for `venue`.
    /// - Parameters:
    ///   - tradeID: the venue's trade id.
    ///   - venue: the venue's name.
    public func contains(tradeID: String, venue: String) -> Bool { seen[venue]?.contains(tradeID) == true }

    /// The net position over all venues, signed raw size.
    public var position: Int64 { total.position }

    /// P&L realised over all venues (average cost over all fills), net of fees.
    public var realised: Int128 { total.realised }

    /// The unrealised P&L over all venues at `mark`.
    /// - Parameter mark: the raw price to value the net position at.
    public func unrealised(mark: Price) -> Int128 { total.unrealised(mark: mark) }

    /// Realised plus unrealised P&L over all venues at `mark`.
    /// - Parameter mark: the raw price to value the net position at.
    public func total(mark: Price) -> Int128 { total.total(mark: mark) }
}
