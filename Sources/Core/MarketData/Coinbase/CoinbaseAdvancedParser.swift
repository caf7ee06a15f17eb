import BourseCore
import OrderBook

/// A byte-level parser for Coinbase Advanced Trade's WebSocket feed: `level2` messages on the `l2_data`
/// channel, plus `heartbeats` and `subscriptions` (validated, their sequence numbers read).
///
/// Envelope: `{"channel":"l2_data","client_id":"","timestamp":"...","sequence_num":N,"events":[{"type":
/// "snapshot"|"update","product_id":"BTC-USD","updates":[{"side":"bid"|"offer","event_time":"...",
/// "price_level":"21921.73","new_quantity":"0.06317902"}]}]}`. Keys may come in any order. Only events of
/// ``product`` are collected; ``bids`` and ``asks`` hold their levels in message order (sizes absolute, zero
/// removes).
public struct CoinbaseAdvancedParser: FrameParser, Sendable {
    /// What a frame was.
    public enum Kind: Hashable, Sendable {
        /// An `l2_data` message with a snapshot of ``product`` (replaces the book).
        case snapshot
        /// An `l2_data` message with updates of ``product``.
        case update
        /// Anything else that parsed (heartbeats, subscriptions, other products): only its sequence counts.
        case other
    }

    /// Decimals kept for prices and sizes.
    public let scales: DecimalScales
    /// The product collected.
    public let product: VenueSymbol
    /// The last frame's `sequence_num` (`nil` when it had none).
    public private(set) var sequence: Int64?
    /// Bid levels of the last frame (snapshot: the book's; update: changes).
    public private(set) var bids: [L2Level] = []
    /// Ask ("offer") levels of the last frame.
    public private(set) var asks: [L2Level] = []

    public init(product: VenueSymbol, scales: DecimalScales = DecimalScales(price: 8, size: 8)) {
        self.product = product
        self.scales = scales
    }

