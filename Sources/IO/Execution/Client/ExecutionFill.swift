import BourseCore

/// A fill the execution client learned of: the growth of one order's cumulative filled size between two
/// reports. Its ``id`` (order id and cumulative size) makes it idempotent: a report read twice adds nothing.
public struct ExecutionFill: Codable, Hashable, Sendable {
    public var id: String
    public var venue: String
    public var symbol: String
    public var clientOrderID: String
    public var side: String
    /// The size filled, raw at the order's size scale.
    public var quantity: Int64
    /// Σ price × size of this fill, raw at price scale + size scale.
    public var notional: Int64
    /// When the client learned of it (ns since the epoch).
    public var time: Int64

    public var orderSide: Side { side == "buy" ? .buy : .sell }
}
