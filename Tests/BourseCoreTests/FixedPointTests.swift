import Testing

@testable import BourseCore

@Suite("FixedPoint")
struct FixedPointTests {
    @Test("parses exchange decimal strings exactly")
    func parsesExactly() throws {
        #expect(try FixedPoint.parse("26818.88000000", scale: 2) == 2_681_888)
        #expect(try FixedPoint.parse("26818.88000000", scale: 8) == 2_681_888_000_000)
        #expect(try FixedPoint.parse("0.00001306", scale: 8) == 1306)
        #expect(try FixedPoint.parse("660.5", scale: 8) == 66_050_000_000)
        #expect(try FixedPoint.parse("0", scale: 8) == 0)
        #expect(try FixedPoint.parse("7", scale: 0) == 7)
        #expect(try FixedPoint.parse("-1.25", scale: 2) == -125)
        #expect(try FixedPoint.parse("+3", scale: 1) == 30)
        // 0.1 + 0.2 is exact here, unlike Double.
        let sum = try FixedPoint.parse("0.1", scale: 8) + FixedPoint.parse("0.2", scale: 8)
        #expect(try sum == FixedPoint.parse("0.3", scale: 8))
    }

    @Test("rejects exponent notation, garbage and negative sizes with typed errors")
    func rejectsBadInput() {
        let cases: [(String, Int, Bool, DecimalError.Code)] = [
            ("1e-5", 8, true, .exponentNotation),
            ("1E5", 8, true, .exponentNotation),
            ("-1", 8, false, .negative),
            ("", 8, true, .empty),
            ("-", 8, true, .invalidCharacter),
            ("abc", 8, true, .invalidCharacter),
            ("1.2.3", 8, true, .invalidCharacter),
            ("1,5", 8, true, .invalidCharacter),
            (" 1", 8, true, .invalidCharacter),
            ("1.", 8, true, .invalidCharacter),
            (".5", 8, true, .invalidCharacter),
            ("NaN", 8, true, .invalidCharacter),
            ("0.001", 2, true, .tooManyDecimals),
            ("99999999999999999999", 0, true, .overflow),
            ("92233720368.54775808", 8, true, .overflow),
        ]
        for (text, scale, allowNegative, code) in cases {
            #expect(throws: DecimalError.self, "\(text)") {
                try FixedPoint.parse(text, scale: scale, allowNegative: allowNegative)
            }
            do {
                _ = try FixedPoint.parse(text, scale: scale, allowNegative: allowNegative)
            } catch {
                #expect(error.code == code, "\(text): \(error)")
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test("extra fractional zeros beyond the scale are accepted")
    func trailingZeros() throws {
        #expect(try FixedPoint.parse("1.50000000", scale: 1) == 15)
        #expect(try FixedPoint.parse("92233720368.54775807", scale: 8) == Int64.max)
    }

    @Test("formats canonically and round-trips")
    func formats() throws {
        #expect(FixedPoint.format(2_681_888, scale: 2) == "26818.88")
        #expect(FixedPoint.format(2_681_800, scale: 2) == "26818")
        #expect(FixedPoint.format(1306, scale: 8) == "0.00001306")
        #expect(FixedPoint.format(-125, scale: 2) == "-1.25")
        #expect(FixedPoint.format(0, scale: 8) == "0")
        #expect(FixedPoint.format(2_681_888, scale: 2, minimumFractionDigits: 8) == "26818.88000000")
        #expect(FixedPoint.format(5, scale: 0, minimumFractionDigits: 2) == "5.00")
        #expect(FixedPoint.format(Int64.min, scale: 8) == "-92233720368.54775808")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let value = Int64.random(in: Int64.min + 1...Int64.max, using: &generator) >> Int.random(in: 0...60)
            let scale = Int.random(in: 0...18)
            let text = FixedPoint.format(value, scale: scale)
            #expect(try FixedPoint.parse(text, scale: scale) == value, "\(text)")
        }
    }
}
