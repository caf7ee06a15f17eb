import MarketData
import OrderBook

/// What a driver asks the connector to do after a frame or a snapshot.
public enum FeedDirective: Hashable, Sendable {
    /// Nothing.
    case none
    /// Fetch this REST address and hand the body to ``VenueDriver/receiveSnapshot(_:at:)``.
    case fetchSnapshot(url: String)
    /// The book is wrong and only a new subscription can repair it: reconnect now (no backoff).
    case resubscribe(reason: String)
    /// The venue announced it will close the connection (maintenance, shutdown): reconnect now.
    case reconnect(reason: String)
}

/// One venue's protocol for one instrument: what to connect to and subscribe, and how frames change the book.
///
/// A driver is a value with no I/O; the ``FeedConnector`` owns the socket, the timers and the supervision.
/// ``reset()`` is called before each connection; counters survive it.
public protocol VenueDriver: Sendable {
    /// The venue's name (`binance`, `coinbase`, `bitstamp`, `bitmex`, ...).
    var venue: String { get }
    /// The instrument in the venue's spelling.
    var symbol: String { get }
    /// The WebSocket address to open.
    var streamURL: String { get }
    /// Text frames to send once connected (subscriptions).
    var subscriptions: [String] { get }
    /// The book as it stands (meaningful only when ``isSynced``).
    var book: L2Book { get }
    /// Whether the book is current.
    var isSynced: Bool { get }
    /// Book-keeping counters (messages, applied, gaps, resyncs, snapshots, crossed).
    var syncCounters: BookSyncCounters { get }
    /// Frames that could not be parsed.
    var parseErrors: Int { get }
    /// Exchange time of the last applied update, nanoseconds since the epoch (0 if the venue sends none).
    var exchangeTime: Int64 { get }
    /// The decimals of the book's prices and sizes.
    var scales: DecimalScales { get }

    /// Forgets the book before a new connection.
    mutating func reset()
    /// Handles one received frame.
    mutating func receive(_ frame: [UInt8], at time: Int64) -> FeedDirective
    /// Handles a REST snapshot body fetched after ``FeedDirective/fetchSnapshot(url:)``.
    mutating func receiveSnapshot(_ body: [UInt8], at time: Int64) -> FeedDirective
}

extension VenueDriver {
    public mutating func receiveSnapshot(_ body: [UInt8], at time: Int64) -> FeedDirective { .none }
}
