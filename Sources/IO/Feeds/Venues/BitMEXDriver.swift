import MarketData
import OrderBook

/// BitMEX `orderBookL2` over `/realtime`: `partial`, then `insert`/`update`/`delete` keyed by id (update and
/// delete rows may carry no price, so the id → price map is kept). An id that was never inserted means a
/// message was lost: the book is discarded and the connector resubscribes.
public struct BitMEXDriver: VenueDriver {
    public let venue = "bitmex"
    public let symbol: String
    public let streamURL: String
    public let subscriptions: [String]
    private var parser: BitMEXFrameParser
    private var sync: BitMEXBookSync
    private let venueSymbol: VenueSymbol
    public private(set) var parseErrors = 0
    public let exchangeTime: Int64 = 0

    /// - Parameters:
    ///   - symbol: `XBTUSD`.
    ///   - websocketBase: `wss://ws.bitmex.com`.
    public init?(symbol: String, websocketBase: String, scales: DecimalScales = DecimalScales(price: 10, size: 8)) {
        guard let venueSymbol = VenueSymbol(symbol) else { return nil }
        self.venueSymbol = venueSymbol
        self.symbol = symbol
        streamURL = websocketBase + "/realtime"
        subscriptions = ["{\"op\":\"subscribe\",\"args\":[\"orderBookL2:\(symbol)\"]}"]
        parser = BitMEXFrameParser(scales: scales)
        sync = BitMEXBookSync(symbol: venueSymbol)
    }

    public var book: L2Book { sync.book }
    public var isSynced: Bool { sync.isSynced }
    public var syncCounters: BookSyncCounters { sync.counters }
    public var scales: DecimalScales { parser.scales }

    public mutating func reset() {
        sync.reset()
    }

    public mutating func receive(_ frame: [UInt8], at time: Int64) -> FeedDirective {
        do {
            let action = try parser.parse(frame)
            if sync.handle(action, rows: parser.rows) { return .resubscribe(reason: "unknown orderBookL2 id") }
            return .none
        } catch {
            parseErrors += 1
            return .none
        }
    }
}
