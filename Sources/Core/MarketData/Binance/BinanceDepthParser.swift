import BourseCore
import OrderBook

/// A byte-level parser for Binance depth frames: `depthUpdate` events (spot and USD-M futures, bare or in the
/// combined-stream envelope `{"stream":..,"data":{..}}`) and REST depth snapshots.
///
/// Prices and sizes go straight from the bytes into fixed-point integers (never through `Double`). Unknown
/// fields and other message types are skipped, but always validated: a frame it accepts is valid JSON and
/// its result equals what a general JSON decoder reads. Results live in the parser (``update`` and
/// ``snapshot``) and their arrays are reused, so steady-state parsing allocates nothing.
///
/// Classification: `"e":"depthUpdate"` is a diff event; an object without `e` but with `lastUpdateId` is a
/// snapshot; anything else is ``BinanceFrameKind/other``. Stricter than JSON on purpose: a known field
/// repeated in one object, a top-level object mixing envelope keys (`stream`, `data`) with event keys, and
/// escapes inside prices, sizes or symbols are refused.
public struct BinanceDepthParser: Sendable {
    /// Scales prices and sizes are parsed at.
    public let scales: DecimalScales
    /// The last diff event parsed (valid after ``parse(_:)`` returned ``BinanceFrameKind/depthUpdate``).
    public private(set) var update = BinanceDepthUpdate()
    /// The last snapshot parsed (valid after ``parse(_:)`` returned ``BinanceFrameKind/snapshot``).
    public private(set) var snapshot = BinanceDepthSnapshot()
    /// Number of price levels in the last frame (its bids plus asks).
    public var levelCount: Int { lastLevelCount }

    private var lastLevelCount = 0
    private var fields = FieldSet()
    private var eventIsDepth = false
    private var hasEventType = false

    /// - Parameter scales: decimals kept for prices and sizes; more significant decimals are an error.
    public init(scales: DecimalScales = .binance) {
        self.scales = scales
    }

    /// Parses one frame.
    /// - Returns: what the frame was; the result is in ``update`` or ``snapshot``.
    /// - Throws: ``MarketDataError`` for malformed JSON, a missing or mistyped field of a depth message, or a
    ///   price/size that is not an exact decimal at the scale (`invalid_decimal`). The parser stays usable.
    public mutating func parse(_ frame: UnsafeRawBufferPointer) throws(MarketDataError) -> BinanceFrameKind {
        try parse(frame.assumingMemoryBound(to: UInt8.self))
    }

