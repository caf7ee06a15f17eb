import BourseCore
import MarketData
import OrderBook

/// Binance spot (`/ws/<sym>@depth@100ms` + `/api/v3/depth`) or USD-M futures (`/fapi/v1/depth`, `pu` rule).
///
/// Follows Binance's documented procedure through ``BinanceBookSync``: diffs are buffered from connect, the
/// REST snapshot is fetched (again if its `lastUpdateId` is older than the first buffered `U`), covered diffs
/// are dropped and a break in continuity discards the book and fetches a new snapshot. A `serverShutdown`
/// event asks for a reconnect.
public struct BinanceDriver: VenueDriver {
    public let venue: String
    public let symbol: String
    public let streamURL: String
    public let subscriptions: [String] = []
    /// The REST snapshot address.
    public let snapshotURL: String
    private var parser: BinanceDepthParser
    private var sync: BinanceBookSync
    private let venueSymbol: VenueSymbol
    public private(set) var parseErrors = 0
    public private(set) var exchangeTime: Int64 = 0

    /// - Parameters:
    ///   - symbol: `BTCUSDT` (any case).
    ///   - websocketBase: `wss://stream.binance.com:9443` (spot) or `wss://fstream.binance.com` (futures).
    ///   - restBase: `https://api.binance.com` or `https://fapi.binance.com`.
    ///   - rules: spot or USD-M futures.
    ///   - combined: use the `/stream?streams=` envelope instead of the raw `/ws/` stream.
    ///   - depth: levels asked of the REST snapshot.
    public init?(
        symbol: String, websocketBase: String, restBase: String, rules: BinanceBookRules = .spot,
        combined: Bool = false, depth: Int = 1000, scales: DecimalScales = .binance
    ) {
        guard let venueSymbol = VenueSymbol(symbol.uppercased()) else { return nil }
        self.venueSymbol = venueSymbol
        venue = rules == .spot ? "binance" : "binance-futures"
        self.symbol = symbol.uppercased()
        let stream = symbol.lowercased() + "@depth@100ms"
        streamURL = combined ? websocketBase + "/stream?streams=" + stream : websocketBase + "/ws/" + stream
        let path = rules == .spot ? "/api/v3/depth" : "/fapi/v1/depth"
        snapshotURL = restBase + path + "?symbol=" + symbol.uppercased() + "&limit=\(depth)"
        parser = BinanceDepthParser(scales: scales)
        sync = BinanceBookSync(rules: rules)
    }

    public var book: L2Book { sync.book }
    public var isSynced: Bool { sync.state == .synced }
    public var syncCounters: BookSyncCounters { sync.counters }
    public var scales: DecimalScales { parser.scales }

    public mutating func reset() { sync.reset() }

    public mutating func receive(_ frame: [UInt8], at time: Int64) -> FeedDirective {
        let kind: BinanceFrameKind
        do {
            kind = try parser.parse(frame)
        } catch {
            parseErrors += 1
            return .none
        }
        switch kind {
        case .depthUpdate:
            guard parser.update.symbol == venueSymbol else { return .none }
            if let eventTime = parser.update.eventTime { exchangeTime = eventTime * 1_000_000 }
            return directive(sync.handle(parser.update))
        case .snapshot:
            return directive(sync.handle(parser.snapshot))
        case .other:
            return frame.contains(subsequence: Self.shutdownMarker) ? .reconnect(reason: "serverShutdown") : .none
        }
    }

    public mutating func receiveSnapshot(_ body: [UInt8], at time: Int64) -> FeedDirective {
        do {
            guard try parser.parse(body) == .snapshot else {
                parseErrors += 1
                return .fetchSnapshot(url: snapshotURL)
            }
        } catch {
            parseErrors += 1
            return .fetchSnapshot(url: snapshotURL)
        }
        return directive(sync.handle(parser.snapshot))
    }

    private func directive(_ action: BinanceBookSync.Action) -> FeedDirective {
        action == .fetchSnapshot ? .fetchSnapshot(url: snapshotURL) : .none
    }

    private static let shutdownMarker = Array("\"serverShutdown\"".utf8)
}
