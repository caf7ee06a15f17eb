import BourseCore

/// One execution of one of our orders on a venue, as the venue reported it.
public struct Fill: Hashable, Sendable {
    /// The venue's name; positions are kept per venue.
    public var venue: String
    /// Buy (our position grows) or sell (it shrinks).
    public var side: Side
    /// The execution price, raw at the price scale (> 0); for a fill at several prices, the average rounded down.
    public var price: Price
    /// The executed size, raw at the size scale (> 0).
    public var quantity: Quantity
    /// The fee in quote units at scale `priceScale + sizeScale` (the notional's scale): positive paid,
    /// negative a rebate received.
    public var fee: Int64
    /// The venue's trade id, unique per venue: a fill seen twice (a replay after a reconnect) is applied once.
    public var tradeID: String

    /// Creates a fill.
    /// - Parameters:
    ///   - venue: the venue's name.
    ///   - side: our side.
    ///   - price: raw price.
    ///   - quantity: raw size.
    ///   - fee: fee at the notional's scale, positive paid.
    ///   - tradeID: the venue's trade id.
    public init(venue: String, side: Side, price: Price, quantity: Quantity, fee: Int64, tradeID: String) {
        self.venue = venue
        self.side = side
        self.price = price
        self.quantity = quantity
        self.fee = fee
        self.tradeID = tradeID
        notional = Int128(price.rawValue) * Int128(quantity.rawValue)
    }

    /// Creates a fill at several prices (an IOC that swept levels), from its exact notional.
    /// - Parameters:
    ///   - quantity: raw size (> 0).
    ///   - notional: `Σ price × size` at scale `priceScale + sizeScale` (> 0).
    public init(venue: String, side: Side, quantity: Quantity, notional: Int128, fee: Int64, tradeID: String) {
        self.venue = venue
        self.side = side
        self.quantity = quantity
        self.fee = fee
        self.tradeID = tradeID
        self.notional = notional
        price = Price(quantity.rawValue > 0 ? Int64(clamping: notional / Int128(quantity.rawValue)) : 0)
    }

    /// The signed size: `+quantity` for a buy, `-quantity` for a sell.
    public var signedQuantity: Int64 { side == .buy ? quantity.rawValue : -quantity.rawValue }

    /// `Σ price × quantity` at scale `priceScale + sizeScale`, exact.
    public private(set) var notional: Int128
}
