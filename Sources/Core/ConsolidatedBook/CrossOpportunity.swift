import BourseCore

/// Two live venues whose books cross: one venue's best bid is at or above another venue's best ask.
///
/// Buying at ``askPrice`` on ``buyVenue`` and selling at ``bidPrice`` on ``sellVenue`` earns ``grossEdge``
/// per unit before fees, for up to ``quantity`` (the smaller of the two best levels' sizes). The consolidated
/// book reports these instead of hiding them: each venue's book is sound on its own, the cross exists only
/// between venues (latency, fees, or a real arbitrage).
public struct CrossOpportunity: Hashable, Sendable {
    /// The venue to buy on (its best ask).
    public var buyVenue: VenueID
    /// Its name.
    public var buyVenueName: String
    /// The buy venue's best ask, at the book's price scale.
    public var askPrice: Price
    /// The size at that ask.
    public var askQuantity: Quantity
    /// The venue to sell on (its best bid).
    public var sellVenue: VenueID
    /// Its name.
    public var sellVenueName: String
    /// The sell venue's best bid, at the book's price scale.
    public var bidPrice: Price
    /// The size at that bid.
    public var bidQuantity: Quantity
    /// `bidPrice − askPrice` in price units (zero for a locked pair, never negative).
    public var grossEdge: Int64
    /// Per unit net of both taker fees, `bid × (1 − sellFee) − ask × (1 + buyFee)`, exactly, at the book's
    /// price scale + 4. Negative when the fees eat the edge.
    public var netEdge: ExactDecimal

    /// The size available on both sides at the best prices.
    public var quantity: Quantity { min(askQuantity, bidQuantity) }

    /// `true` when the edge survives both taker fees.
    public var isProfitableNetOfFees: Bool { netEdge.significand > 0 }

    public init(
        buyVenue: VenueID, buyVenueName: String, askPrice: Price, askQuantity: Quantity,
        sellVenue: VenueID, sellVenueName: String, bidPrice: Price, bidQuantity: Quantity,
        grossEdge: Int64, netEdge: ExactDecimal
    ) {
        self.buyVenue = buyVenue
        self.buyVenueName = buyVenueName
        self.askPrice = askPrice
        self.askQuantity = askQuantity
        self.sellVenue = sellVenue
        self.sellVenueName = sellVenueName
        self.bidPrice = bidPrice
        self.bidQuantity = bidQuantity
        self.grossEdge = grossEdge
        self.netEdge = netEdge
    }
}
