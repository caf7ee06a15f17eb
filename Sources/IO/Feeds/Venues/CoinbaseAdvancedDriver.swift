import MarketData
import OrderBook

/// Coinbase Advanced Trade `level2` (messages on `l2_data`) with the `heartbeats` channel: a snapshot, then
/// updates with absolute sizes; `sequence_num` counts the connection's messages, so a lost one is seen and the
/// connector starts over on a new connection (a new snapshot replaces the book).
public struct CoinbaseAdvancedDriver: VenueDriver {
    public let venue = "coinbase-advanced"
    public let symbol: String
    public let streamURL: String
    public let subscriptions: [String]
    private var replay: CoinbaseAdvancedReplay
    public let exchangeTime: Int64 = 0

    /// - Parameters:
    ///   - product: `BTC-USD`.
    ///   - websocketBase: `wss://advanced-trade-ws.coinbase.com`.
    public init?(product: String, websocketBase: String) {
        guard let replay = CoinbaseAdvancedReplay(product: product) else { return nil }
        self.replay = replay
        symbol = product
        streamURL = websocketBase
        subscriptions = [
            "{\"type\":\"subscribe\",\"product_ids\":[\"\(product)\"],\"channel\":\"level2\"}",
            "{\"type\":\"subscribe\",\"channel\":\"heartbeats\"}",
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
        if replay.needsResync { return .resubscribe(reason: "sequence_num gap") }
        return replay.errors > errors ? .resubscribe(reason: "unreadable frame") : .none
    }
}
