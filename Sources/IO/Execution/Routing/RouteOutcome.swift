import BourseCore
import Trading

/// What routing one marketable order did.
public struct RouteOutcome: Sendable {
    /// The plans, one per round (the first is what the order expected).
    public var plans: [FillPlan] = []
    /// The fills, at the consolidated book's scales.
    public var filledQuantity: Int64 = 0
    /// Σ price × size of the fills (raw at the book's price scale + size scale).
    public var filledNotional: Int128 = 0
    /// Expected notional of the same size at the first plan's prices (what slippage is measured against).
    public var plannedNotionalForFilled: Int128 = 0
    /// Orders sent (one per venue per round).
    public var ordersSent = 0
    /// Venues that failed or refused, with the error codes.
    public var failures: [String] = []
    /// Size left when routing stopped.
    public var remaining: Int64 = 0
    /// Why it stopped: `filled`, `no_liquidity`, `adverse_move`, `rounds`, `halted`.
    public var stopReason = "filled"

    /// Slippage against the first plan, signed (positive: worse than planned), in raw price units at the book's
    /// price scale per unit of size, scaled by 10^8 for precision (`nil` when nothing filled).
    public func slippage(side: Side) -> Int128? {
        guard filledQuantity > 0 else { return nil }
        let difference = filledNotional - plannedNotionalForFilled
        return (side == .buy ? difference : -difference) * 100_000_000 / Int128(filledQuantity)
    }
}
