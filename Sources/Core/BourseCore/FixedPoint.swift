/// Exact conversion between decimal strings and scaled 64-bit integers.
///
/// A value `v` at scale `s` means `v / 10^s`. Parsing never goes through `Double`: digits are accumulated
/// into an `Int64` with overflow checks, so `"26818.88000000"` at scale 2 is exactly `2_681_888`.
public enum FixedPoint {
    /// `10^n` for `n` in `0...18`.
    public static let powersOfTen: [Int64] = {
        var table: [Int64] = []
        var value: Int64 = 1
        for _ in 0...18 {
            table.append(value)
            value = value &* 10
        }
        return table
    }()

    /// The largest scale supported (10^18 is the largest power of ten in an `Int64`).
    public static let maximumScale = 18

    /// Parses a plain decimal (`[-+]?digits(.digits)?`) from UTF-8 bytes into a value at `scale`.
    ///
    /// - Parameters:
    ///   - bytes: the UTF-8 text, without quotes or surrounding spaces.
    ///   - scale: fractional digits kept, `0...18`. Extra fractional digits are accepted only when they are zeros.
    ///   - allowNegative: `false` for sizes: a leading `-` is then a ``DecimalError/Code-swift.struct/negative``.
    /// - Throws: ``DecimalError`` for empty input, stray characters, exponent notation, negative sizes,
    ///   significant digits beyond `scale` and values outside `Int64`.
    @inlinable
    public static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>,
        scale: Int,
        allowNegative: Bool = true
    ) throws(DecimalError) -> Int64 {
        precondition((0...maximumScale).contains(scale), "scale \(scale) outside 0...18")
        var index = 0
        let count = bytes.count
        var negative = false
        if count > 0 && (bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+")) {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        var value: Int64 = 0
        var integerDigits = 0
        var overflow = false
        // Integer part.
        while index < count {
            let byte = bytes[index]
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(digit))
            overflow = overflow || o1 || o2
            value = a
            integerDigits += 1
            index += 1
        }
        var fractionDigits = 0
        var hasPoint = false
        if index < count && bytes[index] == UInt8(ascii: ".") {
            hasPoint = true
            index += 1
            while index < count {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                if fractionDigits < scale {
                    let (m, o1) = value.multipliedReportingOverflow(by: 10)
                    let (a, o2) = m.addingReportingOverflow(Int64(digit))
                    overflow = overflow || o1 || o2
                    value = a
                } else if digit != 0 {
                    throw DecimalError(.tooManyDecimals, input: string(bytes), scale: scale)
                }
                fractionDigits += 1
                index += 1
            }
        }
        if index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                throw DecimalError(.exponentNotation, input: string(bytes), scale: scale)
            }
            throw DecimalError(.invalidCharacter, input: string(bytes), scale: scale)
        }
        if integerDigits == 0 || (hasPoint && fractionDigits == 0) {
            throw DecimalError(count == 0 ? .empty : .invalidCharacter, input: string(bytes), scale: scale)
        }
        if fractionDigits < scale {
            let (m, o) = value.multipliedReportingOverflow(by: powersOfTen[scale - fractionDigits])
            overflow = overflow || o
            value = m
        }
        if overflow { throw DecimalError(.overflow, input: string(bytes), scale: scale) }
        if negative {
            if value != 0 && !allowNegative { throw DecimalError(.negative, input: string(bytes), scale: scale) }
            return -value
        }
        return value
    }

    /// Parses a decimal string; see ``parse(_:scale:allowNegative:)-(UnsafeBufferPointer<UInt8>,_,_)``.
    public static func parse(_ text: some StringProtocol, scale: Int, allowNegative: Bool = true)
        throws(DecimalError) -> Int64
    {
        var copy = String(text)
        let result: Result<Int64, DecimalError> = copy.withUTF8 { buffer in
            do throws(DecimalError) {
                return .success(try parse(buffer, scale: scale, allowNegative: allowNegative))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The canonical text of `value` at `scale`: no trailing fractional zeros, no point for whole numbers,
    /// `-` for negatives. `format(2_681_888, scale: 2) == "26818.88"`.
    public static func format(_ value: Int64, scale: Int) -> String {
        format(value, scale: scale, minimumFractionDigits: 0)
    }

    /// The text of `value` at `scale` with at least `minimumFractionDigits` fractional digits
    /// (exchanges such as Binance print every price with a fixed number of decimals: `"26818.88000000"`).
    public static func format(_ value: Int64, scale: Int, minimumFractionDigits: Int) -> String {
        let layout = TextLayout(value, scale: scale, minimumFractionDigits: minimumFractionDigits)
        // Exactly as long as the text, so short texts stay small strings (no allocation).
        return String(unsafeUninitializedCapacity: layout.length) { buffer in
            layout.render(into: buffer, at: 0)
            return layout.length
        }
    }

    /// Writes the text ``format(_:scale:minimumFractionDigits:)`` gives into `buffer` at `start`, for callers that
    /// build one larger text (checksums over many levels) without a string per value.
    /// - Returns: the index after the text.
    /// - Precondition: the text fits: at most ``maximumTextLength(minimumFractionDigits:)`` bytes from `start`.
    public static func write(
        _ value: Int64, scale: Int, minimumFractionDigits: Int = 0, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int
    ) -> Int {
        let layout = TextLayout(value, scale: scale, minimumFractionDigits: minimumFractionDigits)
        precondition(start >= 0 && start + layout.length <= buffer.count, "no room for the decimal text")
        layout.render(into: buffer, at: start)
        return start + layout.length
    }

    /// The longest text of any `Int64` at any scale: sign, 19 digits, point, fraction digits.
    public static func maximumTextLength(minimumFractionDigits: Int = 0) -> Int { 21 + max(maximumScale, minimumFractionDigits) }

    /// Where the parts of one decimal text go.
    struct TextLayout {
        let negative: Bool
        let integerPart: UInt64
        let fraction: UInt64
        /// Fraction digits of the value itself (after dropping trailing zeros down to the minimum).
        let digits: Int
        /// Fraction digits written (`digits` plus zero padding up to the minimum).
        let fractionLength: Int
        let length: Int

        init(_ value: Int64, scale: Int, minimumFractionDigits: Int) {
            precondition((0...FixedPoint.maximumScale).contains(scale), "scale \(scale) outside 0...18")
            negative = value < 0
            let magnitude = value.magnitude
            let divisor = UInt64(FixedPoint.powersOfTen[scale])
            integerPart = magnitude / divisor
            var fraction = magnitude % divisor
            var digits = scale
            if fraction == 0 {
                digits = min(digits, max(0, minimumFractionDigits))
            } else {
                // Four zeros at a time first: prices at a fine scale end in many zeros.
                while digits - 4 >= minimumFractionDigits && fraction % 10_000 == 0 {
                    fraction /= 10_000
                    digits -= 4
                }
                while digits > minimumFractionDigits && fraction % 10 == 0 {
                    fraction /= 10
                    digits -= 1
                }
            }
            self.fraction = fraction
            self.digits = digits
            // Digits of the whole part by comparison with the powers of ten (no division).
            var integerDigits = 1
            while integerDigits < 19 && integerPart >= UInt64(FixedPoint.powersOfTen[integerDigits]) {
                integerDigits += 1
            }
            fractionLength = max(digits, max(0, minimumFractionDigits))
            length = (negative ? 1 : 0) + integerDigits + (fractionLength > 0 ? 1 + fractionLength : 0)
        }

        /// Writes `length` bytes at `start`, from the end backwards.
        func render(into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
            var index = start + length
            if fractionLength > 0 {
                for _ in digits..<fractionLength {
                    index -= 1
                    buffer[index] = UInt8(ascii: "0")
                }
                var fraction = self.fraction
                for _ in 0..<digits {
                    index -= 1
                    buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10)
                    fraction /= 10
                }
                index -= 1
                buffer[index] = UInt8(ascii: ".")
            }
            var whole = integerPart
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: whole % 10)
                whole /= 10
            } while whole > 0
            if negative { buffer[start] = UInt8(ascii: "-") }
        }
    }

    @usableFromInline
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes.prefix(64), as: UTF8.self)
    }
}
