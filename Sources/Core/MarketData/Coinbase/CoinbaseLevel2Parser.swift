import BourseCore
import OrderBook

/// A byte-level parser for Coinbase's legacy `level2` channel: `{"type":"snapshot","product_id":..,
/// "bids":[[p,s]],"asks":[[p,s]]}` and `{"type":"l2update","product_id":..,"changes":[["buy"|"sell",p,s]]}`.
///
/// Other message types (ticker, match, subscriptions) are validated and skipped. Results are reused between
/// frames: ``bids`` and ``asks`` hold a snapshot's levels or an update's changes by side, in message order.
public struct CoinbaseLevel2Parser: FrameParser, Sendable {
    /// What a frame was.
    public enum Kind: Hashable, Sendable { case snapshot, update, other }

    /// Decimals kept for prices and sizes.
    public let scales: DecimalScales
    /// The product of the last snapshot or update.
    public private(set) var product = VenueSymbol()
    /// Bid levels (snapshot) or buy-side changes (update).
    public private(set) var bids: [L2Level] = []
    /// Ask levels (snapshot) or sell-side changes (update).
    public private(set) var asks: [L2Level] = []

    public init(scales: DecimalScales = DecimalScales(price: 8, size: 8)) {
        self.scales = scales
    }

    /// Parses one frame.
    /// - Throws: ``MarketDataError`` for malformed JSON, a snapshot or update with a missing or mistyped
    ///   field, or an inexact price or size.
    public mutating func parse(_ frame: UnsafeBufferPointer<UInt8>) throws(MarketDataError) -> Kind {
        var cursor = JSONCursor(frame)
        bids.removeAll(keepingCapacity: true)
        asks.removeAll(keepingCapacity: true)
        var kind: Kind?
        var hasProduct = false
        var levelFields = 0
        try cursor.expect(UInt8(ascii: "{"))
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.index += 1
        } else {
            repeat {
                let (key, _) = try cursor.readString()
                try cursor.expect(UInt8(ascii: ":"))
                if cursor.spanEquals(key, "type") && cursor.peek() == UInt8(ascii: "\"") {
                    guard kind == nil else { throw cursor.error("duplicate 'type'", code: .duplicateField) }
                    let span = try cursor.readString().span
                    kind =
                        cursor.spanEquals(span, "snapshot")
                        ? .snapshot : cursor.spanEquals(span, "l2update") ? .update : .other
                } else if cursor.spanEquals(key, "product_id") && cursor.peek() == UInt8(ascii: "\"") {
                    guard !hasProduct else { throw cursor.error("duplicate 'product_id'", code: .duplicateField) }
                    let (span, escaped) = try cursor.readString()
                    guard !escaped, let symbol = VenueSymbol(bytes: cursor.raw(span))
                    else { throw cursor.error("bad product_id", code: .wrongType) }
                    product = symbol
                    hasProduct = true
                } else if kind != .other && cursor.peek() == UInt8(ascii: "[")
                    && (cursor.spanEquals(key, "bids") || cursor.spanEquals(key, "asks")
                        || cursor.spanEquals(key, "changes"))
                {
                    levelFields += 1
                    if cursor.spanEquals(key, "changes") {
                        try readChanges(&cursor)
                    } else {
                        if cursor.spanEquals(key, "bids") {
                            _ = try cursor.readLevelArray(scales, into: &bids)
                        } else {
                            _ = try cursor.readLevelArray(scales, into: &asks)
                        }
                    }
                } else {
                    try cursor.skipValue(depth: 1)
                }
            } while try cursor.nextMember(close: UInt8(ascii: "}"))
        }
        try cursor.expectEnd()
        guard let kind, kind != .other else { return .other }
        guard hasProduct, levelFields == (kind == .snapshot ? 2 : 1) else {
            throw MarketDataError(
                .missingField, "level2 message without product_id or its levels (type first)",
                offset: cursor.index)
        }
        return kind
    }

    private mutating func readChanges(_ cursor: inout JSONCursor) throws(MarketDataError) {
        cursor.index += 1
        if cursor.peek() == UInt8(ascii: "]") {
            cursor.index += 1
            return
        }
        repeat {
            try cursor.expect(UInt8(ascii: "["))
            let side = try cursor.readString().span
            let isBuy = cursor.spanEquals(side, "buy")
            guard isBuy || cursor.spanEquals(side, "sell") else {
                throw cursor.error("side is not buy or sell", code: .wrongType)
            }
            try cursor.expect(UInt8(ascii: ","))
            let level = try readLevel(&cursor)
            try cursor.expect(UInt8(ascii: "]"))
            if isBuy { bids.append(level) } else { asks.append(level) }
        } while try cursor.nextMember(close: UInt8(ascii: "]"))
    }

    /// `"price","size"` (the cursor after `[`). Extra elements (order counts in level3) are refused.
    private func readLevel(_ cursor: inout JSONCursor) throws(MarketDataError) -> L2Level {
        let price = try cursor.readDecimalString(scale: scales.price)
        try cursor.expect(UInt8(ascii: ","))
        let size = try cursor.readDecimalString(scale: scales.size)
        return L2Level(price: Price(price), quantity: Quantity(size))
    }
}
