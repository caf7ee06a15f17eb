import BourseCore

/// One order a strategy wants resting: a side, a price on the tick grid, a size in whole lots, and the ladder
/// level it belongs to (0 at the touch).
public struct TraderQuote: Hashable, Sendable {
    /// Buy (a bid) or sell (an ask).
    public var side: Side
    /// The limit price, raw at the book's price scale.
    public var price: Price
    /// The size, raw at the book's size scale (positive).
    public var quantity: Quantity
    /// The ladder level, 0 nearest the mid; a level skipped for size leaves a gap in the numbers.
    public var level: Int

    /// Creates a quote.
    /// - Parameters:
    ///   - side: buy or sell.
    ///   - price: raw price.
    ///   - quantity: raw size.
    ///   - level: ladder level, 0 at the touch.
    public init(side: Side, price: Price, quantity: Quantity, level: Int) {
        self.side = side
        self.price = price
        self.quantity = quantity
        self.level = level
    }
}

extension TraderQuote: Codable {
    private enum CodingKeys: String, CodingKey {
        case side, price, quantity, level
    }

    /// Decodes `{"side": "buy"|"sell", "price": raw, "quantity": raw, "level": n}`.
    /// - Throws: `DecodingError.dataCorrupted` for a side other than `buy` or `sell`, or the decoder's errors.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let sideText = try container.decode(String.self, forKey: .side)
        guard let side = Side.allCases.first(where: { $0.description == sideText }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .side, in: container, debugDescription: "side '\(sideText)' is neither 'buy' nor 'sell'")
        }
        self.side = side
        price = Price(try container.decode(Int64.self, forKey: .price))
        quantity = Quantity(try container.decode(Int64.self, forKey: .quantity))
        level = try container.decode(Int.self, forKey: .level)
    }

    /// Encodes the side as `buy`/`sell` and the price and size as raw integers (exact, no `Double`).
    /// - Throws: the encoder's errors.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(side.description, forKey: .side)
        try container.encode(price.rawValue, forKey: .price)
        try container.encode(quantity.rawValue, forKey: .quantity)
        try container.encode(level, forKey: .level)
    }
}
