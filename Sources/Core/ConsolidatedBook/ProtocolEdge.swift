import BourseCore

/// **The protocol edge**: the only place where the consolidated book's exact values become `Double`.
///
/// Everything inside the book is an integer at a fixed decimal scale. Some wire formats (the aggregator's
/// gRPC summary: `double price`, `double amount`, `double spread`) need binary floating point; convert there
/// and nowhere else, and never feed the result back into the book.
///
/// The result is always the `Double` nearest to the exact value. When the integer and the power of ten are
/// both exact `Double`s (|integer| ≤ 2^53, scale ≤ 22) one IEEE division rounds once, correctly: that is the
/// fast path (the classic one of decimal-to-binary conversion). Otherwise the conversion goes through the exact
/// decimal text (`FixedPoint.format`, ``ExactDecimal/description``) and the standard library's correctly rounded
/// parser: dividing a larger integer would round twice.
public enum ProtocolEdge {
    /// The `Double` nearest to `value / 10^scale`.
    public static func double(_ value: Int64, scale: Int) -> Double {
        if let fast = fastDouble(Int128(value), scale: scale) { return fast }
        return parse(FixedPoint.format(value, scale: scale))
    }

    /// The `Double` nearest to a price at `scales.price`.
    public static func double(_ price: Price, scales: BookScales) -> Double {
        double(price.rawValue, scale: scales.price)
    }

    /// The `Double` nearest to a size at `scales.size`.
    public static func double(_ quantity: Quantity, scales: BookScales) -> Double {
        double(quantity.rawValue, scale: scales.size)
    }

    /// The `Double` nearest to an exact decimal (net prices, net edges).
    public static func double(_ decimal: ExactDecimal) -> Double {
        fastDouble(decimal.significand, scale: decimal.scale) ?? parse(decimal.description)
    }

    /// The `Double` nearest to an exact decimal text this project formatted (`"60000.01"`, `"-0.02"`).
    public static func double(decimalText text: String) -> Double { parse(text) }

    /// `significand / 10^scale` by one correctly rounded division when both operands are exact `Double`s.
    @inline(__always)
    static func fastDouble(_ significand: Int128, scale: Int) -> Double? {
        guard significand.magnitude <= 1 << 53, scale >= 0, scale < exactPowersOfTen.count else { return nil }
        // Through Int64 (it fits): the generic Int128 → Double conversion is several times slower.
        return Double(Int64(truncatingIfNeeded: significand)) / exactPowersOfTen[scale]
    }

    /// 10^0 ... 10^22: the powers of ten a `Double` holds exactly.
    static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    private static func parse(_ text: String) -> Double {
        guard let value = Double(text) else {
            // The text comes from our own formatters: digits, an optional point and sign.
            preconditionFailure("exact decimal text '\(text)' did not parse as a Double")
        }
        return value
    }
}
