import BourseCore
import MarketData
import OrderBook

/// Bitstamp `diff_order_book_<pair>` with the REST `/api/v2/order_book/<pair>` snapshot.
///
/// Diffs are buffered from the subscription; the snapshot is fetched once the first diff is in, diffs not newer
/// than the snapshot's `microtimestamp` are dropped and the rest applied in order. Bitstamp sends no sequence
/// number, so an unreadable frame (a possibly lost diff) resubscribes; `bts:request_reconnect` reconnects.
public struct BitstampDriver: VenueDriver {
    public let venue = "bitstamp"
    public let symbol: String
    public let streamURL: String
    public let subscriptions: [String]
    /// The REST snapshot address.
    public let snapshotURL: String
    private var replay: BitstampReplay
    private var snapshotRequested = false

    /// - Parameters:
    ///   - pair: `btcusd` (any case).
    ///   - websocketBase: `wss://ws.bitstamp.net`.
    ///   - restBase: `https://www.bitstamp.net`.
    public init?(pair: String, websocketBase: String, restBase: String) {
        guard let replay = BitstampReplay(pair: pair) else { return nil }
        self.replay = replay
        symbol = pair.lowercased()
        streamURL = websocketBase
        snapshotURL = restBase + "/api/v2/order_book/" + pair.lowercased()
        subscriptions = ["{\"event\":\"bts:subscribe\",\"data\":{\"channel\":\"diff_order_book_\(pair.lowercased())\"}}"]
    }

    public var book: L2Book { replay.currentBook }
    public var isSynced: Bool { replay.isSynced }
    public var syncCounters: BookSyncCounters { replay.counters }
    public var parseErrors: Int { replay.errors }
    public var scales: DecimalScales { replay.scales }
    public var exchangeTime: Int64 { replay.counters.lastUpdateId * 1_000 }

    public mutating func reset() {
        replay.reset()
        snapshotRequested = false
    }

    public mutating func receive(_ frame: [UInt8], at time: Int64) -> FeedDirective {
        if frame.contains(subsequence: Self.reconnectMarker) { return .reconnect(reason: "bts:request_reconnect") }
        let errors = replay.errors
        replay.feed(RecordedFrame(time: time, kind: .received, payload: frame))
        if replay.errors > errors { return .resubscribe(reason: "unreadable frame") }
        if !replay.isSynced && !snapshotRequested && replay.bufferedCount > 0 {
            snapshotRequested = true
            return .fetchSnapshot(url: snapshotURL)
        }
        return .none
    }

    public mutating func receiveSnapshot(_ body: [UInt8], at time: Int64) -> FeedDirective {
        let errors = replay.errors
        replay.feed(RecordedFrame(time: time, kind: .http, url: snapshotURL, payload: body))
        if replay.errors > errors || !replay.isSynced { return .fetchSnapshot(url: snapshotURL) }
        return .none
    }

    static let reconnectMarker = Array("\"bts:request_reconnect\"".utf8)
}

/// Bitstamp `order_book_<pair>`: the top 100 levels a side on every change, each event replacing the book (no
/// REST snapshot, nothing to lose between events). Lighter than the diff channel when 100 levels suffice.
public struct BitstampTopDriver: VenueDriver {
    public let venue = "bitstamp-top"
    public let symbol: String
    public let streamURL: String
    public let subscriptions: [String]
    private var replay: BitstampTopReplay

    public init?(pair: String, websocketBase: String) {
        guard let replay = BitstampTopReplay(pair: pair) else { return nil }
        self.replay = replay
        symbol = pair.lowercased()
        streamURL = websocketBase
        subscriptions = ["{\"event\":\"bts:subscribe\",\"data\":{\"channel\":\"order_book_\(pair.lowercased())\"}}"]
    }

    public var book: L2Book { replay.currentBook }
    public var isSynced: Bool { replay.isSynced }
    public var syncCounters: BookSyncCounters { replay.counters }
    public var parseErrors: Int { replay.errors }
    public var scales: DecimalScales { replay.scales }
    public var exchangeTime: Int64 { replay.counters.lastUpdateId * 1_000 }

    public mutating func reset() { replay.reset() }

    public mutating func receive(_ frame: [UInt8], at time: Int64) -> FeedDirective {
        if frame.contains(subsequence: BitstampDriver.reconnectMarker) { return .reconnect(reason: "bts:request_reconnect") }
        replay.feed(RecordedFrame(time: time, kind: .received, payload: frame))
        return .none
    }
}
