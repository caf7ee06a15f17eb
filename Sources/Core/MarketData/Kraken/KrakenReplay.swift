import BourseCore
import OrderBook

/// Keeps one pair's book from Kraken websocket v1 `book` messages (recorded frames).
///
/// A snapshot replaces the book; updates set absolute volumes (0 deletes) and the book is then truncated
/// to the subscribed depth (Kraken sends no delete for levels that fall out). When an update carries a
/// checksum, it is verified: CRC32 of the top 10 asks (low to high) then the top 10 bids (high to low),
/// each as price then volume in the venue's own text with the point and leading zeros removed. A mismatch
/// discards the book and asks for a resubscribe (counted as a gap and a resync); the next snapshot restores it.
public struct KrakenReplay: BookReplay, Sendable {
    /// The pair kept.
    public let pair: VenueSymbol
    /// Levels kept per side.
    public let depth: Int
    /// The parser (its last result is inspectable).
    public private(set) var parser = KrakenBookParser()
    /// The book as it stands.
    public private(set) var currentBook = L2Book()
    /// Counters since creation.
    public private(set) var counters = BookSyncCounters()
    /// Frames that failed to parse, and the first error.
    public private(set) var failures = ParseFailures()
    /// Checksums compared (and matched) so far.
    public private(set) var checksumsVerified = 0
    public var scales: DecimalScales { parser.scales }
    private var synced = false
    private var priceDecimals = 0
    private var volumeDecimals = 8

    /// - Parameters:
    ///   - pair: Kraken's pair name (`XBT/USD`).
    ///   - depth: the subscribed depth (10, 25, 100, 500 or 1000).
    ///   - scales: decimals kept for prices and volumes.
    public init?(pair: String, depth: Int = 1000, scales: DecimalScales = DecimalScales(price: 8, size: 8)) {
        guard let symbol = VenueSymbol(pair) else { return nil }
        parser = KrakenBookParser(scales: scales)
        self.pair = symbol
        self.depth = depth
    }

    /// Handles one recorded frame (other instruments and kinds are ignored).
    public mutating func feed(_ frame: RecordedFrame) {
        guard frame.kind == .received else { return }
        guard let kind = failures.parse(&parser, frame.payload) else { return }
        guard kind != .other, parser.pair == pair else { return }
        counters.messages += 1
        if kind == .snapshot {
            currentBook = L2Book(bids: parser.bids, asks: parser.asks)
            priceDecimals = parser.priceDecimals ?? priceDecimals
            volumeDecimals = parser.volumeDecimals ?? volumeDecimals
            synced = true
            counters.snapshots += 1
            return
        }
        guard synced else {
            counters.dropped += 1
            return
        }
        for level in parser.asks { currentBook.set(.sell, price: level.price, quantity: level.quantity) }
        for level in parser.bids { currentBook.set(.buy, price: level.price, quantity: level.quantity) }
        for side in [Side.buy, .sell] {
            while currentBook.count(side) > depth, let worst = currentBook.levels(side).last {
                currentBook.remove(side, price: worst.price)
            }
        }
        counters.applied += 1
        if currentBook.isCrossed { counters.crossed += 1 }
        if let expected = parser.checksum {
            if checksum() == expected {
                checksumsVerified += 1
            } else {
                counters.gaps += 1
                counters.resyncs += 1
                currentBook.removeAll()
                synced = false
            }
        }
    }

    /// The book's checksum as Kraken computes it.
    public func checksum() -> UInt32 {
        var text: [UInt8] = []
        text.reserveCapacity(400)
        for level in currentBook.top(.sell, 10) + currentBook.top(.buy, 10) {
            KrakenV2Replay.append(level.price.rawValue, scale: scales.price, decimals: priceDecimals, to: &text)
            KrakenV2Replay.append(level.quantity.rawValue, scale: scales.size, decimals: volumeDecimals, to: &text)
        }
        return CRC32.checksum(text)
    }
}
