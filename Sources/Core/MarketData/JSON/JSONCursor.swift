/// A forward-only reader over the bytes of one JSON text.
///
/// Everything it skips is still validated (strings, escapes, UTF-8, numbers, nesting), so a frame the
/// Binance parser accepts is a frame a general JSON decoder accepts too. It is stricter than RFC 8259 in a
/// few places a venue never exercises: nesting is limited to ``maximumDepth`` and numbers to 64 bytes.
struct JSONCursor {
    static let maximumDepth = 64
    static let maximumNumberLength = 64

    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func error(_ message: String, code: MarketDataError.Code = .malformedJSON) -> MarketDataError {
        MarketDataError(code, message, offset: index)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    /// The next non-whitespace byte without consuming it, or `nil` at the end.
    @inline(__always)
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8) throws(MarketDataError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else {
            throw error("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        index += 1
    }

    /// After a member or element: consumes `,` and returns `true`, or consumes `close` and returns `false`.
    @inline(__always)
    mutating func nextMember(close: UInt8) throws(MarketDataError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw error("unterminated object or array") }
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: ",") { return true }
        if byte == close { return false }
        throw error("expected ',' or '\(Character(Unicode.Scalar(close)))'")
    }

    /// Requires that only whitespace is left.
    mutating func expectEnd() throws(MarketDataError) {
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected bytes after the JSON value") }
    }

    // MARK: Strings

    /// Reads a string (the cursor at its opening quote); returns the span between the quotes and whether it
    /// holds escapes (the span is then the escaped text, not the decoded one).
    @inline(__always)
    mutating func readString() throws(MarketDataError) -> (span: Range<Int>, escaped: Bool) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string") }
        index += 1
        let start = index
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return (start..<(index - 1), escaped)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                try readEscape()
            } else if byte < 0x20 {
                throw error("control character in a string")
            } else if byte >= 0x80 {
                try readUTF8Sequence()
            } else {
                index += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func readEscape() throws(MarketDataError) {
        index += 1
        guard index < bytes.count else { throw error("unterminated escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "u"):
            let unit = try readHex4()
            if (0xDC00...0xDFFF).contains(unit) { throw error("lone low surrogate escape") }
            if (0xD800...0xDBFF).contains(unit) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw error("high surrogate escape without its low half") }
                index += 2
                let low = try readHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("high surrogate escape without its low half") }
            }
        default:
            throw error("invalid escape")
        }
    }

    private mutating func readHex4() throws(MarketDataError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence (no overlong forms, no surrogates, at most U+10FFFF).
    private mutating func readUTF8Sequence() throws(MarketDataError) {
        let lead = bytes[index]
        let length: Int
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF:
            length = 2
            scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF:
            length = 3
            scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4:
            length = 4
            scalar = UInt32(lead & 0x07)
        default: throw error("invalid UTF-8")
        }
        guard index + length <= bytes.count else { throw error("truncated UTF-8") }
        for k in 1..<length {
            let next = bytes[index + k]
            guard next & 0xC0 == 0x80 else { throw error("invalid UTF-8") }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : (length == 3 ? 0x800 : 0x10000)
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
            throw error("invalid UTF-8")
        }
        index += length
    }

    /// The bytes of `span`.
    @inline(__always)
    func raw(_ span: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[span]))
    }

    /// `true` when the bytes of `span` equal `literal` (ASCII).
    @inline(__always)
    func spanEquals(_ span: Range<Int>, _ literal: StaticString) -> Bool {
        guard span.count == literal.utf8CodeUnitCount else { return false }
        let pointer = literal.utf8Start
        for k in 0..<span.count where bytes[span.lowerBound + k] != pointer[k] { return false }
        return true
    }

    // MARK: Numbers and other values

    /// Reads a value that should be a plain non-negative integer. Returns `nil` (having validated and skipped
    /// it) when the value is any other JSON value, including a number with sign, fraction or exponent.
    /// - Throws: `integerOverflow` when a plain integer exceeds `Int64`; `malformedJSON` for invalid JSON.
    mutating func readPlainInteger() throws(MarketDataError) -> Int64? {
        skipWhitespace()
        let start = index
        guard index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 else {
            try skipValue(depth: 0)
            return nil
        }
        let (plain, end) = try scanNumber()
        index = end
        guard plain else { return nil }
        var value: Int64 = 0
        for k in start..<end {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(bytes[k] &- UInt8(ascii: "0")))
            if o1 || o2 { throw MarketDataError(.integerOverflow, "integer does not fit Int64", offset: start) }
            value = a
        }
        return value
    }

    /// Reads a JSON number and returns its text span, or `nil` (having validated and skipped it) for any
    /// other value.
    mutating func readNumberSpan() throws(MarketDataError) -> Range<Int>? {
        guard let byte = peek(), byte == UInt8(ascii: "-") || byte &- UInt8(ascii: "0") < 10 else {
            try skipValue(depth: 0)
            return nil
        }
        let start = index
        index = try scanNumber().end
        return start..<index
    }

    /// Scans a JSON number at `index` without moving; returns whether it is a plain integer and its end.
    private func scanNumber() throws(MarketDataError) -> (plain: Bool, end: Int) {
        var k = index
        var plain = true
        if k < bytes.count && bytes[k] == UInt8(ascii: "-") {
            plain = false
            k += 1
        }
        guard k < bytes.count, bytes[k] &- UInt8(ascii: "0") < 10 else { throw error("invalid number") }
        if bytes[k] == UInt8(ascii: "0") {
            k += 1
        } else {
            while k < bytes.count && bytes[k] &- UInt8(ascii: "0") < 10 { k += 1 }
        }
        if k < bytes.count && bytes[k] == UInt8(ascii: ".") {
            plain = false
            k += 1
            let digits = k
            while k < bytes.count && bytes[k] &- UInt8(ascii: "0") < 10 { k += 1 }
            guard k > digits else { throw error("invalid number") }
        }
        if k < bytes.count && (bytes[k] == UInt8(ascii: "e") || bytes[k] == UInt8(ascii: "E")) {
            plain = false
            k += 1
            if k < bytes.count && (bytes[k] == UInt8(ascii: "+") || bytes[k] == UInt8(ascii: "-")) { k += 1 }
            let digits = k
            while k < bytes.count && bytes[k] &- UInt8(ascii: "0") < 10 { k += 1 }
            guard k > digits else { throw error("invalid number") }
            // A general decoder may refuse huge exponents (out of Double's range): refuse them first.
            guard k - digits <= 2 else { throw error("number exponent too large") }
        }
        guard k - index <= Self.maximumNumberLength else { throw error("number too long") }
        return (plain, k)
    }

    /// Validates and skips any JSON value.
    mutating func skipValue(depth: Int) throws(MarketDataError) {
        guard depth < Self.maximumDepth else { throw error("nesting too deep") }
        guard let byte = peek() else { throw error("expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            _ = try readString()
        case UInt8(ascii: "{"):
            index += 1
            if peek() == UInt8(ascii: "}") {
                index += 1
                return
            }
            repeat {
                _ = try readString()
                try expect(UInt8(ascii: ":"))
                try skipValue(depth: depth + 1)
            } while try nextMember(close: UInt8(ascii: "}"))
        case UInt8(ascii: "["):
            index += 1
            if peek() == UInt8(ascii: "]") {
                index += 1
                return
            }
            repeat {
                try skipValue(depth: depth + 1)
            } while try nextMember(close: UInt8(ascii: "]"))
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        default:
            index = try scanNumber().end
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(MarketDataError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count, spanEquals(index..<(index + count), literal) else {
            throw error("invalid literal")
        }
        index += count
    }
}
