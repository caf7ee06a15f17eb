import BourseCore
import OrderBook

/// A byte-level parser for Kraken's websocket v2 `book` channel:
/// `{"channel":"book","type":"snapshot"|"update","data":[{"symbol":"BTC/USD","bids":[{"price":45283.5,
/// "qty":0.1}],"asks":[...],"checksum":2114181697,"timestamp":"..."}]}`.
///
/// Prices and quantities are JSON numbers; they are read from their text, exactly (exponent form included),
/// never through `Double`. Other channels (`heartbeat`, `status`) and method replies parse as ``Kind/other``.
/// Only the entry of ``symbol`` is collected.
public struct KrakenV2BookParser: FrameParser, Sendable {
    public enum Kind: Hashable, Sendable {
        case snapshot, update, other
        /// An `instrument` message naming ``KrakenV2BookParser/symbol``'s precisions (what checksums print with).
        case precision(price: Int, quantity: Int)
    }

    public let scales: DecimalScales
    /// The pair collected (`BTC/USD`).
    public let symbol: VenueSymbol
    /// The checksum the entry carried.
    public private(set) var checksum: UInt32?
    public private(set) var bids: [L2Level] = []
    public private(set) var asks: [L2Level] = []

    public init(symbol: VenueSymbol, scales: DecimalScales = DecimalScales(price: 8, size: 8)) {
        self.symbol = symbol
        self.scales = scales
    }

