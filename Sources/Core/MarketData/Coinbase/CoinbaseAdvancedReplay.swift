import OrderBook

/// Keeps one product's book from Coinbase Advanced Trade's `level2` channel.
///
/// `sequence_num` counts every message of a connection (all channels): a message whose number is not the
/// previous one plus one means something was lost, so the book is discarded (``needsResync``) until the next
/// snapshot, which a resubscription brings. Updates before the first snapshot are dropped.
public struct CoinbaseAdvancedReplay: BookReplay, Sendable {
    /// The parser (its last result is inspectable).
    public private(set) var parser: CoinbaseAdvancedParser
    public private(set) var currentBook = L2Book()
    public private(set) var counters = BookSyncCounters()
    public private(set) var failures = ParseFailures()
    public var scales: DecimalScales { parser.scales }
    private var synced = false
    private var lastSequence: Int64?
    /// Set by a sequence gap; cleared by ``reset()``. The driver resubscribes when it is set.
    public private(set) var needsResync = false

    /// - Returns: `nil` when the product id is longer than ``VenueSymbol/capacity``.
    public init?(product: String) {
        guard let symbol = VenueSymbol(product) else { return nil }
        parser = CoinbaseAdvancedParser(product: symbol)
    }

    /// Starts over on a new connection or subscription: no book until the next snapshot, sequence unknown.
    public mutating func reset() {
        currentBook.removeAll()
        synced = false
        lastSequence = nil
        needsResync = false
    }

    public var isSynced: Bool { synced }

    public mutating func feed(_ frame: RecordedFrame) {
        if frame.kind == .connect {
            reset()
            return
        }
        guard frame.kind == .received else { return }
        guard let kind = failures.parse(&parser, frame.payload) else { return }
        if let sequence = parser.sequence {
            if let last = lastSequence, sequence != last + 1, !needsResync {
                counters.gaps += 1
                currentBook.removeAll()
                synced = false
                needsResync = true
            }
            lastSequence = sequence
        }
        guard kind != .other else { return }
        counters.messages += 1
        if kind == .snapshot {
            currentBook.removeAll()
            synced = true
            needsResync = false
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