    /// Parses one frame.
    /// - Throws: ``MarketDataError`` for malformed JSON, an event without its type or product, an update row
    ///   with a missing or unknown field value, or an inexact price or size.
    public mutating func parse(_ frame: UnsafeBufferPointer<UInt8>) throws(MarketDataError) -> Kind {
        var cursor = JSONCursor(frame)
        bids.removeAll(keepingCapacity: true)
        asks.removeAll(keepingCapacity: true)
        sequence = nil
        var isLevel2: Bool?
        var snapshot = false
        var mine = false
        try cursor.expect(UInt8(ascii: "{"))
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.index += 1
        } else {
            repeat {
                let (key, _) = try cursor.readString()
                try cursor.expect(UInt8(ascii: ":"))
                if cursor.spanEquals(key, "channel") && cursor.peek() == UInt8(ascii: "\"") {
                    guard isLevel2 == nil else { throw cursor.error("duplicate 'channel'", code: .duplicateField) }
                    let span = try cursor.readString().span
                    isLevel2 = cursor.spanEquals(span, "l2_data")
                } else if cursor.spanEquals(key, "sequence_num") {
                    guard sequence == nil else { throw cursor.error("duplicate 'sequence_num'", code: .duplicateField) }
                    guard let value = try cursor.readPlainInteger() else {
                        throw cursor.error("sequence_num is not a non-negative integer", code: .wrongType)
                    }
                    sequence = value
                } else if cursor.spanEquals(key, "events") && cursor.peek() == UInt8(ascii: "[") {
                    cursor.index += 1
                    if cursor.peek() == UInt8(ascii: "]") {
                        cursor.index += 1
                    } else {
                        repeat {
                            let event = try readEvent(&cursor)
                            if event.mine {
                                mine = true
                                snapshot = snapshot || event.snapshot
                            }
                        } while try cursor.nextMember(close: UInt8(ascii: "]"))
                    }
                } else {
                    try cursor.skipValue(depth: 1)
                }
            } while try cursor.nextMember(close: UInt8(ascii: "}"))
        }
        try cursor.expectEnd()
        guard isLevel2 == true, mine else {
            bids.removeAll(keepingCapacity: true)
            asks.removeAll(keepingCapacity: true)
            return .other
        }
        return snapshot ? .snapshot : .update
    }

    /// One event object; its levels are collected when it is a `snapshot`/`update` of ``product``.
    private mutating func readEvent(_ cursor: inout JSONCursor) throws(MarketDataError) -> (mine: Bool, snapshot: Bool) {
        // An event's fields can come in any order: its rows are parsed into scratch arrays first and kept
        // only once the event is known to be ours.
        try cursor.expect(UInt8(ascii: "{"))
        var type: Bool?  // true: snapshot, false: update
        var otherType = false
        var isProduct: Bool?
        var eventBids: [L2Level] = []
        var eventAsks: [L2Level] = []
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.index += 1
            return (false, false)
        }
        repeat {
            let (key, _) = try cursor.readString()
            try cursor.expect(UInt8(ascii: ":"))
            if cursor.spanEquals(key, "type") && cursor.peek() == UInt8(ascii: "\"") {
                let span = try cursor.readString().span
                if cursor.spanEquals(span, "snapshot") { type = true } else if cursor.spanEquals(span, "update") { type = false } else {
                    otherType = true
                }
            } else if cursor.spanEquals(key, "product_id") && cursor.peek() == UInt8(ascii: "\"") {
                let (span, escaped) = try cursor.readString()
                guard !escaped, let symbol = VenueSymbol(bytes: cursor.raw(span)) else {
                    throw cursor.error("bad product_id", code: .wrongType)
                }
                isProduct = symbol == product
            } else if cursor.spanEquals(key, "updates") && cursor.peek() == UInt8(ascii: "[") {
                try readUpdates(&cursor, bids: &eventBids, asks: &eventAsks)
            } else {
                try cursor.skipValue(depth: 2)
            }
        } while try cursor.nextMember(close: UInt8(ascii: "}"))
        guard let type, !otherType else { return (false, false) }
        guard let isProduct else { throw MarketDataError(.missingField, "level2 event without product_id", offset: cursor.index) }
        guard isProduct else { return (false, false) }
        bids += eventBids
        asks += eventAsks
        return (true, type)
    }

    private func readUpdates(_ cursor: inout JSONCursor, bids: inout [L2Level], asks: inout [L2Level]) throws(MarketDataError) {
        cursor.index += 1
        if cursor.peek() == UInt8(ascii: "]") {
            cursor.index += 1
            return
        }
        repeat {
            try cursor.expect(UInt8(ascii: "{"))
            var side: Bool?  // true: bid
            var price: Int64?
            var quantity: Int64?
            if cursor.peek() != UInt8(ascii: "}") {
                repeat {
                    let (key, _) = try cursor.readString()
                    try cursor.expect(UInt8(ascii: ":"))
                    if cursor.spanEquals(key, "side") {
                        let span = try cursor.readString().span
                        if cursor.spanEquals(span, "bid") { side = true } else if cursor.spanEquals(span, "offer") { side = false } else {
                            throw cursor.error("side is not bid or offer", code: .wrongType)
                        }
                    } else if cursor.spanEquals(key, "price_level") {
                        price = try cursor.readDecimalString(scale: scales.price)
                    } else if cursor.spanEquals(key, "new_quantity") {
                        quantity = try cursor.readDecimalString(scale: scales.size)
                    } else {
                        try cursor.skipValue(depth: 3)
                    }
                } while try cursor.nextMember(close: UInt8(ascii: "}"))
            } else {
                cursor.index += 1
            }
            guard let side, let price, let quantity else {
                throw MarketDataError(.missingField, "level2 update without side, price_level or new_quantity", offset: cursor.index)
            }
            let level = L2Level(price: Price(price), quantity: Quantity(quantity))
            if side { bids.append(level) } else { asks.append(level) }
        } while try cursor.nextMember(close: UInt8(ascii: "]"))
    }
}
