import BourseCore
import ConsolidatedBook

/// Plans how a marketable order takes consolidated liquidity: slices per venue and price level, best price net
/// of each venue's taker fee first, only from venues that are live with a fresh book, each with a worst
/// acceptable price. Pure: the same snapshot and order give the same plan.
public struct FillPlanner: Sendable {
    /// Limits of a plan.
    public struct Limits: Sendable {
        /// A venue whose book is older than this (ns) gets no slice.
        public var maximumBookAge: Int64 = 2_000_000_000
        /// How far beyond its level a slice may trade (raw price units at the book's scale): the slippage bound.
        public var slippageAllowance: Int64 = 0
        public init() {}
    }

    /// A venue's grid at the book's scales: slices are whole lots and worst prices on the tick.
    public struct Grid: Hashable, Sendable {
        public var tick: Int64
        public var lot: Int64
        public init(tick: Int64, lot: Int64) {
            self.tick = max(1, tick)
            self.lot = max(1, lot)
        }
    }

    public var limits: Limits
    /// Grids by venue (a venue without one trades at any size and price the book shows).
    public var grids: [String: Grid]

    public init(limits: Limits = .init(), grids: [String: Grid] = [:]) {
        self.limits = limits
        self.grids = grids
    }

    /// The plan for buying (`side == .buy`, taking asks) or selling `quantity` at no worse than `limit`.
    /// - Parameters:
    ///   - excluded: venues not to use (failed in an earlier round).
    ///   - now: the time the freshness of books is judged at (ns since the epoch).
    public func plan(
        side: Side, limit: Price, quantity: Quantity, in snapshot: MarketSnapshot, excluding excluded: Set<String> = [],
        now: Int64
    ) -> FillPlan {
        var exclusions: [Exclusion] = []
        var eligible: Set<String> = []
        for venue in snapshot.venues {
            if excluded.contains(venue.name) {
                exclusions.append(Exclusion(venue: venue.name, reason: "excluded"))
            } else if !venue.isLive {
                exclusions.append(Exclusion(venue: venue.name, reason: "not_live"))
            } else if now - venue.updatedAt > limits.maximumBookAge {
                exclusions.append(Exclusion(venue: venue.name, reason: "stale_book"))
            } else {
                eligible.insert(venue.name)
            }
        }
        var slices: [FillSlice] = []
        var left = quantity.rawValue
        var notional: Int128 = 0
        let rows = side == .buy ? snapshot.netAsks : snapshot.netBids
        for row in rows where left > 0 && eligible.contains(row.venueName) {
            let price = row.price.rawValue
            guard side == .buy ? price <= limit.rawValue : price >= limit.rawValue else { continue }
            let grid = grids[row.venueName] ?? Grid(tick: 1, lot: 1)
            var size = min(left, row.quantity.rawValue)
            size -= size % grid.lot
            guard size > 0 else { continue }
            slices.append(
                FillSlice(
                    venue: row.venueName, price: row.price, quantity: Quantity(size), netPrice: row.netPrice,
                    worstPrice: worst(price, side: side, limit: limit.rawValue, tick: grid.tick)))
            left -= size
            notional += Int128(price) * Int128(size)
        }
        return FillPlan(
            side: side, slices: slices, plannedQuantity: Quantity(quantity.rawValue - left), unplannedQuantity: Quantity(left),
            expectedNotional: notional, exclusions: exclusions, priceScale: snapshot.scales.price)
    }

    /// The level's price moved by the allowance against the taker, capped at the limit, then onto the tick
    /// towards the level (so it is never beyond the limit), and never better than the level itself.
    func worst(_ price: Int64, side: Side, limit: Int64, tick: Int64) -> Price {
        if side == .buy {
            var value = min(price + limits.slippageAllowance, limit)
            value -= ((value % tick) + tick) % tick
            return Price(max(price, value))
        }
        var value = max(price - limits.slippageAllowance, limit)
        let remainder = ((value % tick) + tick) % tick
        if remainder != 0 { value += tick - remainder }
        return Price(min(price, value))
    }
}
