import MarketData
import OrderBook

/// Kraken websocket v2 `book` with the `instrument` channel (for the pair's precisions): a snapshot, then
/// updates truncated to the subscribed depth, each with the CRC32 checksum of the top 10 levels; a mismatch
/// discards the book and resubscribes.
public struct KrakenDriver: VenueDriver {
    public let venue = "kraken"
    public let symbol: String
    public let streamURL: String
    public let subscriptions: [String]
    private var replay: KrakenV2Replay
    public let exchangeTime: Int64 = 0

    /// - Parameters:
    ///   - symbol: `BTC/USD`.
    ///   - websocketBase: `wss://ws.kraken.com` (the driver connects to `/v2`).
    ///   - depth: the book depth subscribed (10, 25, 100, 500, 1000).
    public init?(symbol: String, websocketBase: String, depth: Int = 10) {
        // 8 decimals like the other drivers (Kraken's precisions are at most 8 for the pairs it lists).
        guard let replay = KrakenV2Replay(symbol: symbol, depth: depth, scales: DecimalScales(price: 8, size: 8)) else { return nil }
        self.replay = replay
        self.symbol = symbol
        streamURL = websocketBase + "/v2"
        subscriptions = [
            "{\"method\":\"subscribe\",\"params\":{\"channel\":\"instrument\",\"snapshot\":true}}",
            "{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"\(symbol)\"],\"depth\":\(depth)}}",
        ]
    }

    public var book: L2Book { replay.currentBook }
    public var isSynced: Bool { replay.isSynced }
    public var syncCounters: BookSyncCounters { replay.counters }
    public var parseErrors: Int { replay.errors }
    public var scales: DecimalScales { replay.scales }
    /// Checksums compared and matched so far.
    public var checksumsVerified: Int { replay.checksumsVerified }

    public mutating func reset() { replay.reset() }

    public mutating func receive(_ frame: [UInt8], at time: Int64) -> FeedDirective {
        let errors = replay.errors
        replay.feed(RecordedFrame(time: time, kind: .received, payload: frame))
        if replay.needsResync { return .resubscribe(reason: "checksum mismatch") }
        return replay.errors > errors ? .resubscribe(reason: "unreadable frame") : .none
    }
}
