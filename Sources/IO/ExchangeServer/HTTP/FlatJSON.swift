/// A reader for the one shape order-entry bodies take almost always: a flat JSON object whose members are
/// plain strings, plain integers or booleans. It exists because Foundation's `JSONDecoder` is the largest single
/// cost of `POST /api/v1/orders` (BENCHMARKS.md).
///
/// It is deliberately narrow, and answers `nil` for anything outside that shape instead of an error: keys or
/// strings with escapes or non-ASCII bytes, numbers with a sign, fraction, exponent or leading zero, `null`,
/// nested values, repeated keys, more than ``maximumMembers`` members, trailing bytes. The caller then falls
/// back to `JSONDecoder` (``StrictJSON``), which decodes the rarer forms and words the errors, so what a client
/// sees never depends on which path ran. Within its shape it accepts exactly what `JSONDecoder` accepts and
/// yields the same values (`FlatJSONTests` checks that against `JSONDecoder` on random and mutated bodies).
enum FlatJSON {
    /// A member's value.
    enum Value: Hashable, Sendable {
        case string(String)
        case integer(Int64)
        case bool(Bool)
    }

    /// The most members read before giving up (order bodies have at most 13).
    static let maximumMembers = 16

    /// The members of the object in `bytes`, in order, or `nil` when the text is not of the narrow shape.
    static func members(_ bytes: UnsafeRawBufferPointer) -> [(key: String, value: Value)]? {
        var reader = Reader(bytes: bytes)
        return reader.object()
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        mutating func skipWhitespace() {
            while index < bytes.count {
                let byte = bytes[index]
                guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
                index += 1
            }
        }

        /// Consumes `byte` after optional whitespace.
        mutating func take(_ byte: UInt8) -> Bool {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func object() -> [(key: String, value: Value)]? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var members: [(key: String, value: Value)] = []
            if take(UInt8(ascii: "}")) { return end(members) }
            while true {
                guard members.count < FlatJSON.maximumMembers, let key = string(), take(UInt8(ascii: ":")),
                    let value = value()
                else { return nil }
                for member in members where member.key == key { return nil }
                members.append((key, value))
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { return nil }
                return end(members)
            }
        }

        mutating func end(_ members: [(key: String, value: Value)]) -> [(key: String, value: Value)]? {
            skipWhitespace()
            return index == bytes.count ? members : nil
        }

        /// A string of printable ASCII without escapes.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<(index - 1)]), as: UTF8.self)
                }
                guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { return nil }
                index += 1
            }
            return nil
        }

        mutating func value() -> Value? {
            skipWhitespace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""): return string().map { .string($0) }
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return integer().map { .integer($0) }
            default: return nil
            }
        }

        mutating func literal(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for k in 0..<count where bytes[index + k] != text.utf8Start[k] { return false }
            index += count
            return true
        }

        /// Plain digits, no leading zero (except `0` itself), fitting `Int64`, followed by a delimiter.
        mutating func integer() -> Int64? {
            let start = index
            var value: Int64 = 0
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(bytes[index] &- UInt8(ascii: "0")))
                guard !o1, !o2 else { return nil }
                value = a
                index += 1
            }
            if index - start > 1, bytes[start] == UInt8(ascii: "0") { return nil }
            // A fraction or exponent makes it another kind of number: left to the general decoder.
            if index < bytes.count {
                let next = bytes[index]
                guard next == UInt8(ascii: ",") || next == UInt8(ascii: "}") || next == 0x20 || next == 0x0A
                    || next == 0x0D || next == 0x09
                else { return nil }
            }
            return value
        }
    }
}
