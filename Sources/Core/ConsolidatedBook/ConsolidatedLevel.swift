import BourseCore

/// One venue's size at a consolidated price level.
public struct VenueQuantity: Hashable, Sendable {
    /// The venue's handle.
    public var venue: VenueID
    /// The venue's name.
    public var venueName: String
    /// The venue's size at the level, at the book's size scale (always positive).
    public var quantity: Quantity

    public init(venue: VenueID, venueName: String, quantity: Quantity) {
        self.venue = venue
        self.venueName = venueName
        self.quantity = quantity
    }
}

/// A consolidated price level: the total over the live venues and where it comes from.
public struct ConsolidatedLevel: Hashable, Sendable {
    /// The price, at the book's price scale.
    public var price: Price
    /// The sum of ``venues``' sizes, at the book's size scale.
    public var total: Quantity
    /// The venues quoting this price, larger size first, then by venue name (never empty).
    public var venues: [VenueQuantity]

    public init(price: Price, total: Quantity, venues: [VenueQuantity]) {
        self.price = price
        self.total = total
        self.venues = venues
    }
}
