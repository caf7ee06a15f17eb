import BourseCore

/// A byte-level parser for BitMEX `orderBookL2` frames:
/// `{"table":"orderBookL2","action":"update","data":[{"symbol":"XBTUSD","id":..,"side":"Buy","size":..}]}`.
///
/// Prices are JSON numbers; their text goes straight into fixed point (exponent forms such as `3.5e-7`, which
/// BitMEX sends for small prices, are shifted exactly, never rounded). Other tables and messages are validated and skipped. Rows are kept in
/// ``rows`` and the array is reused between frames.
public struct BitMEXFrameParser: FrameParser, Sendable {
    /// Scales prices and sizes are parsed at.
    public let scales: DecimalScales
    /// The rows of the last `orderBookL2` frame.
    public private(set) var rows: [BitMEXRow] = []

    /// - Parameter scales: BitMEX quotes some prices with 10 decimals (TRXU21 `0.0000019799`).
    public init(scales: DecimalScales = DecimalScales(price: 10, size: 8)) {
        self.scales = scales
    }

    /// Parses one frame.
    /// - Throws: ``MarketDataError`` for malformed JSON, an `orderBookL2` frame with a missing or mistyped
    ///   field, or a price/size that is not an exact decimal at the scale.
    public mutating func parse(_ frame: UnsafeBufferPointer<UInt8>) throws(MarketDataError) -> BitMEXAction {
        var cursor = JSONCursor(frame)
        rows.removeAll(keepingCapacity: true)
        var isBook = false
        var action: BitMEXAction?
        var sawData = false
        try cursor.expect(UInt8(ascii: "{"))
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.index += 1
        } else {
            repeat {
                let (key, _) = try cursor.readString()
                try cursor.expect(UInt8(ascii: ":"))
                if cursor.spanEquals(key, "table") && cursor.peek() == UInt8(ascii: "\"") {
                    isBook = cursor.spanEquals(try cursor.readString().span, "orderBookL2")
                } else if cursor.spanEquals(key, "action") && cursor.peek() == UInt8(ascii: "\"") {
                    let span = try cursor.readString().span
                    action = Self.action(cursor, span)
                } else if cursor.spanEquals(key, "data") && isBook && cursor.peek() == UInt8(ascii: "[") {
                    guard !sawData else { throw cursor.error("'data' appears twice", code: .duplicateField) }
                    sawData = true
                    try readRows(&cursor)
                } else {
                    try cursor.skipValue(depth: 1)
                }
            } while try cursor.nextMember(close: UInt8(ascii: "}"))
        }
        try cursor.expectEnd()
        guard isBook else { return .other }
        guard let action, action != .other else {
            throw MarketDataError(.missingField, "orderBookL2 frame without a known 'action'", offset: cursor.index)
        }
        guard sawData else {
            throw MarketDataError(.missingField, "orderBookL2 frame without 'data' after 'table'", offset: cursor.index)
        }
        return action
    }

    private static func action(_ cursor: JSONCursor, _ span: Range<Int>) -> BitMEXAction {
        if cursor.spanEquals(span, "update") { return .update }
        if cursor.spanEquals(span, "insert") { return .insert }
        if cursor.spanEquals(span, "delete") { return .delete }
        if cursor.spanEquals(span, "partial") { return .partial }
        return .other
    }

    private mutating func readRows(_ cursor: inout JSONCursor) throws(MarketDataError) {
        cursor.index += 1
        if cursor.peek() == UInt8(ascii: "]") {
            cursor.index += 1
            return
        }
        repeat {
            rows.append(try readRow(&cursor))
        } while try cursor.nextMember(close: UInt8(ascii: "]"))
    }

    private func readRow(_ cursor: inout JSONCursor) throws(MarketDataError) -> BitMEXRow {
        try cursor.expect(UInt8(ascii: "{"))
        var symbol: VenueSymbol?
        var id: Int64?
        var side: Side?
        var size: Int64?
        var price: Int64?
        if cursor.peek() != UInt8(ascii: "}") {
            repeat {
                let (key, _) = try cursor.readString()
                try cursor.expect(UInt8(ascii: ":"))
                if cursor.spanEquals(key, "symbol") {
                    guard symbol == nil else { throw cursor.error("duplicate 'symbol'", code: .duplicateField) }
                    let (span, escaped) = try cursor.readString()
                    guard !escaped, let value = VenueSymbol(bytes: cursor.raw(span))
                    else { throw cursor.error("bad symbol", code: .wrongType) }
                    symbol = value
                } else if cursor.spanEquals(key, "id") {
                    guard id == nil else { throw cursor.error("duplicate 'id'", code: .duplicateField) }
                    guard let value = try cursor.readPlainInteger() else {
                        throw cursor.error("bad id", code: .wrongType)
                    }
                    id = value
                } else if cursor.spanEquals(key, "side") {
                    guard side == nil else { throw cursor.error("duplicate 'side'", code: .duplicateField) }
                    let (span, _) = try cursor.readString()
                    if cursor.spanEquals(span, "Buy") {
                        side = .buy
                    } else if cursor.spanEquals(span, "Sell") {
                        side = .sell
                    } else {
                        throw cursor.error("side is neither Buy nor Sell", code: .wrongType)
                    }
                } else if cursor.spanEquals(key, "size") {
                    guard size == nil else { throw cursor.error("duplicate 'size'", code: .duplicateField) }
                    size = try readDecimal(&cursor, scale: scales.size)
                } else if cursor.spanEquals(key, "price") {
                    guard price == nil else { throw cursor.error("duplicate 'price'", code: .duplicateField) }
                    price = try readDecimal(&cursor, scale: scales.price)
                } else {
                    try cursor.skipValue(depth: 3)
                }
            } while try cursor.nextMember(close: UInt8(ascii: "}"))
        } else {
            cursor.index += 1
        }
        guard let symbol, let id, let side else {
            throw MarketDataError(.missingField, "orderBookL2 row without symbol, id or side", offset: cursor.index)
        }
        return BitMEXRow(symbol: symbol, id: id, side: side, size: size, price: price)
    }

    private func readDecimal(_ cursor: inout JSONCursor, scale: Int) throws(MarketDataError) -> Int64 {
        try cursor.readDecimalNumber(scale: scale)
    }
}
