import BourseCore
import ConsolidatedBook

/// One slice of a fill plan: a size to take from one venue at one price level.
public struct FillSlice: Hashable, Sendable {
    public var venue: String
    /// The level's price (raw at the book's price scale).
    public var price: Price
    public var quantity: Quantity
    /// The price net of the venue's taker fee (what decided the slice's rank).
    public var netPrice: ExactDecimal
    /// The worst price this slice may trade at: its level ± the slippage allowance, never beyond the parent's limit.
    public var worstPrice: Price
}

/// One order a plan sends: a limit IOC per venue for the sum of that venue's slices, at the worst acceptable
/// price among them. IOC at a limit, never a market order: it cannot trade beyond `limit`.
public struct PlannedOrder: Hashable, Sendable {
    public var venue: String
    public var side: Side
    public var limit: Price
    public var quantity: Quantity

    public init(venue: String, side: Side, limit: Price, quantity: Quantity) {
        self.venue = venue
        self.side = side
        self.limit = limit
        self.quantity = quantity
    }
}

/// Why a venue took no part in a plan.
public struct Exclusion: Hashable, Sendable {
    public var venue: String
    /// `not_live`, `stale_book` or `excluded` (the caller's choice, e.g. after a failed attempt).
    public var reason: String

    public init(venue: String, reason: String) {
        self.venue = venue
        self.reason = reason
    }
}

/// How to take a marketable order's size from several venues.
public struct FillPlan: Hashable, Sendable {
    public var side: Side
    /// Slices in the order they were chosen (best net price first).
    public var slices: [FillSlice]
    /// Size the plan covers (≤ the order's).
    public var plannedQuantity: Quantity
    /// Size the book could not offer within the limit and the eligible venues.
    public var unplannedQuantity: Quantity
    /// Σ price × size of the slices (raw at price scale + size scale).
    public var expectedNotional: Int128
    public var exclusions: [Exclusion]
    /// The book's price scale (for ``expectedAverage``).
    public var priceScale: Int

    /// The expected average gross price, rounded down to 8 more decimals than the book's prices (`nil` when
    /// nothing is planned).
    public var expectedAverage: ExactDecimal? {
        guard plannedQuantity.rawValue > 0 else { return nil }
        return ExactDecimal(
            significand: expectedNotional * 100_000_000 / Int128(plannedQuantity.rawValue), scale: priceScale + 8)
    }

    /// The orders to send: one per venue, in the order the venues first appear.
    public var orders: [PlannedOrder] {
        var result: [PlannedOrder] = []
        var index: [String: Int] = [:]
        for slice in slices {
            if let i = index[slice.venue] {
                result[i].quantity = Quantity(result[i].quantity.rawValue + slice.quantity.rawValue)
                let worse = side == .buy ? slice.worstPrice > result[i].limit : slice.worstPrice < result[i].limit
                if worse { result[i].limit = slice.worstPrice }
            } else {
                index[slice.venue] = result.count
                result.append(PlannedOrder(venue: slice.venue, side: side, limit: slice.worstPrice, quantity: slice.quantity))
            }
        }
        return result
    }
}
