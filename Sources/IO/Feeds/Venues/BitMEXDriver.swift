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
    private let bookScales: DecimalScales
    private var sync: BitMEXBookSync
    private let venueSymbol: VenueSymbol
    public private(set) var parseErrors = 0
    public let exchangeTime: Int64 = 0

    /// - Parameters:
    ///   - symbol: `XBTUSD`.
    ///   - websocketBase: `wss://ws.bitmex.com`.
    ///   - scales: the scales of the book's raw values.
    ///   - contractScale: sizes on the wire are whole contracts; when one contract is `10^-k` of the base
    ///     (``SymbolMap/contractScale(of:)``, from the instrument list) give `k` and the book holds base
    ///     quantities, exactly (`n` contracts are read at `scales.size - k` decimals, so the raw value is
    ///     `n × 10^-k` at `scales.size`). Without it the book holds contract counts. `nil` when `k` exceeds the
    ///     size scale.
    public init?(
        symbol: String, websocketBase: String, scales: DecimalScales = DecimalScales(price: 10, size: 8), contractScale: Int? = nil
    ) {
        guard let venueSymbol = VenueSymbol(symbol) else { return nil }
        let contracts = contractScale ?? 0
        guard (0...scales.size).contains(contracts) else { return nil }
        self.venueSymbol = venueSymbol
        self.symbol = symbol
        streamURL = websocketBase + "/realtime"
        subscriptions = ["{\"op\":\"subscribe\",\"args\":[\"orderBookL2:\(symbol)\"]}"]
        parser = BitMEXFrameParser(scales: DecimalScales(price: scales.price, size: scales.size - contracts))
        bookScales = scales
        sync = BitMEXBookSync(symbol: venueSymbol)
    }

    public var book: L2Book { sync.book }
    public var isSynced: Bool { sync.isSynced }
    public var syncCounters: BookSyncCounters { sync.counters }
    public var scales: DecimalScales { bookScales }

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
