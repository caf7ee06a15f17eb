import BourseCore

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
}
