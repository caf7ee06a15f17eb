import BourseCore
import ConsolidatedBook
import Feeds

/// One published state of a symbol's consolidated book: what the gRPC stream, the WebSocket stream,
/// `GET /book/<symbol>` and the terminal client show. Exact decimals throughout, written as decimal texts in
/// JSON; `Double` only where the gRPC protocol demands it (built at that edge).
///
/// Rows and the spread hold the book's integers with their scale (``ExactDecimal``), not text: a summary is
/// built for every frame of every venue, and formatting is left to the edges that need text (JSON, gRPC's text
/// fields), which format only what they send.
public struct AggregatedSummary: Sendable, Codable {
    /// One (venue, price, size) row.
    public struct Row: Hashable, Sendable, Codable {
        public var exchange: String
        public var price: ExactDecimal
        public var amount: ExactDecimal
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
        public var askPrice: ExactDecimal
        public var sellExchange: String
        public var bidPrice: ExactDecimal
        public var quantity: ExactDecimal
        public var grossEdge: ExactDecimal
        /// Net of both venues' taker fees (more decimals than prices).
        public var netEdge: ExactDecimal
    }

    /// The canonical symbol.
    public var symbol: String
    /// Best ask - best bid over the live venues (negative when venues cross), `nil` when a side is empty.
    public var spread: ExactDecimal?
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
