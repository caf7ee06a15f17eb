import MarketData
import OrderBook

/// One connector's published view: state, counters and (when live) the book.
public struct FeedStatus: Sendable {
    /// The venue (`binance`, `coinbase`, ...).
    public var venue: String
    /// The instrument in the venue's own spelling.
    public var symbol: String
    /// Where the connector is.
    public var state: FeedState
    /// Counters since the connector started.
    public var counters: FeedCounters
    /// The book; empty unless ``state`` is ``FeedState/live``, so no consumer ever sees a stale or half-built book.
    public var book: L2Book
    /// The decimals of the book's prices and sizes.
    public var scales: DecimalScales
    /// The reason of the last disconnect or resync, for operators.
    public var lastIssue: String?

    public init(venue: String, symbol: String, state: FeedState, counters: FeedCounters, book: L2Book,
                scales: DecimalScales, lastIssue: String? = nil) {
        self.venue = venue
        self.symbol = symbol
        self.state = state
        self.counters = counters
        self.book = book
        self.scales = scales
        self.lastIssue = lastIssue
    }
}
