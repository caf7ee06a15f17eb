import OrderBook

/// Keeps one pair's top of book from Bitstamp's `order_book_<pair>` channel: every event carries the venue's
/// best 100 levels a side and replaces the book. No diffs, so nothing can be lost between events; an event
/// older than the last (by `microtimestamp`) is dropped, a crossed one counted.
public struct BitstampTopReplay: BookReplay, Sendable {
    public let pair: VenueSymbol
    public private(set) var parser = BitstampOrderBookParser()
    public private(set) var currentBook = L2Book()
    public private(set) var counters = BookSyncCounters()
    public private(set) var failures = ParseFailures()
    public var scales: DecimalScales { parser.scales }
    private var synced = false

    public init?(pair: String) {
        guard let symbol = VenueSymbol(pair.lowercased()) else { return nil }
        self.pair = symbol
    }

    public var isSynced: Bool { synced }

    public mutating func reset() {
        currentBook.removeAll()
        synced = false
        counters.lastUpdateId = 0
    }

    public mutating func feed(_ frame: RecordedFrame) {
        guard frame.kind == .received, let kind = failures.parse(&parser, frame.payload), kind == .book, parser.pair == pair else { return }
        counters.messages += 1
        guard parser.microtimestamp >= counters.lastUpdateId else {
            counters.dropped += 1
            return
        }
        counters.lastUpdateId = parser.microtimestamp
        currentBook = L2Book(bids: parser.bids, asks: parser.asks)
        counters.snapshots += 1
        counters.applied += 1
        synced = true
        if currentBook.isCrossed { counters.crossed += 1 }
    }
}
