import Testing

@testable import BourseCore

/// The one-pass formatter against the obvious string-building one it replaced, on random values, scales and
/// minimum fraction digits (including the extremes of `Int64`).
@Suite("Decimal formatting")
struct DecimalFormattingTests {
    /// The previous implementation: string concatenation, obviously right.
    static func reference(_ value: Int64, scale: Int, minimumFractionDigits: Int) -> String {
        let negative = value < 0
        let magnitude = value.magnitude
        let divisor = UInt64(FixedPoint.powersOfTen[scale])
        let integerPart = magnitude / divisor
        var fraction = magnitude % divisor
        var digits = scale
        while digits > minimumFractionDigits && digits > 0 && fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var text = negative ? "-" : ""
        text += String(integerPart)
        if digits > 0 {
            let fractionText = String(fraction)
            text += "."
            if fractionText.count < digits { text += String(repeating: "0", count: digits - fractionText.count) }
            text += fractionText
        }
        if digits < minimumFractionDigits {
            if digits == 0 { text += "." }
            text += String(repeating: "0", count: minimumFractionDigits - digits)
        }
        return text
    }

    @Test("FixedPoint.format equals the reference on 200k random values")
    func randomValues() {
        var g = SeededGenerator(seed: 99)
        let edges: [Int64] = [0, 1, -1, 9, 10, -10, 100, Int64.max, Int64.min, Int64.min + 1, 1_000_000_000_000_000_000]
        for k in 0..<200_000 {
            let value: Int64
            switch k % 4 {
            case 0: value = edges.randomElement(using: &g)!
            case 1: value = Int64.random(in: -1_000...1_000, using: &g) * [1, 10, 100, 1_000_000].randomElement(using: &g)!
            default: value = Int64.random(in: Int64.min...Int64.max, using: &g)
            }
            let scale = Int.random(in: 0...18, using: &g)
            let minimum = Int.random(in: 0...20, using: &g)
            let expected = Self.reference(value, scale: scale, minimumFractionDigits: minimum)
            let actual = FixedPoint.format(value, scale: scale, minimumFractionDigits: minimum)
            if actual != expected {
                Issue.record("\(value) at scale \(scale), min \(minimum): \(actual) != \(expected)")
                return
            }
        }
    }

    @Test("FixedPoint.write puts format's bytes at any offset of a buffer and returns the end")
    func writeIntoBuffer() {
        var g = SeededGenerator(seed: 11)
        let capacity = 3 * FixedPoint.maximumTextLength(minimumFractionDigits: 20)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        for _ in 0..<50_000 {
            let value = Int64.random(in: Int64.min...Int64.max, using: &g) >> Int64.random(in: 0...62, using: &g)
            let scale = Int.random(in: 0...18, using: &g)
            let minimum = Int.random(in: 0...20, using: &g)
            let start = Int.random(in: 0...FixedPoint.maximumTextLength(minimumFractionDigits: 20), using: &g)
            buffer.initialize(repeating: 0xAA)
            let end = FixedPoint.write(value, scale: scale, minimumFractionDigits: minimum, into: buffer, at: start)
            let text = FixedPoint.format(value, scale: scale, minimumFractionDigits: minimum)
            #expect(Array(buffer[start..<end]) == Array(text.utf8))
            #expect(end - start <= FixedPoint.maximumTextLength(minimumFractionDigits: minimum))
            // Nothing outside the text is touched.
            #expect(buffer[..<start].allSatisfy { $0 == 0xAA } && buffer[end...].allSatisfy { $0 == 0xAA })
        }
    }
}
