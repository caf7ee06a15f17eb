import MarketData
import OrderBook

/// Coinbase Exchange `level2_batch` (or `level2`): a `snapshot`, then `l2update` changes with absolute sizes.
///
/// The channel carries no sequence numbers, so a lost message cannot be seen on the wire; the connector's
/// crossed-book check, staleness timer and the `heartbeat` channel (subscribed alongside) are the guards,
/// and any doubt resubscribes (a new snapshot replaces the book).
public struct CoinbaseDriver: VenueDriver {
    public let venue = "coinbase"
    public let symbol: String
    public let streamURL: String
    public let subscriptions: [String]
    private var replay: CoinbaseReplay
    public let exchangeTime: Int64 = 0

    /// - Parameters:
    ///   - product: `BTC-USD`.
    ///   - websocketBase: `wss://ws-feed.exchange.coinbase.com`.
    ///   - channel: `level2_batch` (public, 50 ms batches) or `level2` (authenticated on the real venue).
    public init?(product: String, websocketBase: String, channel: String = "level2_batch") {
        guard let replay = CoinbaseReplay(product: product) else { return nil }
        self.replay = replay
        symbol = product
        streamURL = websocketBase
        subscriptions = [
            "{\"type\":\"subscribe\",\"product_ids\":[\"\(product)\"],\"channels\":[\"\(channel)\",\"heartbeat\"]}"
        ]
    }

    public var book: L2Book { replay.currentBook }
    public var isSynced: Bool { replay.isSynced }
    public var syncCounters: BookSyncCounters { replay.counters }
    public var parseErrors: Int { replay.errors }
    public var scales: DecimalScales { replay.scales }

    public mutating func reset() { replay.reset() }

    public mutating func receive(_ frame: [UInt8], at time: Int64) -> FeedDirective {
        let errors = replay.errors
        replay.feed(RecordedFrame(time: time, kind: .received, payload: frame))
        // Without sequence numbers an unreadable frame may have been a lost update: start over.
        return replay.errors > errors ? .resubscribe(reason: "unreadable frame") : .none
    }
}
