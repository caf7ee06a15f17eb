/// The parameters of a Binance request: the query string and the `application/x-www-form-urlencoded` body,
/// decoded, plus the exact bytes a signature covers.
///
/// Binance signs `totalParams`: the query string concatenated with the body (no separator), each without its
/// `signature` parameter. Parameters may come from either part; one given twice is refused (-1101).
struct BinanceParameters: Sendable {
    private(set) var values: [String: String] = [:]
    /// The signature as sent (`signature=`), if any.
    private(set) var signature: String?
    /// What the signature must cover: query then body, each exactly as sent minus the `signature` pair.
    private(set) var signedPayload: [UInt8] = []

    /// Parses the raw (still percent-encoded) query and body.
    /// - Throws: ``BinanceError`` -1101 for a duplicated parameter, -1100 for undecodable text.
    init(query: String?, body: [UInt8]) throws(BinanceError) {
        for part in [Array((query ?? "").utf8), body] where !part.isEmpty {
            var kept: [ArraySlice<UInt8>] = []
            for pair in part.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
                let pieces = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = Self.decode(pieces[0]) else { throw .illegalCharacters("name") }
                guard let value = Self.decode(pieces.count > 1 ? pieces[1] : []) else {
                    throw .illegalCharacters(name)
                }
                if name == "signature" {
                    guard signature == nil else { throw .duplicateParameter(name) }
                    signature = value
                    continue
                }
                guard values[name] == nil else { throw .duplicateParameter(name) }
                values[name] = value
                kept.append(pair)
            }
            signedPayload.append(contentsOf: kept.joined(separator: [UInt8(ascii: "&")]))
        }
    }

    subscript(_ name: String) -> String? { values[name].flatMap { $0.isEmpty ? nil : $0 } }

    /// A parameter that must be present and non-empty.
    /// - Throws: ``BinanceError`` -1102.
    func required(_ name: String) throws(BinanceError) -> String {
        guard let value = self[name] else { throw .mandatory(name) }
        return value
    }

    /// An optional integer parameter.
    /// - Throws: ``BinanceError`` -1100 when it is not an integer.
    func integer(_ name: String) throws(BinanceError) -> Int64? {
        guard let text = self[name] else { return nil }
        guard text.utf8.count <= 19, let value = Int64(text) else { throw .illegalCharacters(name) }
        return value
    }

    /// Percent-decodes a form component (`+` is a space); `nil` for bad escapes or invalid UTF-8.
    static func decode(_ bytes: some Collection<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let c = bytes[i]
            if c == UInt8(ascii: "%") {
                let h = bytes.index(after: i)
                guard h != bytes.endIndex else { return nil }
                let l = bytes.index(after: h)
                guard l != bytes.endIndex, let high = hexValue(bytes[h]), let low = hexValue(bytes[l]) else {
                    return nil
                }
                out.append(high << 4 | low)
                i = bytes.index(after: l)
                continue
            }
            out.append(c == UInt8(ascii: "+") ? UInt8(ascii: " ") : c)
            i = bytes.index(after: i)
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
