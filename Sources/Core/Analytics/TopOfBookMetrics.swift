import BourseCore
import OrderBook

/// The top-of-book figures of one book state, exact: integers at the book's scales, ratios as exact decimals
/// truncated to a fixed number of digits (never through `Double`).
public struct TopOfBookMetrics: Hashable, Sendable {
    /// Best bid and ask (price and size).
    public var bid: L2Level
    public var ask: L2Level
    /// Decimals of the prices and sizes.
    public var priceScale: Int
    public var sizeScale: Int

    /// Digits kept after the point by the ratio figures.
    public static let ratioDigits = 8

    /// `nil` when a side is empty.
    public init?(book: L2Book, priceScale: Int, sizeScale: Int) {
        guard let bid = book.bestBid, let ask = book.bestAsk else { return nil }
        self.bid = bid
        self.ask = ask
        self.priceScale = priceScale
        self.sizeScale = sizeScale
    }

    /// Ask - bid, in price units (negative when the book is crossed).
    public var spread: Int64 { ask.price.rawValue - bid.price.rawValue }

    /// (bid + ask) / 2 at one more decimal than the prices, exact.
    public var mid: (value: Int64, scale: Int) { (bid.price.rawValue * 5 + ask.price.rawValue * 5, priceScale + 1) }

    /// Spread / ask, as a decimal with ``ratioDigits`` digits (truncated towards zero).
    public var spreadOverAsk: Int64 { Self.ratio(Int128(spread), Int128(ask.price.rawValue)) }

    /// Spread in basis points of the mid: 10,000 × spread / mid, with ``ratioDigits`` digits.
    public var spreadBps: Int64 {
        // mid = (bid + ask) / 2, so spread / mid = 2 × spread / (bid + ask).
        Self.ratio(Int128(spread) * 20_000, Int128(bid.price.rawValue) + Int128(ask.price.rawValue))
    }

    /// Microprice (size-weighted mid): (bid × askSize + ask × bidSize) / (bidSize + askSize), at the price scale
    /// plus ``ratioDigits`` digits.
    public var microprice: Int64 {
        let b = Int128(bid.quantity.rawValue), a = Int128(ask.quantity.rawValue)
        return Self.ratio(Int128(bid.price.rawValue) * a + Int128(ask.price.rawValue) * b, a + b)
    }

    /// Top-of-book imbalance: (bidSize - askSize) / (bidSize + askSize), in -1 ... 1, ``ratioDigits`` digits.
    public var imbalance: Int64 {
        let b = Int128(bid.quantity.rawValue), a = Int128(ask.quantity.rawValue)
        return Self.ratio(b - a, a + b)
    }

    /// `numerator / denominator` × 10^ratioDigits, truncated towards zero (0 when the denominator is 0).
    static func ratio(_ numerator: Int128, _ denominator: Int128) -> Int64 {
        guard denominator != 0 else { return 0 }
        let scaled = numerator * 100_000_000 / denominator
        return Int64(clamping: scaled)
    }

    /// Text of a ratio figure (`0.00012345`).
    public static func format(ratio: Int64) -> String {
        FixedPoint.format(ratio, scale: ratioDigits)
    }
}

/// Emits an alert when the spread as a fraction of the ask exceeds a threshold (`0.0001` = 1 bp of the ask).
///
/// Exact: the threshold is a decimal read without `Double`, and `spread / ask > threshold` is decided as
/// `spread × 10^s > t × ask` in 128-bit integers. An alert fires when the condition starts to hold and again
/// only after it stopped (no alert storm while a wide spread lasts).
public struct SpreadAlertFilter: Sendable {
    /// The threshold as an integer at ``thresholdScale`` decimals.
    public let threshold: Int64
    public let thresholdScale: Int
    private var active = false

    /// - Throws: ``DecimalError`` for a threshold that is not a plain non-negative decimal with at most 12
    ///   decimals.
    public init(threshold text: String) throws(DecimalError) {
        thresholdScale = 12
        threshold = try FixedPoint.parse(text, scale: thresholdScale, allowNegative: false)
    }

    /// Whether the spread exceeds the threshold.
    public func exceeds(_ metrics: TopOfBookMetrics) -> Bool {
        let left = Int128(metrics.spread) * Int128(FixedPoint.powersOfTen[thresholdScale])
        return left > Int128(threshold) * Int128(metrics.ask.price.rawValue)
    }

    /// `true` when an alert must be emitted for this state (the condition just started to hold).
    public mutating func check(_ metrics: TopOfBookMetrics) -> Bool {
        let now = exceeds(metrics)
        defer { active = now }
        return now && !active
    }
}
