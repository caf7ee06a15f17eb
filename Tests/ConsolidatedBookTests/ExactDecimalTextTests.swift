import BourseCore
import ConsolidatedBook
import Testing

/// `ExactDecimal.description` (one pass into the string's storage) against the string-building version it
/// replaced, on random 128-bit significands and scales.
@Suite("ExactDecimal text")
struct ExactDecimalTextTests {
    static func reference(_ value: ExactDecimal) -> String {
        var digits = String(value.significand.magnitude)
        if digits.count <= value.scale {
            digits = String(repeating: "0", count: value.scale - digits.count + 1) + digits
        }
        let integerPart = digits.dropLast(value.scale)
        var fraction = digits.suffix(value.scale)
        while fraction.last == "0" { fraction = fraction.dropLast() }
        let sign = value.significand < 0 ? "-" : ""
        return fraction.isEmpty ? sign + integerPart : sign + integerPart + "." + fraction
    }

    @Test("equals the reference on 100k random values, zero and the extremes")
    func randomValues() {
        var g = SeededGenerator(seed: 5)
        let edges: [Int128] = [0, 1, -1, 10, -10, Int128.max, Int128.min, Int128.min + 1]
        for k in 0..<100_000 {
            let significand: Int128
            switch k % 3 {
            case 0: significand = edges.randomElement(using: &g)!
            case 1: significand = Int128(Int64.random(in: -1_000_000...1_000_000, using: &g)) * 10_000
            default: significand = Int128(Int64.random(in: Int64.min...Int64.max, using: &g)) * Int128(Int64.random(in: 1...Int64.max, using: &g))
            }
            let value = ExactDecimal(significand: significand, scale: Int.random(in: 0...38, using: &g))
            let expected = Self.reference(value)
            if value.description != expected {
                Issue.record("\(significand) at scale \(value.scale): \(value.description) != \(expected)")
                return
            }
        }
        #expect(ExactDecimal(significand: 2_681_888_0000, scale: 6).description == "26818.88")
    }
}
