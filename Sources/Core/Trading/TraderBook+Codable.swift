import BourseCore

extension TraderBook: Codable {
    private enum CodingKeys: String, CodingKey {
        case symbol, generation, mid, bids, asks, volatility, createdAt
    }

    /// Decodes the shape written by ``encode(to:)``.
    /// - Throws: the decoder's errors, or `DecodingError.dataCorrupted` for a quote with an unknown side.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try container.decode(String.self, forKey: .symbol)
        generation = try container.decode(UInt64.self, forKey: .generation)
        mid = Price(try container.decode(Int64.self, forKey: .mid))
        bids = try container.decode([TraderQuote].self, forKey: .bids)
        asks = try container.decode([TraderQuote].self, forKey: .asks)
        volatility = try container.decodeIfPresent(Int64.self, forKey: .volatility)
        createdAt = try container.decode(Int64.self, forKey: .createdAt)
    }

    /// Encodes the book with raw integer prices and sizes (exact; no `Double`); `volatility` is omitted when
    /// `nil`.
    /// - Throws: the encoder's errors.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(symbol, forKey: .symbol)
        try container.encode(generation, forKey: .generation)
        try container.encode(mid.rawValue, forKey: .mid)
        try container.encode(bids, forKey: .bids)
        try container.encode(asks, forKey: .asks)
        try container.encodeIfPresent(volatility, forKey: .volatility)
        try container.encode(createdAt, forKey: .createdAt)
    }
}
