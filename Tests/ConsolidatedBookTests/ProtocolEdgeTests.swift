import BourseCore
import Testing

@testable import ConsolidatedBook

@Suite("Exact decimals and the protocol edge")
struct ProtocolEdgeTests {
    @Test("exact decimals print canonically")
    func text() {
        #expect(ExactDecimal(significand: 26_818_880_000, scale: 6).description == "26818.88")
        #expect(ExactDecimal(significand: -2_065, scale: 4).description == "-0.2065")
        #expect(ExactDecimal(significand: 5, scale: 3).description == "0.005")
        #expect(ExactDecimal(significand: 0, scale: 6).description == "0")
        #expect(ExactDecimal(significand: 120, scale: 0).description == "120")
        #expect(ExactDecimal(significand: -1_000, scale: 3).description == "-1")
        #expect(
            ExactDecimal(significand: Int128.max, scale: 38).description == "1.70141183460469231731687303715884105727")
        #expect(ExactDecimal(significand: -7, scale: 0).isNegative)
    }

    @Test("doubles are produced only at the edge, rounded once to the nearest value")
    func doubles() {
        #expect(ProtocolEdge.double(2_681_888, scale: 2) == 26818.88)
        #expect(ProtocolEdge.double(-5, scale: 1) == -0.5)
        // 351832705.7984836987 at scale 10: the integer is above 2^53, so integer / 1e10 rounds twice and
        // misses the nearest Double; the decimal text route does not.
        let raw: Int64 = 3_518_327_057_984_836_987
        #expect(ProtocolEdge.double(raw, scale: 10) == 351832705.7984836987)
        #expect(Double(raw) / 1e10 != 351832705.7984836987)
        let scales = Build.scales(10, 8)
        #expect(ProtocolEdge.double(Price(raw), scales: scales) == 351832705.7984836987)
        #expect(ProtocolEdge.double(Quantity(150_000_000), scales: scales) == 1.5)
        #expect(ProtocolEdge.double(ExactDecimal(significand: 1_006_005, scale: 4)) == 100.6005)
    }

    @Test("the fast division path equals the correctly rounded parse of the exact text, on random values")
    func fastPathDifferential() {
        var generator = SeededGenerator(seed: 7)
        var fast = 0
        for _ in 0..<100_000 {
            let scale = Int.random(in: 0...18, using: &generator)
            // Magnitudes around 2^53 on both sides, and small ones.
            let bits = Int.random(in: 1...62, using: &generator)
            let magnitude = Int64.random(in: 0...(Int64(1) << bits), using: &generator)
            let value = Bool.random(using: &generator) ? -magnitude : magnitude
            let text = FixedPoint.format(value, scale: scale)
            #expect(ProtocolEdge.double(value, scale: scale) == Double(text)!, "\(text)")
            let decimal = ExactDecimal(significand: Int128(value) * 1_000, scale: scale + 3)
            #expect(ProtocolEdge.double(decimal) == Double(text)!, "\(decimal)")
            if ProtocolEdge.fastDouble(Int128(value), scale: scale) != nil { fast += 1 }
        }
        // Both routes were taken.
        #expect(fast > 10_000 && fast < 90_000)
    }
}
