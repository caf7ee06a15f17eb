import BourseCore
import Ledger

/// An amount on hold for one or more orders that can never all trade (one order; the two legs of an OCO pair;
/// the two legs of a bracket). Fills are paid out of it; what is left goes back to `available` when the last
/// member finishes.
struct HoldGroup: Hashable, Sendable {
    var account: AccountID
    var asset: AssetID
    var amount: Int64
    /// Live member orders.
    var members: Int
    /// Bracket legs not yet activated: the group must stay even with no members.
    var awaitingLegs: Bool = false
}

/// The exchange's per-order view of a live order: what its hold needs and where fills are paid from.
struct LiveOrder: Hashable, Sendable {
    var market: Int
    var account: AccountID
    var side: Side
    /// Limit price, or a market order's protection price (price units); 0 for none.
    var limit: Int64
    var isMarket: Bool
    /// Untraded base size (price-limited orders), kept current from the engine's events.
    var remaining: Int64
    var group: UInt64
    /// A buy entry of a bracket: its fills go on hold in this group for the legs.
    var legsGroup: UInt64?
}

/// A bracket whose entry has not finished yet.
struct PendingBracket: Hashable, Sendable {
    var entry: OrderID
    var takeProfitID: OrderID
    var stopLossID: OrderID
    var legsGroup: UInt64
    var market: Int
    var entrySide: Side
    var takeProfitPrice: Int64
    var stopLossTrigger: Int64
    /// 0: stop-market.
    var stopLossLimit: Int64
}
