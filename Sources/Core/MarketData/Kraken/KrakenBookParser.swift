import BourseCore
import OrderBook

/// A byte-level parser for Kraken websocket v1 `book` messages:
/// `[channelID, {"as":[[p,v,ts],..],"bs":[..]}, "book-1000", "XBT/USD"]` (snapshot) and
/// `[channelID, {"a":[[p,v,ts(,"r")]]}, {"b":[..],"c":"crc"}, "book-1000", "XBT/USD"]` (update; one or two
/// objects). Event objects (`heartbeat`, `systemStatus`, `subscriptionStatus`) and array-shaped channels
/// (trade, spread) are validated and skipped; the `ticker` channel is not supported (its `a`/`b` fields
/// are not level lists) and is reported as an error.
///
/// Besides the fixed-point levels it records how many decimals the first price and volume of a frame were
/// written with: the checksum is computed over the venue's own text, trailing zeros included.
public struct KrakenBookParser: FrameParser, Sendable {
    /// What a frame was.
    public enum Kind: Hashable, Sendable { case snapshot, update, other }

    /// Decimals kept for prices and sizes.
    public let scales: DecimalScales
    /// The pair of the last book frame.
    public private(set) var pair = VenueSymbol()
    /// Bid levels of the last book frame, in message order.
    public private(set) var bids: [L2Level] = []
    /// Ask levels of the last book frame, in message order.
    public private(set) var asks: [L2Level] = []
    /// The `c` field of an update, if present.
    public private(set) var checksum: UInt32?
    /// Decimals of the first price and volume in the frame (`nil` when it had no level).
    public private(set) var priceDecimals: Int?
    public private(set) var volumeDecimals: Int?

    /// - Parameter scales: Kraken writes some prices with 9 decimals (`"0.000022900"`) but none with more than
    ///   8 significant ones in the captures, and others above 10^9 (`"9999999997.00000"`), so 8 fits all.
    public init(scales: DecimalScales = DecimalScales(price: 8, size: 8)) {
        self.scales = scales
    }

    /// Parses one frame.
    /// - Throws: ``MarketDataError`` for malformed JSON, a book message of the wrong shape, an inexact
    ///   price or volume, or a checksum that is not a decimal `UInt32`.
    public mutating func parse(_ frame: UnsafeBufferPointer<UInt8>) throws(MarketDataError) -> Kind {
        var cursor = JSONCursor(frame)
        bids.removeAll(keepingCapacity: true)
        asks.removeAll(keepingCapacity: true)
        checksum = nil
        priceDecimals = nil
        volumeDecimals = nil
        guard cursor.peek() == UInt8(ascii: "[") else {
            try cursor.skipValue(depth: 0)
            try cursor.expectEnd()
            return .other
        }
        cursor.index += 1
        guard try cursor.readPlainInteger() != nil else {
            throw cursor.error("channel id is not an integer", code: .wrongType)
        }
        var snapshot = false
        var update = false
        var strings: [Range<Int>] = []
        while try cursor.nextMember(close: UInt8(ascii: "]")) {
            switch cursor.peek() {
            case UInt8(ascii: "{"):
                guard strings.isEmpty else { throw cursor.error("book object after the channel name") }
                let kind = try readBookObject(&cursor)
                snapshot = snapshot || kind == .snapshot
                update = update || kind == .update
            case UInt8(ascii: "\""):
                let (span, escaped) = try cursor.readString()
                guard !escaped else { throw cursor.error("escaped channel name or pair", code: .wrongType) }
                strings.append(span)
            case UInt8(ascii: "["):
                // Trade and spread channels carry arrays: not a book message.
                try cursor.skipValue(depth: 1)
                snapshot = true
                update = true
            default:
                throw cursor.error("unexpected element in a channel message", code: .wrongType)
            }
        }
        try cursor.expectEnd()
        if snapshot && update && !cursor.spanEquals(strings.first ?? 0..<0, "book") { return .other }
        guard strings.count == 2, snapshot != update else {
            throw MarketDataError(
                .malformedJSON, "book message needs book data, a channel name and a pair",
                offset: cursor.index)
        }
        guard cursor.spanEquals(strings[0], "book") || cursor.bytes[strings[0]].starts(with: "book-".utf8) else {
            return .other
        }
        guard let symbol = VenueSymbol(bytes: cursor.raw(strings[1])) else {
            throw MarketDataError(.symbolTooLong, "pair too long", offset: strings[1].lowerBound)
        }
        pair = symbol
        return snapshot ? .snapshot : .update
    }

    private mutating func readBookObject(_ cursor: inout JSONCursor) throws(MarketDataError) -> Kind {
        try cursor.expect(UInt8(ascii: "{"))
        var kind = Kind.other
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.index += 1
            return kind
        }
        repeat {
            let (key, _) = try cursor.readString()
            try cursor.expect(UInt8(ascii: ":"))
            let isSnapshotKey = cursor.spanEquals(key, "as") || cursor.spanEquals(key, "bs")
            if isSnapshotKey || cursor.spanEquals(key, "a") || cursor.spanEquals(key, "b") {
                let bid = cursor.spanEquals(key, "bs") || cursor.spanEquals(key, "b")
                let thisKind: Kind = isSnapshotKey ? .snapshot : .update
                guard kind == .other || kind == thisKind else { throw cursor.error("snapshot and update keys mixed") }
                kind = thisKind
                try readLevels(&cursor, bid: bid)
            } else if cursor.spanEquals(key, "c") {
                guard checksum == nil else { throw cursor.error("duplicate 'c'", code: .duplicateField) }
                let value = try cursor.readDecimalString(scale: 0)
                guard let crc = UInt32(exactly: value) else {
                    throw cursor.error("checksum out of range", code: .wrongType)
                }
                checksum = crc
            } else {
                try cursor.skipValue(depth: 2)
            }
        } while try cursor.nextMember(close: UInt8(ascii: "}"))
        return kind
    }

    /// `[["price","volume","timestamp"(,"r")],...]`: the elements after the volume are validated and skipped.
    private mutating func readLevels(_ cursor: inout JSONCursor, bid: Bool) throws(MarketDataError) {
        try cursor.expect(UInt8(ascii: "["))
        if cursor.peek() == UInt8(ascii: "]") {
            cursor.index += 1
            return
        }
        repeat {
            try cursor.expect(UInt8(ascii: "["))
            cursor.skipWhitespace()
            let priceStart = cursor.index
            let price = try cursor.readDecimalString(scale: scales.price)
            let priceSpan = priceStart..<cursor.index
            try cursor.expect(UInt8(ascii: ","))
            cursor.skipWhitespace()
            let volumeStart = cursor.index
            let volume = try cursor.readDecimalString(scale: scales.size)
            if priceDecimals == nil {
                priceDecimals = Self.decimals(cursor, priceSpan)
                volumeDecimals = Self.decimals(cursor, volumeStart..<cursor.index)
            }
            while try cursor.nextMember(close: UInt8(ascii: "]")) { try cursor.skipValue(depth: 3) }
            let level = L2Level(price: Price(price), quantity: Quantity(volume))
            if bid { bids.append(level) } else { asks.append(level) }
        } while try cursor.nextMember(close: UInt8(ascii: "]"))
    }

    /// Digits after the point in a quoted decimal's span (quotes included).
    private static func decimals(_ cursor: JSONCursor, _ span: Range<Int>) -> Int {
        guard let point = cursor.bytes[span].firstIndex(of: UInt8(ascii: ".")) else { return 0 }
        return span.upperBound - 1 - point - 1
    }
}
