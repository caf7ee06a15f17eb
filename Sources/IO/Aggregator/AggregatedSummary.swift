import BourseCore
import ConsolidatedBook
import Feeds

/// One published state of a symbol's consolidated book: what the gRPC stream, the WebSocket stream,
/// `GET /book/<symbol>` and the terminal client show. Exact decimal texts throughout; `Double` only where the
/// gRPC protocol demands it (built at that edge).
public struct AggregatedSummary: Sendable, Codable {
    /// One (venue, price, size) row.
    public struct Row: Hashable, Sendable, Codable {
        public var exchange: String
        public var price: String
        public var amount: String
    }

    /// A venue's state and freshness.
    public struct Venue: Hashable, Sendable, Codable {
        public var exchange: String
        /// `connecting`, `syncing`, `live`, `stale` or `down`.
        public var state: String
        public var included: Bool
        public var exchangeTime: Int64
        public var receiveTime: Int64
        public var messages: Int
        public var gaps: Int
        public var resyncs: Int
        public var lastError: String?
    }

    /// A cross-venue opportunity: buy on one venue's ask, sell on another's bid.
    public struct Cross: Hashable, Sendable, Codable {
        public var buyExchange: String
        public var askPrice: String
        public var sellExchange: String
        public var bidPrice: String
        public var quantity: String
        public var grossEdge: String
        public var netEdge: String
    }

    /// The canonical symbol.
    public var symbol: String
    /// Best ask - best bid over the live venues (negative when venues cross), `nil` when a side is empty.
    public var spread: String?
    /// Bids, best first, then larger size first, then venue name.
    public var bids: [Row]
    /// Asks, best first.
    public var asks: [Row]
    public var venues: [Venue]
    public var crosses: [Cross]
    /// When this summary was built, nanoseconds since the epoch.
    public var timestamp: Int64
    /// Counts summaries built for this symbol (a consumer that sees a jump skipped the ones between).
    public var sequence: UInt64

    public static func empty(symbol: String) -> AggregatedSummary {
        AggregatedSummary(symbol: symbol, spread: nil, bids: [], asks: [], venues: [], crosses: [], timestamp: 0, sequence: 0)
    }
}