    /// Parses one frame; see ``parse(_:)-(UnsafeRawBufferPointer)``.
    public mutating func parse(_ frame: [UInt8]) throws(MarketDataError) -> BinanceFrameKind {
        let result: Result<BinanceFrameKind, MarketDataError> = frame.withUnsafeBufferPointer { buffer in
            do throws(MarketDataError) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses one frame; see ``parse(_:)-(UnsafeRawBufferPointer)``.
    public mutating func parse(_ frame: UnsafeBufferPointer<UInt8>) throws(MarketDataError) -> BinanceFrameKind {
        var cursor = JSONCursor(frame)
        fields = FieldSet()
        lastLevelCount = 0
        eventIsDepth = false
        hasEventType = false
        update.bids.removeAll(keepingCapacity: true)
        update.asks.removeAll(keepingCapacity: true)
        snapshot.bids.removeAll(keepingCapacity: true)
        snapshot.asks.removeAll(keepingCapacity: true)
        update.eventTime = nil
        update.previousFinalUpdateId = nil
        guard cursor.peek() == UInt8(ascii: "{") else { throw cursor.error("a frame must be a JSON object") }
        try parseObject(&cursor, topLevel: true)
        try cursor.expectEnd()
        return try classify(cursor)
    }

    private func classify(_ cursor: JSONCursor) throws(MarketDataError) -> BinanceFrameKind {
        if eventIsDepth {
            try check(
                required: [.symbol, .first, .final, .bids, .asks], typed: [.eventTime, .previous], what: "depthUpdate",
                cursor)
            return .depthUpdate
        }
        if !hasEventType && fields.contains(.lastUpdateId) {
            try check(
                required: [.lastUpdateId, .snapshotBids, .snapshotAsks], typed: [], what: "depth snapshot", cursor)
            return .snapshot
        }
        return .other
    }

    /// Requires every `required` field, and every present `required` or `typed` field to have the right type.
    @inline(__always)
    private func check(required: FieldSet, typed: FieldSet, what: String, _ cursor: JSONCursor)
        throws(MarketDataError)
    {
        let checked = required.union(typed)
        if fields.isSuperset(of: required) && !fields.isWrong(checked) { return }
        for (field, name) in FieldSet.names where required.contains(field) && !fields.contains(field) {
            throw MarketDataError(.missingField, "\(what) without '\(name)'", offset: cursor.index)
        }
        for (field, name) in FieldSet.names where checked.contains(field) && fields.isWrong(field) {
            throw MarketDataError(.wrongType, "\(what) field '\(name)' has the wrong type", offset: cursor.index)
        }
    }

    private mutating func parseObject(_ cursor: inout JSONCursor, topLevel: Bool) throws(MarketDataError) {
        try cursor.expect(UInt8(ascii: "{"))
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.index += 1
            return
        }
        var sawEnvelopeKey = false
        var sawEventKey = false
        repeat {
            let (key, _) = try cursor.readString()
            try cursor.expect(UInt8(ascii: ":"))
            if topLevel && (cursor.spanEquals(key, "stream") || cursor.spanEquals(key, "data")) {
                sawEnvelopeKey = true
                if cursor.spanEquals(key, "data") {
                    try mark(.data, &cursor)
                    guard cursor.peek() == UInt8(ascii: "{") else {
                        throw cursor.error("envelope 'data' is not an object", code: .wrongType)
                    }
                    try parseObject(&cursor, topLevel: false)
                } else {
                    try mark(.stream, &cursor)
                    try cursor.skipValue(depth: 1)
                }
            } else if try parseEventField(key, &cursor) {
                sawEventKey = true
            } else {
                try cursor.skipValue(depth: 1)
            }
            if sawEnvelopeKey && sawEventKey {
                throw cursor.error("an object mixes envelope keys (stream, data) with event keys")
            }
        } while try cursor.nextMember(close: UInt8(ascii: "}"))
        if topLevel && sawEnvelopeKey && !fields.contains(.data) {
            throw MarketDataError(.missingField, "combined-stream envelope without 'data'", offset: cursor.index)
        }
    }

    /// Parses the value of a known event field; returns `false` (nothing consumed) for other keys.
    private mutating func parseEventField(_ key: Range<Int>, _ cursor: inout JSONCursor) throws(MarketDataError) -> Bool
    {
        switch key.count {
        case 1:
            switch cursor.bytes[key.lowerBound] {
            case UInt8(ascii: "e"):
                try mark(.eventType, &cursor)
                hasEventType = true
                if cursor.peek() == UInt8(ascii: "\"") {
                    let (span, _) = try cursor.readString()
                    eventIsDepth = cursor.spanEquals(span, "depthUpdate")
                } else {
                    try cursor.skipValue(depth: 1)
                }
            case UInt8(ascii: "E"): try readInteger(.eventTime, &cursor) { $0.update.eventTime = $1 }
            case UInt8(ascii: "U"): try readInteger(.first, &cursor) { $0.update.firstUpdateId = $1 }
            case UInt8(ascii: "u"): try readInteger(.final, &cursor) { $0.update.finalUpdateId = $1 }
            case UInt8(ascii: "s"):
                try mark(.symbol, &cursor)
                if cursor.peek() == UInt8(ascii: "\"") {
                    let (span, escaped) = try cursor.readString()
                    guard !escaped else { throw cursor.error("escaped symbol", code: .wrongType) }
                    guard let symbol = VenueSymbol(bytes: cursor.raw(span)) else {
                        throw cursor.error("symbol longer than \(VenueSymbol.capacity) bytes", code: .symbolTooLong)
                    }
                    update.symbol = symbol
                } else {
                    try cursor.skipValue(depth: 1)
                    fields.markWrong(.symbol)
                }
            case UInt8(ascii: "b"): try readLevels(.bids, &cursor)
            case UInt8(ascii: "a"): try readLevels(.asks, &cursor)
            default: return false
            }
            return true
        case 2 where cursor.spanEquals(key, "pu"):
            try readInteger(.previous, &cursor) { $0.update.previousFinalUpdateId = $1 }
            return true
        case 4 where cursor.spanEquals(key, "bids"):
            try readLevels(.snapshotBids, &cursor)
            return true
        case 4 where cursor.spanEquals(key, "asks"):
            try readLevels(.snapshotAsks, &cursor)
            return true
        case 12 where cursor.spanEquals(key, "lastUpdateId"):
            try readInteger(.lastUpdateId, &cursor) { $0.snapshot.lastUpdateId = $1 }
            return true
        default:
            return false
        }
    }

    private mutating func mark(_ field: FieldSet, _ cursor: inout JSONCursor) throws(MarketDataError) {
        guard !fields.contains(field) else { throw cursor.error("a field appears twice", code: .duplicateField) }
        fields.insert(field)
    }

    private mutating func readInteger(
        _ field: FieldSet, _ cursor: inout JSONCursor, store: (inout BinanceDepthParser, Int64) -> Void
    ) throws(MarketDataError) {
        try mark(field, &cursor)
        if let value = try cursor.readPlainInteger() {
            store(&self, value)
        } else {
            fields.markWrong(field)
        }
    }

    /// `[["price","size"],...]`; any other value is skipped and marked wrong (a bookTicker's `"b":"1.0"`).
    private mutating func readLevels(_ field: FieldSet, _ cursor: inout JSONCursor) throws(MarketDataError) {
        try mark(field, &cursor)
        guard cursor.peek() == UInt8(ascii: "[") else {
            try cursor.skipValue(depth: 1)
            fields.markWrong(field)
            return
        }
        switch field {
        case .bids: lastLevelCount += try cursor.readLevelArray(scales, into: &update.bids)
        case .asks: lastLevelCount += try cursor.readLevelArray(scales, into: &update.asks)
        case .snapshotBids: lastLevelCount += try cursor.readLevelArray(scales, into: &snapshot.bids)
        default: lastLevelCount += try cursor.readLevelArray(scales, into: &snapshot.asks)
        }
    }
}
