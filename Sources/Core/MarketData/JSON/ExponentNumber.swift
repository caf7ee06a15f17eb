/// Rewrites a JSON number in exponent form (`3.5e-7`) as the plain decimal text it denotes (`0.00000035`),
/// exactly, by moving the decimal point; `FixedPoint.parse` then reads it like any other price.
///
/// Some venues (BitMEX) serialise small prices as JSON numbers in exponent form. The shift is textual, so
/// no precision is lost; only an exponent of at most two digits reaches here (``JSONCursor`` refuses more).
enum ExponentNumber {
    /// `nil` when `text` has no exponent; otherwise the plain decimal. `text` must be a valid JSON number.
    static func plain(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) else { return nil }
        var exponent = 0
        var negativeExponent = false
        var k = e + 1
        if text[k] == UInt8(ascii: "+") || text[k] == UInt8(ascii: "-") {
            negativeExponent = text[k] == UInt8(ascii: "-")
            k += 1
        }
        while k < text.count {
            exponent = exponent * 10 + Int(text[k] &- UInt8(ascii: "0"))
            k += 1
        }
        if negativeExponent { exponent = -exponent }
        var negative = false
        var digits: [UInt8] = []
        var pointAt: Int?
        for byte in text[0..<e] {
            if byte == UInt8(ascii: "-") {
                negative = true
            } else if byte == UInt8(ascii: ".") {
                pointAt = digits.count
            } else {
                digits.append(byte)
            }
        }
        // The value is 0.DIGITS x 10^point with `point` counted from the left of the digits.
        let point = (pointAt ?? digits.count) + exponent
        var result: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        if point <= 0 {
            result += Array("0.".utf8) + [UInt8](repeating: UInt8(ascii: "0"), count: -point) + digits
        } else if point >= digits.count {
            result += digits + [UInt8](repeating: UInt8(ascii: "0"), count: point - digits.count)
        } else {
            result += digits[0..<point] + [UInt8(ascii: ".")] + digits[point...]
        }
        return result
    }
}
