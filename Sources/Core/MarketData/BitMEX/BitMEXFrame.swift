import BourseCore

/// One row of a BitMEX `orderBookL2` message: a price level keyed by `id`.
public struct BitMEXRow: Hashable, Sendable {
    /// The instrument (`XBTUSD`).
    public var symbol: VenueSymbol
    /// The level's id (unique per symbol and side; encodes the price).
    public var id: Int64
    /// `Buy` or `Sell`.
    public var side: Side
    /// `size`, if the row has one (deletes do not).
    public var size: Int64?
    /// `price`, if the row has one (older feeds omit it on update and delete rows).
    public var price: Int64?

    public init(symbol: VenueSymbol, id: Int64, side: Side, size: Int64? = nil, price: Int64? = nil) {
        self.symbol = symbol
        self.id = id
        self.side = side
        self.size = size
        self.price = price
    }
}

/// What a BitMEX frame was.
public enum BitMEXAction: Hashable, Sendable {
    /// The full book of the symbols in the rows (the first message after subscribing).
    case partial
    /// New levels (with price and size).
    case insert
    /// New sizes for existing ids.
    case update
    /// Removed ids.
    case delete
    /// Any other table or message (quote, trade, welcome, subscription replies).
    case other
}
