import BourseCore
import ConsolidatedBook

/// What the strategy and the router see of one symbol at one moment: the consolidated book's best levels,
/// gross and net of fees, and each venue's health. A value: taking one is cheap and it never changes under
/// the reader.
public struct MarketSnapshot: Sendable {
    /// A venue as the router needs it.
    public struct Venue: Hashable, Sendable {
        public var name: String
        /// Whether the venue's connector is live and its book included in the consolidated book.
        public var isLive: Bool
        /// When the venue's book last changed (receive time, ns since the epoch; 0: never).
        public var updatedAt: Int64
        public var takerFeeBasisPoints: Int

        public init(name: String, isLive: Bool, updatedAt: Int64, takerFeeBasisPoints: Int) {
            self.name = name
            self.isLive = isLive
            self.updatedAt = updatedAt
            self.takerFeeBasisPoints = takerFeeBasisPoints
        }
    }

    public var symbol: String
    /// The consolidated book's scales (prices and sizes below are raw at these).
    public var scales: BookScales
    /// Best levels, best first, with per-venue sizes.
    public var bids: [ConsolidatedLevel]
    public var asks: [ConsolidatedLevel]
    /// Best `(venue, price, size)` rows net of taker fees, best net first (``ConsolidatedBook/netRows(_:_:)``).
    public var netBids: [NetRow]
    public var netAsks: [NetRow]
    public var venues: [Venue]
    /// The consolidated book's update count.
    public var sequence: UInt64
    /// When the snapshot was taken (ns since the epoch).
    public var time: Int64

    public init(
        symbol: String, scales: BookScales, bids: [ConsolidatedLevel], asks: [ConsolidatedLevel], netBids: [NetRow],
        netAsks: [NetRow], venues: [Venue], sequence: UInt64, time: Int64
    ) {
        self.symbol = symbol
        self.scales = scales
        self.bids = bids
        self.asks = asks
        self.netBids = netBids
        self.netAsks = netAsks
        self.venues = venues
        self.sequence = sequence
        self.time = time
    }

    /// The snapshot of `book`: `depth` levels per side, `depth × 4` net rows.
    public init(book: ConsolidatedBook, depth: Int, venues: [Venue], sequence: UInt64, time: Int64) {
        self.init(
            symbol: book.symbol, scales: book.scales, bids: book.top(.buy, depth), asks: book.top(.sell, depth),
            netBids: book.netRows(.buy, depth * 4), netAsks: book.netRows(.sell, depth * 4), venues: venues,
            sequence: sequence, time: time)
    }

    /// An empty snapshot (nothing known yet).
    public static func empty(symbol: String, scales: BookScales) -> MarketSnapshot {
        MarketSnapshot(symbol: symbol, scales: scales, bids: [], asks: [], netBids: [], netAsks: [], venues: [], sequence: 0, time: 0)
    }

    /// The mid of the best bid and ask, when both exist.
    public var mid: Int64? {
        guard let bid = bids.first?.price.rawValue, let ask = asks.first?.price.rawValue else { return nil }
        return bid + (ask - bid) / 2
    }
}
