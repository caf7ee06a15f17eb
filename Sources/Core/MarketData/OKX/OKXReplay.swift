import BourseCore
import OrderBook

/// Keeps one instrument's book from OKX v5 `books` messages (recorded frames).
///
/// A snapshot replaces the book; updates set absolute sizes ("0" deletes). When both carry sequence ids,
/// an update whose `prevSeqId` is not the previous `seqId` is a gap. When an update carries a non-zero
/// checksum it is verified: CRC32 (as a signed 32-bit integer) of the top 25 bids and asks interleaved as
/// `bidPrice:bidSize:askPrice:askSize:...`. A gap or mismatch discards the book and asks for a resubscribe.
/// Prices and sizes are rendered canonically for the checksum (OKX's own text has no trailing zeros).
public struct OKXReplay: BookReplay, Sendable {
    /// The instrument kept.
    public let instrument: VenueSymbol
    /// The parser (its last result is inspectable).
    public private(set) var parser = OKXBooksParser()
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

    /// - Returns: `nil` when the instrument id is longer than ``VenueSymbol/capacity``.
    public init?(instrument: String) {
        guard let symbol = VenueSymbol(instrument) else { return nil }
        self.instrument = symbol
    }

    /// Starts over before a new subscription: forgets the book until the next snapshot, keeps the counters.
    public mutating func reset() {
        currentBook.removeAll()
        synced = false
        counters.lastUpdateId = 0
    }

    /// Whether a snapshot has been loaded since the last reset (and no gap or checksum mismatch seen since).
    public var isSynced: Bool { synced }

    /// Handles one recorded frame (other instruments and kinds are ignored).
    public mutating func feed(_ frame: RecordedFrame) {
        guard frame.kind == .received else { return }
        guard let kind = failures.parse(&parser, frame.payload) else { return }
        guard kind != .other, parser.instrument == instrument else { return }
        counters.messages += 1
        if kind == .snapshot {
            currentBook = L2Book(bids: parser.bids, asks: parser.asks)
            synced = true
            counters.snapshots += 1
        } else {
            guard synced else {
                counters.dropped += 1
                return
            }
            if let previous = parser.prevSeqId, counters.lastUpdateId != 0, previous != counters.lastUpdateId {
                return fail()
            }
            for level in parser.asks { currentBook.set(.sell, price: level.price, quantity: level.quantity) }
            for level in parser.bids { currentBook.set(.buy, price: level.price, quantity: level.quantity) }
            counters.applied += 1
            if currentBook.isCrossed { counters.crossed += 1 }
        }
        if let seq = parser.seqId { counters.lastUpdateId = seq }
        if let expected = parser.checksum, expected != 0 {
            if Int64(checksum()) == expected { checksumsVerified += 1 } else { fail() }
        }
    }

    private mutating func fail() {
        counters.gaps += 1
        counters.resyncs += 1
        currentBook.removeAll()
        synced = false
        counters.lastUpdateId = 0
    }

    /// The book's checksum as OKX computes it: the CRC32 of `bid:size:ask:size:...` over the top 25 levels, the
    /// texts written straight into one buffer (no string per level: this runs on every message).
    public func checksum() -> Int32 {
        // Views of the sides, best first (no copy of the levels).
        let bidCount = min(25, currentBook.count(.buy))
        let askCount = min(25, currentBook.count(.sell))
        let capacity = (bidCount + askCount) * 2 * (FixedPoint.maximumTextLength() + 1)
        let crc = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, capacity)) { buffer -> UInt32 in
            var end = 0
            func append(_ value: Int64, _ scale: Int) {
                if end > 0 {
                    buffer[end] = UInt8(ascii: ":")
                    end += 1
                }
                end = FixedPoint.write(value, scale: scale, into: buffer, at: end)
            }
            var bid = currentBook.levels(.buy).makeIterator()
            var ask = currentBook.levels(.sell).makeIterator()
            for n in 0..<max(bidCount, askCount) {
                let nextBid = n < bidCount ? bid.next() : nil
                let nextAsk = n < askCount ? ask.next() : nil
                if let level = nextBid {
                    append(level.price.rawValue, scales.price)
                    append(level.quantity.rawValue, scales.size)
                }
                if let level = nextAsk {
                    append(level.price.rawValue, scales.price)
                    append(level.quantity.rawValue, scales.size)
                }
            }
            return CRC32.checksum(UnsafeBufferPointer(rebasing: buffer[0..<end]))
        }
        return Int32(bitPattern: crc)
    }
}
