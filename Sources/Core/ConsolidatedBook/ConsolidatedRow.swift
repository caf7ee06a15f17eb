import BourseCore

/// One venue's level as a separate row of the consolidated book: `(venue, price, size)`.
///
/// Rows are ordered by price (best first), then size (larger first), then venue name, so equal prices on
/// several venues always come out in the same order.
public struct ConsolidatedRow: Hashable, Sendable {
    /// The venue's handle.
    public var venue: VenueID
    /// The venue's name.
    public var venueName: String
    /// The price, at the book's price scale.
    public var price: Price
    /// The venue's size at that price, at the book's size scale.
    public var quantity: Quantity

    public init(venue: VenueID, venueName: String, price: Price, quantity: Quantity) {
        self.venue = venue
        self.venueName = venueName
        self.price = price
        self.quantity = quantity
    }
}

/// A row read net of the venue's taker fee: what a taker would really pay (asks) or receive (bids) per unit.
///
/// An ask's net price is `price × (1 + fee)`, a bid's `price × (1 − fee)`, exactly, at the book's price scale
/// plus 4 (fees are whole basis points). Rows are ordered by net price (best first), then size (larger
/// first), then venue name.
public struct NetRow: Hashable, Sendable {
    /// The venue's handle.
    public var venue: VenueID
    /// The venue's name.
    public var venueName: String
    /// The quoted price, at the book's price scale.
    public var price: Price
    /// The venue's size at that price.
    public var quantity: Quantity
    /// The venue's taker fee in basis points.
    public var takerFeeBasisPoints: Int
    /// The price net of the taker fee, at the book's price scale + 4.
    public var netPrice: ExactDecimal

    public init(
        venue: VenueID, venueName: String, price: Price, quantity: Quantity, takerFeeBasisPoints: Int,
        netPrice: ExactDecimal
    ) {
        self.venue = venue
        self.venueName = venueName
        self.price = price
        self.quantity = quantity
        self.takerFeeBasisPoints = takerFeeBasisPoints
        self.netPrice = netPrice
    }
}