    /// Parses one frame.
    /// - Throws: ``MarketDataError`` for malformed JSON, a `book` entry without its symbol, a level without
    ///   price or qty, a negative or inexact number, or a checksum that is not a `UInt32`.
    public mutating func parse(_ frame: UnsafeBufferPointer<UInt8>) throws(MarketDataError) -> Kind {
        var cursor = JSONCursor(frame)
        bids.removeAll(keepingCapacity: true)
        asks.removeAll(keepingCapacity: true)
        checksum = nil
        var isBook: Bool?
        var isInstrument = false
        var precision: (Int, Int)?
        var type: Kind?
        var mine = false
        try cursor.expect(UInt8(ascii: "{"))
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.index += 1
        } else {
            repeat {
                let (key, _) = try cursor.readString()
                try cursor.expect(UInt8(ascii: ":"))
                if cursor.spanEquals(key, "channel") && cursor.peek() == UInt8(ascii: "\"") {
                    let span = try cursor.readString().span
                    isBook = cursor.spanEquals(span, "book")
                    isInstrument = cursor.spanEquals(span, "instrument")
                } else if cursor.spanEquals(key, "type") && cursor.peek() == UInt8(ascii: "\"") {
                    let span = try cursor.readString().span
                    type = cursor.spanEquals(span, "snapshot") ? .snapshot : cursor.spanEquals(span, "update") ? .update : .other
                } else if cursor.spanEquals(key, "data") && cursor.peek() == UInt8(ascii: "{") {
                    // The `instrument` channel: `{"assets":[..],"pairs":[{"symbol":..,"price_precision":..}]}`.
                    precision = try readInstrument(&cursor) ?? precision
                } else if cursor.spanEquals(key, "data") && cursor.peek() == UInt8(ascii: "[") {
                    cursor.index += 1
                    if cursor.peek() == UInt8(ascii: "]") {
                        cursor.index += 1
                    } else {
                        repeat {
                            if try readEntry(&cursor) { mine = true }
                        } while try cursor.nextMember(close: UInt8(ascii: "]"))
                    }
                } else {
                    try cursor.skipValue(depth: 1)
                }
            } while try cursor.nextMember(close: UInt8(ascii: "}"))
        }
        try cursor.expectEnd()
        if isInstrument, let (price, quantity) = precision { return .precision(price: price, quantity: quantity) }
        guard isBook == true, let type, type != .other, mine else {
            bids.removeAll(keepingCapacity: true)
            asks.removeAll(keepingCapacity: true)
            checksum = nil
            return .other
        }
        return type
    }

    /// One `data` entry; kept when it is ``symbol``'s (fields in any order: levels go to scratch arrays first).
    private mutating func readEntry(_ cursor: inout JSONCursor) throws(MarketDataError) -> Bool {
        guard cursor.peek() == UInt8(ascii: "{") else {
            try cursor.skipValue(depth: 2)
            return false
        }
        cursor.index += 1
        var isSymbol: Bool?
        var entryBids: [L2Level] = []
        var entryAsks: [L2Level] = []
        var entryChecksum: UInt32?
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.index += 1
            return false
        }
        repeat {
            let (key, _) = try cursor.readString()
            try cursor.expect(UInt8(ascii: ":"))
            if cursor.spanEquals(key, "symbol") && cursor.peek() == UInt8(ascii: "\"") {
                let (span, escaped) = try cursor.readString()
                guard !escaped, let name = VenueSymbol(bytes: cursor.raw(span)) else { throw cursor.error("bad symbol", code: .wrongType) }
                isSymbol = name == symbol
            } else if (cursor.spanEquals(key, "bids") || cursor.spanEquals(key, "asks")) && cursor.peek() == UInt8(ascii: "[") {
                if cursor.spanEquals(key, "bids") {
                    try readLevels(&cursor, into: &entryBids)
                } else {
                    try readLevels(&cursor, into: &entryAsks)
                }
            } else if cursor.spanEquals(key, "checksum") {
                guard let value = try cursor.readPlainInteger(), let crc = UInt32(exactly: value) else {
                    throw cursor.error("checksum is not a UInt32", code: .wrongType)
                }
                entryChecksum = crc
            } else {
                try cursor.skipValue(depth: 2)
            }
        } while try cursor.nextMember(close: UInt8(ascii: "}"))
        guard let isSymbol else { throw MarketDataError(.missingField, "book entry without symbol", offset: cursor.index) }
        guard isSymbol else { return false }
        bids = entryBids
        asks = entryAsks
        checksum = entryChecksum
        return true
    }

    /// The precisions of ``symbol`` in an `instrument` message's data object, if it lists the pair.
    private func readInstrument(_ cursor: inout JSONCursor) throws(MarketDataError) -> (Int, Int)? {
        cursor.index += 1
        var found: (Int, Int)?
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.index += 1
            return nil
        }
        repeat {
            let (key, _) = try cursor.readString()
            try cursor.expect(UInt8(ascii: ":"))
            guard cursor.spanEquals(key, "pairs"), cursor.peek() == UInt8(ascii: "[") else {
                try cursor.skipValue(depth: 2)
                continue
            }
            cursor.index += 1
            if cursor.peek() == UInt8(ascii: "]") {
                cursor.index += 1
                continue
            }
            repeat {
                try cursor.expect(UInt8(ascii: "{"))
                var isSymbol = false
                var price: Int64?
                var quantity: Int64?
                if cursor.peek() == UInt8(ascii: "}") {
                    cursor.index += 1
                } else {
                    repeat {
                        let (field, _) = try cursor.readString()
                        try cursor.expect(UInt8(ascii: ":"))
                        if cursor.spanEquals(field, "symbol") && cursor.peek() == UInt8(ascii: "\"") {
                            let (span, escaped) = try cursor.readString()
                            isSymbol = !escaped && VenueSymbol(bytes: cursor.raw(span)) == symbol
                        } else if cursor.spanEquals(field, "price_precision") {
                            price = try cursor.readPlainInteger()
                        } else if cursor.spanEquals(field, "qty_precision") {
                            quantity = try cursor.readPlainInteger()
                        } else {
                            try cursor.skipValue(depth: 4)
                        }
                    } while try cursor.nextMember(close: UInt8(ascii: "}"))
                }
                if isSymbol, let price, let quantity, price <= 18, quantity <= 18 { found = (Int(price), Int(quantity)) }
            } while try cursor.nextMember(close: UInt8(ascii: "]"))
        } while try cursor.nextMember(close: UInt8(ascii: "}"))
        return found
    }

    private func readLevels(_ cursor: inout JSONCursor, into levels: inout [L2Level]) throws(MarketDataError) {
        cursor.index += 1
        if cursor.peek() == UInt8(ascii: "]") {
            cursor.index += 1
            return
        }
        repeat {
            try cursor.expect(UInt8(ascii: "{"))
            var price: Int64?
            var quantity: Int64?
            if cursor.peek() == UInt8(ascii: "}") {
                cursor.index += 1
            } else {
                repeat {
                    let (key, _) = try cursor.readString()
                    try cursor.expect(UInt8(ascii: ":"))
                    if cursor.spanEquals(key, "price") {
                        price = try cursor.readDecimalNumber(scale: scales.price)
                    } else if cursor.spanEquals(key, "qty") {
                        quantity = try cursor.readDecimalNumber(scale: scales.size)
                    } else {
                        try cursor.skipValue(depth: 4)
                    }
                } while try cursor.nextMember(close: UInt8(ascii: "}"))
            }
            guard let price, let quantity else {
                throw MarketDataError(.missingField, "book level without price or qty", offset: cursor.index)
            }
            levels.append(L2Level(price: Price(price), quantity: Quantity(quantity)))
        } while try cursor.nextMember(close: UInt8(ascii: "]"))
    }
}
