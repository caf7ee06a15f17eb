import BourseCore
import OrderBook

extension JSONCursor {
    /// Reads `[["price","size"],...]` (the cursor at `[`) into `levels`; returns the number appended.
    mutating func readLevelArray(_ scales: DecimalScales, into levels: inout [L2Level]) throws(MarketDataError) -> Int {
        try expect(UInt8(ascii: "["))
        if peek() == UInt8(ascii: "]") {
            index += 1
            return 0
        }
        var count = 0
        repeat {
            try expect(UInt8(ascii: "["))
            let price = try readDecimalString(scale: scales.price)
            try expect(UInt8(ascii: ","))
            let size = try readDecimalString(scale: scales.size)
            try expect(UInt8(ascii: "]"))
            levels.append(L2Level(price: Price(price), quantity: Quantity(size)))
            count += 1
        } while try nextMember(close: UInt8(ascii: "]"))
        return count
    }

    /// Reads a string holding a non-negative plain decimal into fixed point at `scale`.
    /// - Throws: `invalid_decimal` (with the ``DecimalError``) for escapes, exponents, signs, extra decimals.
    @inline(__always)
    mutating func readDecimalString(scale: Int) throws(MarketDataError) -> Int64 {
        if let value = readPlainDecimalString(scale: scale) { return value }
        return try readDecimalStringChecked(scale: scale)
    }

    /// The common case in one pass over the bytes: `"<digits>"` or `"<digits>.<digits>"` with at most `scale`
    /// decimals and a value that cannot overflow (integer digits + `scale` <= 18). Returns `nil` without moving
    /// the cursor for anything else (whitespace, escapes, signs, exponents, more decimals, long numbers), which
    /// ``readDecimalStringChecked(scale:)`` then accepts or refuses with its exact error. Both give the same
    /// value for every text the fast path accepts (tested against each other on random texts).
    @inline(__always)
    mutating func readPlainDecimalString(scale: Int) -> Int64? {
        let end = bytes.count
        var i = index
        guard i < end, bytes[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        var value: UInt64 = 0
        let integerStart = i
        Self.readEightDigitBlocks(bytes, &i, end, &value)
        while i < end {
            let digit = bytes[i] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value &* 10 &+ UInt64(digit)
            i += 1
        }
        let integerDigits = i - integerStart
        guard integerDigits > 0, integerDigits + scale <= 18, i < end else { return nil }
        var decimals = 0
        if bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            Self.readEightDigitBlocks(bytes, &i, end, &value)
            while i < end {
                let digit = bytes[i] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                value = value &* 10 &+ UInt64(digit)
                i += 1
            }
            decimals = i - fractionStart
            guard decimals > 0, decimals <= scale, i < end else { return nil }
        }
        guard bytes[i] == UInt8(ascii: "\"") else { return nil }
        var missing = scale - decimals
        while missing > 0 {
            value &*= 10
            missing -= 1
        }
        index = i + 1
        return Int64(value)
    }

    /// Reads whole blocks of eight ASCII digits at `i` (while eight bytes are left and all are digits) into
    /// `value` (`value × 10⁸ + block` each, wrapping: callers refuse texts with more than 18 digits anyway), and
    /// moves `i` past them. One block is a load, two digit checks and three multiplies instead of eight dependent
    /// multiply-adds: exchanges send sizes and prices with eight decimals (`"0.00123000"`), so most numbers have one.
    @inline(__always)
    static func readEightDigitBlocks(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int, _ value: inout UInt64) {
        guard let base = bytes.baseAddress else { return }
        while end - i >= 8 {
            // Little-endian: the first digit is the lowest byte.
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            // Every byte in 0x30...0x39: its high nibble is 3, and adding 6 does not carry out of the low nibble.
            let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
            guard word & high == 0x3030_3030_3030_3030, (word &+ 0x0606_0606_0606_0606) & high == 0x3030_3030_3030_3030
            else { return }
            // Pairs, then fours, then the eight digits: each step multiplies the more significant half by 10, 100
            // or 10,000 and adds the less significant one, in every lane at once.
            var digits = word & 0x0F0F_0F0F_0F0F_0F0F
            digits = (digits &* 10 &+ (digits >> 8)) & 0x00FF_00FF_00FF_00FF
            digits = (digits &* 100 &+ (digits >> 16)) & 0x0000_FFFF_0000_FFFF
            digits = (digits &* 10_000 &+ (digits >> 32)) & 0x0000_0000_FFFF_FFFF
            value = value &* 100_000_000 &+ digits
            i += 8
        }
    }

    /// ``readDecimalString(scale:)`` through the general string reader and ``FixedPoint/parse(_:scale:allowNegative:)``:
    /// every text, with its exact error.
    mutating func readDecimalStringChecked(scale: Int) throws(MarketDataError) -> Int64 {
        let (span, escaped) = try readString()
        guard !escaped else { throw MarketDataError(.invalidDecimal, "escaped price or size", offset: span.lowerBound) }
        do {
            return try FixedPoint.parse(UnsafeBufferPointer(rebasing: bytes[span]), scale: scale, allowNegative: false)
        } catch {
            throw MarketDataError(.invalidDecimal, error.message, offset: span.lowerBound, decimal: error)
        }
    }

    /// Reads a JSON number (plain or in exponent form, as BitMEX and Kraken v2 send prices) into fixed point at
    /// `scale`, exactly: the text is shifted, never converted through `Double`.
    /// - Throws: `wrong_type` for a non-number, `invalid_decimal` for a negative value or too many decimals.
    mutating func readDecimalNumber(scale: Int) throws(MarketDataError) -> Int64 {
        guard let span = try readNumberSpan() else { throw error("expected a number", code: .wrongType) }
        let text = UnsafeBufferPointer(rebasing: bytes[span])
        do {
            if let plain = ExponentNumber.plain(text) {
                return try FixedPoint.parse(String(decoding: plain, as: UTF8.self), scale: scale, allowNegative: false)
            }
            return try FixedPoint.parse(text, scale: scale, allowNegative: false)
        } catch {
            throw MarketDataError(.invalidDecimal, error.message, offset: span.lowerBound, decimal: error)
        }
    }
}
