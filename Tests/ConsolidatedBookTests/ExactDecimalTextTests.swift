import BourseCore
import ConsolidatedBook
import Foundation
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

    @Test("reading the text back gives the same number, in canonical form, on random values")
    func readBack() {
        var g = SeededGenerator(seed: 11)
        for _ in 0..<20_000 {
            let significand = Int128(Int64.random(in: Int64.min...Int64.max, using: &g)) * Int128(Int64.random(in: 1...1_000_000, using: &g))
            let value = ExactDecimal(significand: significand, scale: Int.random(in: 0...38, using: &g))
            let text = value.description
            guard let read = ExactDecimal(text) else {
                Issue.record("'\(text)' did not read back")
                return
            }
            // Same number: the read value has the trailing zeros removed, so scale it back up.
            #expect(read.scale <= value.scale)
            var widened = read.significand
            for _ in read.scale..<value.scale { widened *= 10 }
            #expect(widened == value.significand, "\(text)")
            #expect(read.description == text)
        }
        #expect(ExactDecimal("1.50") == ExactDecimal(significand: 150, scale: 2))
        #expect(ExactDecimal("-0.02") == ExactDecimal(significand: -2, scale: 2))
        #expect(ExactDecimal("007")?.description == "7")
    }

    @Test("anything but a plain decimal text is refused", arguments: [
        "", "-", ".", "1.", ".5", "1e5", "+1", " 1", "1 ", "1.2.3", "--1", "1-", "0x10", "1,5", "٣",
        "0." + String(repeating: "1", count: 39), "1" + String(repeating: "0", count: 39),
    ])
    func refused(_ text: String) {
        #expect(ExactDecimal(text) == nil)
    }

    @Test("Codable: a JSON string both ways, never a JSON number")
    func codable() throws {
        let value = ExactDecimal(significand: -18_004, scale: 5)
        let data = try JSONEncoder().encode([value])
        #expect(String(decoding: data, as: UTF8.self) == #"["-0.18004"]"#)
        #expect(try JSONDecoder().decode([ExactDecimal].self, from: data) == [value])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ExactDecimal].self, from: Data("[1.5]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ExactDecimal].self, from: Data(#"["1e3"]"#.utf8)) }
    }
}
