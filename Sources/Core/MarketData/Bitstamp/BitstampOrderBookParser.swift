import BourseCore
import OrderBook

/// A byte-level parser for Bitstamp order books: websocket `diff_order_book_<pair>` events, the
/// `order_book_<pair>` top-100 events (same shape, whole top of book each time),
/// (`{"data":{"timestamp":..,"microtimestamp":"..","bids":[[p,a]],"asks":[..]},"channel":..,"event":"data"}`)
/// and REST snapshots (`GET /api/v2/order_book/<pair>`: the same book fields at the top level).
///
/// Other events (trades, subscription replies) are validated and skipped. ``bids``, ``asks`` and
/// ``microtimestamp`` hold the last diff or snapshot; ``pair`` the diff's pair (from its channel name).
public struct BitstampOrderBookParser: FrameParser, Sendable {
    /// What a frame was.
    public enum Kind: Hashable, Sendable {
        case diff, snapshot, other
        /// An `order_book_<pair>` event: the venue's whole top of book (100 levels a side), replacing the last.
        case book
    }

    /// Decimals kept for prices and sizes.
    public let scales: DecimalScales
    /// The pair of the last diff (`bateur`), from `channel`.
    public private(set) var pair = VenueSymbol()
    /// Microseconds since the epoch of the last diff or snapshot.
    public private(set) var microtimestamp: Int64 = 0
    /// Bid levels of the last book frame, in message order.
    public private(set) var bids: [L2Level] = []
    /// Ask levels of the last book frame, in message order.
    public private(set) var asks: [L2Level] = []

    private var bookFields = 0

    public init(scales: DecimalScales = DecimalScales(price: 8, size: 8)) {
        self.scales = scales
    }

    /// Parses one frame.
    /// - Throws: ``MarketDataError`` for malformed JSON, a book with a missing or mistyped field, or an
    ///   inexact price or amount.
    public mutating func parse(_ frame: UnsafeBufferPointer<UInt8>) throws(MarketDataError) -> Kind {
        var cursor = JSONCursor(frame)
        bids.removeAll(keepingCapacity: true)
        asks.removeAll(keepingCapacity: true)
        bookFields = 0
        var isDiffChannel = false
        var isBookChannel = false
        var isDataEvent = false
        var nestedBook = false
        var topLevelBook = false
        try cursor.expect(UInt8(ascii: "{"))
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.index += 1
        } else {
            repeat {
                let (key, _) = try cursor.readString()
                try cursor.expect(UInt8(ascii: ":"))
                if cursor.spanEquals(key, "data") && cursor.peek() == UInt8(ascii: "{") {
                    let before = bookFields
                    try readObject(&cursor)
                    nestedBook = bookFields > before
                } else if cursor.spanEquals(key, "channel") && cursor.peek() == UInt8(ascii: "\"") {
                    let (span, escaped) = try cursor.readString()
                    let prefix = "diff_order_book_".utf8.count
                    if !escaped, span.count > prefix,
                        cursor.spanEquals(span.lowerBound..<(span.lowerBound + prefix), "diff_order_book_"),
                        let symbol = VenueSymbol(bytes: cursor.raw((span.lowerBound + prefix)..<span.upperBound))
                    {
                        pair = symbol
                        isDiffChannel = true
                    } else if !escaped, span.count > 11,
                        cursor.spanEquals(span.lowerBound..<(span.lowerBound + 11), "order_book_"),
                        let symbol = VenueSymbol(bytes: cursor.raw((span.lowerBound + 11)..<span.upperBound))
                    {
                        pair = symbol
                        isBookChannel = true
                    }
                } else if cursor.spanEquals(key, "event") && cursor.peek() == UInt8(ascii: "\"") {
                    isDataEvent = cursor.spanEquals(try cursor.readString().span, "data")
                } else if try readBookField(key, &cursor) {
                    topLevelBook = true
                } else {
                    try cursor.skipValue(depth: 1)
                }
            } while try cursor.nextMember(close: UInt8(ascii: "}"))
        }
        try cursor.expectEnd()
        guard !(nestedBook && topLevelBook) else { throw cursor.error("book fields both inside and outside 'data'") }
        if (isDiffChannel || isBookChannel) && isDataEvent {
            guard bookFields == 7 else {
                throw MarketDataError(.missingField, "book event without microtimestamp, bids or asks")
            }
            return isDiffChannel ? .diff : .book
        }
        if topLevelBook && bookFields == 7 { return .snapshot }
        if topLevelBook { throw MarketDataError(.missingField, "snapshot without microtimestamp, bids or asks") }
        return .other
    }

    private mutating func readObject(_ cursor: inout JSONCursor) throws(MarketDataError) {
        try cursor.expect(UInt8(ascii: "{"))
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.index += 1
            return
        }
        repeat {
            let (key, _) = try cursor.readString()
            try cursor.expect(UInt8(ascii: ":"))
            if try !readBookField(key, &cursor) { try cursor.skipValue(depth: 2) }
        } while try cursor.nextMember(close: UInt8(ascii: "}"))
    }

    /// `microtimestamp` (bit 1), `bids` (bit 2), `asks` (bit 4); returns `false` for other keys.
    private mutating func readBookField(_ key: Range<Int>, _ cursor: inout JSONCursor) throws(MarketDataError) -> Bool {
        let bit: Int
        if cursor.spanEquals(key, "microtimestamp") {
            bit = 1
        } else if cursor.spanEquals(key, "bids") {
            bit = 2
        } else if cursor.spanEquals(key, "asks") {
            bit = 4
        } else {
            return false
        }
        guard bookFields & bit == 0 else { throw cursor.error("a book field appears twice", code: .duplicateField) }
        bookFields |= bit
        switch bit {
        case 1:
            guard cursor.peek() == UInt8(ascii: "\"") else {
                throw cursor.error("microtimestamp is not a string", code: .wrongType)
            }
            microtimestamp = try cursor.readDecimalString(scale: 0)
        case 2: _ = try cursor.readLevelArray(scales, into: &bids)
        default: _ = try cursor.readLevelArray(scales, into: &asks)
        }
        return true
    }
}
