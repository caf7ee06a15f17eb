import MarketData
import OrderBook

/// OKX v5 `books`: a snapshot, then updates whose `prevSeqId` must equal the previous `seqId`, each with the
/// CRC32 checksum of the top 25 levels; a break or a mismatch discards the book and resubscribes.
public struct OKXDriver: VenueDriver {
    public let venue = "okx"
    public let symbol: String
    public let streamURL: String
    public let subscriptions: [String]
    private var replay: OKXReplay
    public private(set) var exchangeTime: Int64 = 0

    /// - Parameters:
    ///   - instrument: `BTC-USDT`.
    ///   - websocketBase: `wss://ws.okx.com:8443`.
    public init?(instrument: String, websocketBase: String) {
        guard let replay = OKXReplay(instrument: instrument) else { return nil }
        self.replay = replay
        symbol = instrument
        streamURL = websocketBase + "/ws/v5/public"
        subscriptions = ["{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"\(instrument)\"}]}"]
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
        let resyncs = replay.counters.resyncs
        replay.feed(RecordedFrame(time: time, kind: .received, payload: frame))
        if replay.counters.resyncs > resyncs { return .resubscribe(reason: "seqId break or checksum mismatch") }
        return .none
    }
}
