extension ExactDecimal: LosslessStringConvertible, Codable {
    /// Reads a plain decimal text (`"26818.88"`, `"-0.02"`, `"7"`): an optional `-`, at least one digit, and
    /// optionally a point followed by at least one digit. The scale is the number of fractional digits as
    /// written (`"1.50"` has scale 2), so `ExactDecimal(text)?.description` is the canonical form of `text`.
    /// `nil` for anything else: exponents, `+`, spaces, a bare point, more than 38 fractional digits, or a
    /// value that does not fit 128 bits.
    public init?(_ text: String) {
        var significand: Int128 = 0
        var scale = 0
        var digits = 0
        var negative = false
        var afterPoint = false
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "-") where offset == 0:
                negative = true
            case UInt8(ascii: "."):
                guard !afterPoint, digits > 0 else { return nil }
                afterPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (times10, o1) = significand.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int128(byte &- UInt8(ascii: "0")))
                guard !o1, !o2 else { return nil }
                significand = sum
                digits += 1
                if afterPoint { scale += 1 }
            default:
                return nil
            }
        }
        guard digits > 0, !afterPoint || scale > 0, scale <= 38 else { return nil }
        self.init(significand: negative ? -significand : significand, scale: scale)
    }

    /// Decodes the canonical text (a JSON string), never a JSON number: a number would pass through `Double`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = ExactDecimal(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a plain decimal text such as \"26818.88\"")
        }
        self = value
    }

    /// Encodes ``description`` as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
