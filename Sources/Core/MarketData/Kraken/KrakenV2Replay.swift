import BourseCore
import OrderBook

/// Keeps one pair's book from Kraken websocket v2 `book` messages, with its checksum verified on every message.
///
/// A snapshot replaces the book; an update sets absolute quantities (0 removes) and the book is then truncated
/// to the subscribed depth (no delete is sent for levels that fall out). Checksum: CRC32 of the top 10 asks
/// (low to high) then the top 10 bids (high to low), each level as price then qty printed with the pair's
/// precision, point and leading zeros removed. A mismatch discards the book (``needsResync``): the driver
/// resubscribes and the next snapshot restores it.
public struct KrakenV2Replay: BookReplay, Sendable {
    public let depth: Int
    /// Decimals the pair's prices and quantities are printed with (Kraken's `price_precision`/`qty_precision`):
    /// given, or read from the `instrument` channel. Until they are known checksums cannot be verified, and
    /// the book is not trusted (not synced).
    public private(set) var priceDecimals: Int?
    public private(set) var quantityDecimals: Int?
    public private(set) var parser: KrakenV2BookParser
    public private(set) var currentBook = L2Book()
    public private(set) var counters = BookSyncCounters()
    public private(set) var failures = ParseFailures()
    /// Checksums compared (and matched) so far.
    public private(set) var checksumsVerified = 0
    public private(set) var needsResync = false
    public var scales: DecimalScales { parser.scales }
    private var synced = false

    /// - Parameters:
    ///   - symbol: Kraken's v2 pair name (`BTC/USD`).
    ///   - depth: the subscribed depth (10, 25, 100, 500, 1000).
    ///   - priceDecimals, quantityDecimals: the pair's precisions, when known; otherwise the `instrument`
    ///     channel's are used (subscribe to it before `book`).
    ///   - scales: decimals kept (at least the pair's precisions).
    public init?(
        symbol: String, depth: Int = 10, priceDecimals: Int? = nil, quantityDecimals: Int? = nil,
        scales: DecimalScales = DecimalScales(price: 10, size: 10)
    ) {
        guard let name = VenueSymbol(symbol) else { return nil }
        self.depth = depth
        self.priceDecimals = priceDecimals
        self.quantityDecimals = quantityDecimals
        parser = KrakenV2BookParser(symbol: name, scales: scales)
    }

    public var isSynced: Bool { synced && priceDecimals != nil }

    /// Starts over before a new subscription.
    public mutating func reset() {
        currentBook.removeAll()
        synced = false
        needsResync = false
    }

    public mutating func feed(_ frame: RecordedFrame) {
        guard frame.kind == .received else { return }
        guard let kind = failures.parse(&parser, frame.payload), kind != .other else { return }
        if case .precision(let price, let quantity) = kind {
            guard price <= scales.price, quantity <= scales.size else {
                failures.record(MarketDataError(.invalidDecimal, "pair precision \(price)/\(quantity) finer than the scales kept", offset: 0))
                return
            }
            priceDecimals = price
            quantityDecimals = quantity
            return
        }
        counters.messages += 1
        if kind == .snapshot {
            currentBook = L2Book(bids: parser.bids, asks: parser.asks)
            synced = true
            needsResync = false
            counters.snapshots += 1
        } else {
            guard synced else {
                counters.dropped += 1
                return
            }
            for level in parser.asks { currentBook.set(.sell, price: level.price, quantity: level.quantity) }
            for level in parser.bids { currentBook.set(.buy, price: level.price, quantity: level.quantity) }
            counters.applied += 1
        }
        for side in [Side.buy, .sell] {
            while currentBook.count(side) > depth, let worst = currentBook.levels(side).last {
                currentBook.remove(side, price: worst.price)
            }
        }
        if currentBook.isCrossed { counters.crossed += 1 }
        if let expected = parser.checksum, let priceDecimals, let quantityDecimals {
            if Self.checksum(currentBook, scales: scales, priceDecimals: priceDecimals, quantityDecimals: quantityDecimals) == expected {
                checksumsVerified += 1
            } else {
                counters.gaps += 1
                currentBook.removeAll()
                synced = false
                needsResync = true
            }
        }
    }

    /// Kraken's checksum of `book` (prices and sizes raw at `scales`).
    public static func checksum(_ book: L2Book, scales: DecimalScales, priceDecimals: Int, quantityDecimals: Int) -> UInt32 {
        var text: [UInt8] = []
        text.reserveCapacity(400)
        for level in book.top(.sell, 10) + book.top(.buy, 10) {
            append(level.price.rawValue, scale: scales.price, decimals: priceDecimals, to: &text)
            append(level.quantity.rawValue, scale: scales.size, decimals: quantityDecimals, to: &text)
        }
        return CRC32.checksum(text)
    }

    /// The value printed with `decimals` fraction digits, without the point and leading zeros (Kraken's
    /// checksum text, v1 and v2). Exact both ways: digits dropped are zeros for values the venue sent.
    static func append(_ value: Int64, scale: Int, decimals: Int, to text: inout [UInt8]) {
        let scaled = decimals <= scale
            ? value / FixedPoint.powersOfTen[scale - decimals] : value * FixedPoint.powersOfTen[decimals - scale]
        text.append(contentsOf: String(scaled).utf8.drop { $0 == UInt8(ascii: "0") })
    }
}
