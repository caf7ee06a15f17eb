import OrderBook

/// Keeps one pair's book from Bitstamp `diff_order_book_<pair>` events and REST snapshots (recorded frames).
///
/// Diffs are buffered until the pair's snapshot arrives; then diffs whose `microtimestamp` is not newer than
/// the snapshot's are dropped and the rest applied in order (a later diff not newer than the last applied
/// one is dropped too). Bitstamp sends no sequence number or checksum, so gaps cannot be detected.
/// ``BookSyncCounters/lastUpdateId`` holds the last applied microtimestamp.
public struct BitstampReplay: BookReplay, Sendable {
    /// The pair kept.
    public let pair: VenueSymbol
    /// The parser (its last result is inspectable).
    public private(set) var parser = BitstampOrderBookParser()
    /// The book as it stands.
    public private(set) var currentBook = L2Book()
    /// Counters since creation.
    public private(set) var counters = BookSyncCounters()
    /// Frames that failed to parse, and the first error.
    public private(set) var failures = ParseFailures()
    public var scales: DecimalScales { parser.scales }
    private var buffered: [(time: Int64, bids: [L2Level], asks: [L2Level])] = []
    private var synced = false
    private let snapshotPath: String

    /// - Parameter pair: Bitstamp's lower-case pair (`btcusd`).
    public init?(pair: String) {
        guard let symbol = VenueSymbol(pair.lowercased()) else { return nil }
        self.pair = symbol
        snapshotPath = "/order_book/" + pair.lowercased()
    }

    /// Starts over before a new subscription: forgets the book and the buffered diffs, keeps the counters.
    public mutating func reset() {
        currentBook.removeAll()
        buffered.removeAll()
        synced = false
        counters.lastUpdateId = 0
    }

    /// Whether a snapshot has been loaded since the last reset.
    public var isSynced: Bool { synced }

    /// Diffs waiting for the snapshot.
    public var bufferedCount: Int { buffered.count }

    /// Handles one recorded frame (other instruments and kinds are ignored).
    public mutating func feed(_ frame: RecordedFrame) {
        if frame.kind == .http {
            guard let url = frame.url, url.hasSuffix(snapshotPath) || url.contains(snapshotPath + "?") else { return }
        } else if frame.kind != .received {
            return
        }
        guard let kind = failures.parse(&parser, frame.payload) else { return }
        switch kind {
        case .diff where parser.pair == pair:
            counters.messages += 1
            if synced {
                apply(parser.microtimestamp, parser.bids, parser.asks)
            } else {
                buffered.append((parser.microtimestamp, parser.bids, parser.asks))
            }
        case .snapshot where frame.kind == .http:
            counters.messages += 1
            guard !synced else {
                counters.ignoredSnapshots += 1
                return
            }
            currentBook = L2Book(bids: parser.bids, asks: parser.asks)
            counters.snapshots += 1
            counters.lastUpdateId = parser.microtimestamp
            synced = true
            let pending = buffered
            buffered.removeAll()
            for diff in pending { apply(diff.time, diff.bids, diff.asks) }
        default:
            return
        }
    }

    private mutating func apply(_ time: Int64, _ bids: [L2Level], _ asks: [L2Level]) {
        if time <= counters.lastUpdateId {
            counters.dropped += 1
            return
        }
        for level in bids { currentBook.set(.buy, price: level.price, quantity: level.quantity) }
        for level in asks { currentBook.set(.sell, price: level.price, quantity: level.quantity) }
        counters.lastUpdateId = time
        counters.applied += 1
        if currentBook.isCrossed { counters.crossed += 1 }
    }
}
