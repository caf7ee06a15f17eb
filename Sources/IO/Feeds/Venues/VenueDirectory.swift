import MarketData
import OrderBook

/// Where a venue's market data lives: its WebSocket and REST bases.
public struct VenueEndpoint: Hashable, Sendable {
    /// `wss://stream.binance.com:9443`, `ws://127.0.0.1:9101`, ...
    public var websocket: String
    /// `https://api.binance.com`, `http://127.0.0.1:9101`, ... (empty for socket-only venues).
    public var rest: String

    public init(websocket: String, rest: String) {
        self.websocket = websocket
        self.rest = rest
    }
}

/// The venues Bourse connects to, their real addresses, the simulator's default local ports, and driver
/// construction from a canonical symbol. The same driver code serves both; only the address differs.
public enum VenueDirectory {
    /// Venues with a connector.
    public static let venues = ["binance", "binance-futures", "coinbase", "coinbase-advanced", "bitstamp", "bitstamp-top", "bitmex", "okx", "kraken"]

    /// The simulator's default port of a venue (`bourse venues`).
    public static func defaultLocalPort(_ venue: String) -> Int? {
        switch venue {
        case "binance": return 9101
        case "coinbase", "coinbase-advanced": return 9102  // the simulated Coinbase speaks both feeds
        case "bitstamp", "bitstamp-top": return 9103
        case "bitmex": return 9104
        case "okx": return 9105
        case "kraken": return 9106
        case "binance-futures": return 9107
        default: return nil
        }
    }

    /// The real venue's public market-data endpoints.
    public static func real(_ venue: String) -> VenueEndpoint? {
        switch venue {
        case "binance": return VenueEndpoint(websocket: "wss://stream.binance.com:9443", rest: "https://api.binance.com")
        case "binance-futures": return VenueEndpoint(websocket: "wss://fstream.binance.com", rest: "https://fapi.binance.com")
        case "coinbase": return VenueEndpoint(websocket: "wss://ws-feed.exchange.coinbase.com", rest: "https://api.exchange.coinbase.com")
        case "coinbase-advanced": return VenueEndpoint(websocket: "wss://advanced-trade-ws.coinbase.com", rest: "")
        case "bitstamp", "bitstamp-top": return VenueEndpoint(websocket: "wss://ws.bitstamp.net", rest: "https://www.bitstamp.net")
        case "bitmex": return VenueEndpoint(websocket: "wss://ws.bitmex.com", rest: "https://www.bitmex.com")
        case "okx": return VenueEndpoint(websocket: "wss://ws.okx.com:8443", rest: "https://www.okx.com")
        case "kraken": return VenueEndpoint(websocket: "wss://ws.kraken.com", rest: "https://api.kraken.com")
        default: return nil
        }
    }

    /// The simulator's address of a venue on `host`.
    public static func local(_ venue: String, host: String = "127.0.0.1", port: Int? = nil) -> VenueEndpoint? {
        guard let port = port ?? defaultLocalPort(venue) else { return nil }
        return VenueEndpoint(websocket: "ws://\(host):\(port)", rest: "http://\(host):\(port)")
    }

    /// A driver for `symbol` on `venue` at `endpoint`; `nil` for an unknown venue or an unusable name.
    /// - Parameter map: the venue's instrument map (``SymbolMapLoader``); without one the usual spellings.
    public static func driver(
        venue: String, symbol: CanonicalSymbol, endpoint: VenueEndpoint, map: SymbolMap? = nil
    ) -> (any VenueDriver)? {
        let name = map?.name(of: symbol, on: venue) ?? symbol.name(on: venue)
        switch venue {
        case "binance":
            return BinanceDriver(symbol: name, websocketBase: endpoint.websocket, restBase: endpoint.rest)
        case "binance-futures":
            return BinanceDriver(symbol: name, websocketBase: endpoint.websocket, restBase: endpoint.rest, rules: .usdMFutures)
        case "coinbase":
            return CoinbaseDriver(product: name, websocketBase: endpoint.websocket)
        case "coinbase-advanced":
            return CoinbaseAdvancedDriver(product: name, websocketBase: endpoint.websocket)
        case "bitstamp":
            return BitstampDriver(pair: name, websocketBase: endpoint.websocket, restBase: endpoint.rest)
        case "bitstamp-top":
            return BitstampTopDriver(pair: name, websocketBase: endpoint.websocket)
        case "bitmex":
            // Sizes are contracts: with the instrument list's contract size they are read as base quantities.
            return BitMEXDriver(symbol: name, websocketBase: endpoint.websocket, contractScale: map?.contractScale(of: name))
        case "okx":
            return OKXDriver(instrument: name, websocketBase: endpoint.websocket)
        case "kraken":
            return KrakenDriver(symbol: name, websocketBase: endpoint.websocket)
        default:
            return nil
        }
    }
}

/// A type-erased driver: lets one connector type serve any venue chosen at run time.
public struct AnyVenueDriver: VenueDriver {
    public var base: any VenueDriver
    public init(_ base: any VenueDriver) { self.base = base }
    public var venue: String { base.venue }
    public var symbol: String { base.symbol }
    public var streamURL: String { base.streamURL }
    public var subscriptions: [String] { base.subscriptions }
    public var book: L2Book { base.book }
    public var isSynced: Bool { base.isSynced }
    public var syncCounters: BookSyncCounters { base.syncCounters }
    public var parseErrors: Int { base.parseErrors }
    public var exchangeTime: Int64 { base.exchangeTime }
    public var scales: DecimalScales { base.scales }
    public mutating func reset() { base.reset() }
    public mutating func receive(_ frame: [UInt8], at time: Int64) -> FeedDirective { base.receive(frame, at: time) }
    public mutating func receiveSnapshot(_ body: [UInt8], at time: Int64) -> FeedDirective {
        base.receiveSnapshot(body, at: time)
    }
}
