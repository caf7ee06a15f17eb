import BourseCore
import OrderBook

/// A byte-level parser for OKX v5 `books` messages:
/// `{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"snapshot"|"update","data":[{"asks":[[p,s,"0",n]],
/// "bids":[..],"ts":"..","checksum":-855196043,"prevSeqId":123456,"seqId":123457}]}` (the sequence fields
/// only in newer feeds). Other channels and events are validated and skipped. `arg` must precede `data`.
public struct OKXBooksParser: FrameParser, Sendable {
    /// What a frame was.
    public enum Kind: Hashable, Sendable { case snapshot, update, other }

    /// Decimals kept for prices and sizes.
    public let scales: DecimalScales
    /// The instrument of the last `books` frame (`instId`).
    public private(set) var instrument = VenueSymbol()
    /// Bid levels of the last book frame, in message order.
    public private(set) var bids: [L2Level] = []
    /// Ask levels of the last book frame, in message order.
    public private(set) var asks: [L2Level] = []
    /// The `checksum` of the last frame, if any.
    public private(set) var checksum: Int64?
    /// The `seqId` of the last frame, if any.
    public private(set) var seqId: Int64?
    /// The `prevSeqId` of the last frame, if any.
    public private(set) var prevSeqId: Int64?

    public init(scales: DecimalScales = DecimalScales(price: 8, size: 8)) {
        self.scales = scales
    }

    /// Parses one frame.
    /// - Throws: ``MarketDataError`` for malformed JSON, a `books` message of the wrong shape or an inexact
    ///   price or size.
    public mutating func parse(_ frame: UnsafeBufferPointer<UInt8>) throws(MarketDataError) -> Kind {
        var cursor = JSONCursor(frame)
        bids.removeAll(keepingCapacity: true)
        asks.removeAll(keepingCapacity: true)
        checksum = nil
        seqId = nil
        prevSeqId = nil
        var isBooks = false
        var action: Kind?
        var dataCount = 0
        var hasEvent = false
        try cursor.expect(UInt8(ascii: "{"))
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.index += 1
        } else {
            repeat {
                let (key, _) = try cursor.readString()
                try cursor.expect(UInt8(ascii: ":"))
                if cursor.spanEquals(key, "arg") && cursor.peek() == UInt8(ascii: "{") {
                    isBooks = try readArg(&cursor)
                } else if cursor.spanEquals(key, "event") {
                    hasEvent = true
                    try cursor.skipValue(depth: 1)
                } else if cursor.spanEquals(key, "action") && cursor.peek() == UInt8(ascii: "\"") {
                    let span = try cursor.readString().span
                    action =
                        cursor.spanEquals(span, "snapshot")
                        ? .snapshot : cursor.spanEquals(span, "update") ? .update : .other
                } else if cursor.spanEquals(key, "data") && isBooks && cursor.peek() == UInt8(ascii: "[") {
                    cursor.index += 1
                    if cursor.peek() == UInt8(ascii: "]") {
                        cursor.index += 1
                    } else {
                        repeat {
                            dataCount += 1
                            try readBook(&cursor)
                        } while try cursor.nextMember(close: UInt8(ascii: "]"))
                    }
                } else {
                    try cursor.skipValue(depth: 1)
                }
            } while try cursor.nextMember(close: UInt8(ascii: "}"))
        }
        try cursor.expectEnd()
        guard isBooks, !hasEvent else { return .other }
        guard let action, action != .other, dataCount == 1 else {
            throw MarketDataError(.missingField, "books message needs an action and exactly one data item")
        }
        return action
    }

    /// Reads `{"channel":..,"instId":..}`; returns `true` for the `books` channel.
    private mutating func readArg(_ cursor: inout JSONCursor) throws(MarketDataError) -> Bool {
        try cursor.expect(UInt8(ascii: "{"))
        var books = false
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.index += 1
            return false
        }
        repeat {
            let (key, _) = try cursor.readString()
            try cursor.expect(UInt8(ascii: ":"))
            if cursor.spanEquals(key, "channel") && cursor.peek() == UInt8(ascii: "\"") {
                books = cursor.spanEquals(try cursor.readString().span, "books")
            } else if cursor.spanEquals(key, "instId") && cursor.peek() == UInt8(ascii: "\"") {
                let (span, escaped) = try cursor.readString()
                guard !escaped, let symbol = VenueSymbol(bytes: cursor.raw(span)) else {
                    throw cursor.error("bad instId", code: .wrongType)
                }
                instrument = symbol
            } else {
                try cursor.skipValue(depth: 2)
            }
        } while try cursor.nextMember(close: UInt8(ascii: "}"))
        return books
    }

    private mutating func readBook(_ cursor: inout JSONCursor) throws(MarketDataError) {
        try cursor.expect(UInt8(ascii: "{"))
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.index += 1
            return
        }
        repeat {
            let (key, _) = try cursor.readString()
            try cursor.expect(UInt8(ascii: ":"))
            if cursor.spanEquals(key, "asks") {
                try readLevels(&cursor, into: &asks)
            } else if cursor.spanEquals(key, "bids") {
                try readLevels(&cursor, into: &bids)
            } else if cursor.spanEquals(key, "checksum") {
                checksum = try readSignedInteger(&cursor)
            } else if cursor.spanEquals(key, "seqId") {
                seqId = try readSignedInteger(&cursor)
            } else if cursor.spanEquals(key, "prevSeqId") {
                prevSeqId = try readSignedInteger(&cursor)
            } else {
                try cursor.skipValue(depth: 3)
            }
        } while try cursor.nextMember(close: UInt8(ascii: "}"))
    }

    /// `[[price, size, "0", orders],...]`: elements after the size are validated and skipped.
    private func readLevels(_ cursor: inout JSONCursor, into levels: inout [L2Level]) throws(MarketDataError) {
        try cursor.expect(UInt8(ascii: "["))
        if cursor.peek() == UInt8(ascii: "]") {
            cursor.index += 1
            return
        }
        repeat {
            try cursor.expect(UInt8(ascii: "["))
            let price = try cursor.readDecimalString(scale: scales.price)
            try cursor.expect(UInt8(ascii: ","))
            let size = try cursor.readDecimalString(scale: scales.size)
            while try cursor.nextMember(close: UInt8(ascii: "]")) { try cursor.skipValue(depth: 4) }
            levels.append(L2Level(price: Price(price), quantity: Quantity(size)))
        } while try cursor.nextMember(close: UInt8(ascii: "]"))
    }

    private func readSignedInteger(_ cursor: inout JSONCursor) throws(MarketDataError) -> Int64 {
        guard let span = try cursor.readNumberSpan() else {
            throw cursor.error("expected an integer", code: .wrongType)
        }
        do {
            return try FixedPoint.parse(UnsafeBufferPointer(rebasing: cursor.bytes[span]), scale: 0)
        } catch {
            throw MarketDataError(.wrongType, "expected an integer: \(error.message)", offset: span.lowerBound)
        }
    }
}
