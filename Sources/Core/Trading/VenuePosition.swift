import BourseCore

/// A position with average-cost accounting, exact: the open size, what it cost, and the P&L realised so far.
///
/// Amounts are `Int128` in quote units at scale `priceScale + sizeScale` (a price times a size). The average
/// cost is kept as the open position's signed cost basis (`costBasis / position` is the average price), never
/// as a rounded price, so `realised + unrealised(mark:)` always equals the fills' cash flow plus
/// `position × mark`, exactly.
///
/// Reducing a position releases the proportional share of the basis, `costBasis × closed / |position|`
/// truncated toward zero: the remainder of that division (less than one unit) stays in the open position and
/// is realised when it closes. Closing it entirely releases the whole basis.
public struct VenuePosition: Hashable, Sendable {
    /// Signed raw size: positive long, negative short.
    public private(set) var position: Int64 = 0
    /// The open position's cost: `Σ price × size` of what is still open, signed like ``position``
    /// (long 3 at 100 → +300; short 2 at 100 → −200); 0 when flat.
    public private(set) var costBasis: Int128 = 0
    /// P&L realised by closing trades, net of every fee paid (fees are realised when paid).
    public private(set) var realised: Int128 = 0
    /// The fees paid so far (negative: net rebates); already subtracted from ``realised``.
    public private(set) var fees: Int128 = 0
    /// The fills applied.
    public private(set) var fillCount = 0

    /// A flat position.
    public init() {}

    /// The P&L of the open position at `mark`: `position × mark − costBasis`.
    /// - Parameter mark: the raw price to value the position at.
    public func unrealised(mark: Price) -> Int128 {
        Int128(position) * Int128(mark.rawValue) - costBasis
    }

    /// Realised plus unrealised P&L at `mark`.
    /// - Parameter mark: the raw price to value the open position at.
    public func total(mark: Price) -> Int128 { realised + unrealised(mark: mark) }

    /// Applies a fill: buys add to a long (or cover a short), sells the reverse; a fill larger than the
    /// position closes it, realising its P&L, and opens the rest on the other side at the fill's price.
    /// - Parameter fill: a fill with a positive price and size (checked by ``PositionLedger``).
    /// - Throws: ``TradingError`` `overflow` when the position would not fit an `Int64`; nothing changes then.
    public mutating func apply(_ fill: Fill) throws(TradingError) {
        let delta = fill.signedQuantity
        let (newPosition, overflow) = position.addingReportingOverflow(delta)
        guard !overflow else {
            throw TradingError(.overflow, "position \(position) plus fill \(fill.tradeID) (\(delta)) overflows")
        }
        // The fill's cash, signed like its size (a buy's cost); a fill at several prices carries its exact
        // notional, and a part of it is priced pro rata (the parts still sum to the whole, so cash is exact).
        let signedNotional = delta > 0 ? fill.notional : -fill.notional
        var next = self
        if position == 0 || (position > 0) == (delta > 0) {
            next.costBasis += signedNotional
        } else {
            let open = Int128(position.magnitude)
            let closing = min(Int128(delta.magnitude), open)
            // Basis released, signed like the position; the closing trade's cash is −(−sign·closing)·price.
            let released = costBasis * closing / open
            let closingSigned = position > 0 ? -closing : closing
            let closingCash = signedNotional * closing / Int128(delta.magnitude)
            next.realised += -closingCash - released
            next.costBasis -= released
            let opening = Int128(delta) - closingSigned
            if opening != 0 { next.costBasis = signedNotional - closingCash }
        }
        next.position = newPosition
        next.realised -= Int128(fill.fee)
        next.fees += Int128(fill.fee)
        next.fillCount += 1
        self = next
    }
}
