import BourseCore

/// **The protocol edge**: the only place where the consolidated book's exact values become `Double`.
///
/// Everything inside the book is an integer at a fixed decimal scale. Some wire formats (the aggregator's
/// gRPC summary: `double price`, `double amount`, `double spread`) need binary floating point; convert there
/// and nowhere else, and never feed the result back into the book.
///
/// The conversion goes through the exact decimal text (`FixedPoint.format`, ``ExactDecimal/description``)
/// and the standard library's correctly rounded decimal parser, so the result is the `Double` nearest to the
/// exact value. Dividing the raw integer by a power of ten would round twice once the integer exceeds 2^53
/// (a BTC price at scale 10 does).
public enum ProtocolEdge {
    /// The `Double` nearest to `value / 10^scale`.
    public static func double(_ value: Int64, scale: Int) -> Double {
        parse(FixedPoint.format(value, scale: scale))
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
    public static func double(_ decimal: ExactDecimal) -> Double { parse(decimal.description) }

    /// The `Double` nearest to an exact decimal text this project formatted (`"60000.01"`, `"-0.02"`).
    public static func double(decimalText text: String) -> Double { parse(text) }

    private static func parse(_ text: String) -> Double {
        guard let value = Double(text) else {
            // The text comes from our own formatters: digits, an optional point and sign.
            preconditionFailure("exact decimal text '\(text)' did not parse as a Double")
        }
        return value
    }
}
