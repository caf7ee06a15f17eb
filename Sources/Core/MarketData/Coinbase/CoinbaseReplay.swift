import OrderBook

/// Keeps one product's book from Coinbase's legacy `level2` channel (recorded frames).
///
/// Updates before the product's snapshot are dropped; a snapshot replaces the book. The channel has no
/// sequence numbers, so gaps cannot be detected (a reconnect must reset the book); crossed books are counted.
public struct CoinbaseReplay: BookReplay, Sendable {
    /// The product kept.
    public let product: VenueSymbol
    /// The parser (its last result is inspectable).
    public private(set) var parser = CoinbaseLevel2Parser()
    /// The book as it stands.
    public private(set) var currentBook = L2Book()
    /// Counters since creation.
    public private(set) var counters = BookSyncCounters()
    /// Frames that failed to parse, and the first error.
    public private(set) var failures = ParseFailures()
    public var scales: DecimalScales { parser.scales }
    private var synced = false

    /// - Returns: `nil` when the product id is longer than ``VenueSymbol/capacity``.
    public init?(product: String) {
        guard let symbol = VenueSymbol(product) else { return nil }
        self.product = symbol
    }

    /// Starts over before a new subscription: forgets the book until the next snapshot, keeps the counters.
    public mutating func reset() {
        currentBook.removeAll()
        synced = false
    }

    /// Whether a snapshot has been loaded since the last reset.
    public var isSynced: Bool { synced }

    /// Handles one recorded frame (other instruments and kinds are ignored).
    public mutating func feed(_ frame: RecordedFrame) {
        guard frame.kind == .received else { return }
        guard let kind = failures.parse(&parser, frame.payload) else { return }
        guard kind != .other, parser.product == product else { return }
        counters.messages += 1
        if kind == .snapshot {
            currentBook.removeAll()
            synced = true
            counters.snapshots += 1
        } else if !synced {
            counters.dropped += 1
            return
        } else {
            counters.applied += 1
        }
        for level in parser.bids { currentBook.set(.buy, price: level.price, quantity: level.quantity) }
        for level in parser.asks { currentBook.set(.sell, price: level.price, quantity: level.quantity) }
        if kind == .update && currentBook.isCrossed { counters.crossed += 1 }
    }
}
