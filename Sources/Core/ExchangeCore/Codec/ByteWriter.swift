/// Appends little-endian integers and length-prefixed strings to a byte array: the journal's binary format.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }

    /// Unsigned LEB128: small numbers take one byte.
    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Zig-zag then LEB128, for signed values.
    mutating func int(_ v: Int64) { varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optionalInt(_ v: Int64?) {
        bool(v != nil)
        if let v { int(v) }
    }

    mutating func optionalString(_ s: String?) {
        bool(s != nil)
        if let s { string(s) }
    }
}

/// Reads what ``ByteWriter`` wrote; every read checks bounds and throws ``CodecError`` on truncated or invalid
/// input instead of crashing.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func u8() throws(CodecError) -> UInt8 {
        guard offset < bytes.count else { throw CodecError("truncated record at byte \(offset)") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func bool() throws(CodecError) -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        case let v: throw CodecError("invalid boolean \(v) at byte \(offset - 1)")
        }
    }

    mutating func varint() throws(CodecError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try u8()
            guard shift < 64, shift < 63 || byte <= 1 else { throw CodecError("varint too long at byte \(offset)") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func int() throws(CodecError) -> Int64 {
        let z = try varint()
        return Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
    }

    mutating func string() throws(CodecError) -> String {
        let count = try varint()
        guard count <= UInt64(bytes.count - offset) else { throw CodecError("string longer than the record") }
        let end = offset + Int(count)
        defer { offset = end }
        guard let s = String(validating: bytes[offset..<end], as: UTF8.self) else {
            throw CodecError("invalid UTF-8 at byte \(offset)")
        }
        return s
    }

    mutating func optionalInt() throws(CodecError) -> Int64? { try bool() ? try int() : nil }
    mutating func optionalString() throws(CodecError) -> String? { try bool() ? try string() : nil }
}

/// A journal record that cannot be decoded (truncated, unknown tag, invalid value).
public struct CodecError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { "corrupt_record: \(message)" }
}
