import BourseCore
import ConsolidatedBook

/// How the router reaches one venue for one symbol: its order-entry name, its own symbol and grid scales.
public struct VenueRoute: Hashable, Sendable {
    /// The venue's name (the consolidated book's and the execution client's).
    public var venue: String
    /// The venue's own symbol (`BTCUSDT`, `BTC-USDT`).
    public var symbol: String
    /// The venue's scales; the consolidated book's finer values convert exactly.
    public var priceScale: Int
    public var sizeScale: Int

    public init(venue: String, symbol: String, priceScale: Int, sizeScale: Int) {
        self.venue = venue
        self.symbol = symbol
        self.priceScale = priceScale
        self.sizeScale = sizeScale
    }

    /// The factors from this venue's raw values to the consolidated book's (`book = venue × factor`): `10^(book
    /// scale − venue scale)` for prices and sizes. `nil` when the venue is finer than the book on either, which
    /// the router cannot express exactly (configure coarser venue scales or a finer book).
    public func factors(to book: BookScales) -> (price: Int64, size: Int64)? {
        let price = book.price - priceScale
        let size = book.size - sizeScale
        guard price >= 0, size >= 0 else { return nil }
        return (FixedPoint.powersOfTen[price], FixedPoint.powersOfTen[size])
    }
}
