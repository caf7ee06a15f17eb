/// Maker and taker fee rates of an instrument, in parts per million of the notional (100 = 1 bp = 0.01%).
///
/// A fee is `floor(notional × rate / 1_000_000)`, computed exactly in integers, charged in the quote asset to
/// both sides of a trade and credited to the exchange's fee account. Rounding down per fill means the sum of
/// the fees of several fills never exceeds the fee of their total, so a hold sized for the whole order at its
/// limit price always covers it (see ``fee(on:rate:)``).
public struct FeeSchedule: Hashable, Sendable {
    public var makerRate: Int64
    public var takerRate: Int64

    /// Highest rate accepted: 10%.
    public static let maximumRate: Int64 = 100_000

    /// - Throws: `invalid_amount` when a rate is negative or above 10%.
    public init(makerRate: Int64, takerRate: Int64) throws(LedgerError) {
        guard (0...Self.maximumRate).contains(makerRate), (0...Self.maximumRate).contains(takerRate) else {
            throw LedgerError(.invalidAmount, "fee rates must be within 0...100000 ppm")
        }
        self.makerRate = makerRate
        self.takerRate = takerRate
    }

    /// No fees.
    public static let free = try! FeeSchedule(makerRate: 0, takerRate: 0)

    /// The larger of the two rates: what a hold must cover, since a resting order may end up on either side.
    public var worstRate: Int64 { max(makerRate, takerRate) }

    /// `floor(amount × rate / 1e6)` without intermediate overflow, for `amount >= 0` and `rate` in 0...10%.
    @inlinable
    public static func fee(on amount: Int64, rate: Int64) -> Int64 {
        precondition(amount >= 0 && rate >= 0 && rate <= maximumRate, "fee of a negative amount or rate")
        return (amount / 1_000_000) * rate + (amount % 1_000_000) * rate / 1_000_000
    }
}

/// Who keeps the difference when an incoming order's limit is better than the resting order's price.
public enum PriceImprovementPolicy: UInt8, Hashable, Sendable, CaseIterable {
    /// The usual: both sides trade at the resting (maker) order's price; the taker gets the improvement.
    case makerPrice = 1
    /// The buyer pays its own limit, the seller receives its own limit, and the difference goes to the house
    /// account. Orders without a limit (market orders) pay or receive the trade price.
    case houseSpread = 2

    /// The text used in configuration and APIs (`maker-price`, `house-spread`).
    public var name: String { self == .makerPrice ? "maker-price" : "house-spread" }

    /// Parses ``name``.
    public init?(name: String) {
        switch name {
        case "maker-price": self = .makerPrice
        case "house-spread": self = .houseSpread
        default: return nil
        }
    }
}
