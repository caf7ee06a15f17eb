import BourseCore
import Testing
import Trading

@Suite("integerSquareRoot")
struct IntegerSquareRootTests {
    /// `r*r <= x < (r+1)*(r+1)`, computed without overflow for `x < 2^126`.
    func isFloorRoot(_ r: Int64, of x: Int128) -> Bool {
        let root = Int128(r)
        return root >= 0 && root * root <= x && (root + 1) * (root + 1) > x
    }

    @Test("values worked by hand, the edges of the range and saturation beyond it")
    func handValues() {
        let cases: [(Int128, Int64)] = [
            (0, 0), (1, 1), (2, 1), (3, 1), (4, 2), (8, 2), (9, 3), (15, 3), (16, 4), (17, 4),
            (99, 9), (100, 10), (1_000_000_000_000_000_000, 1_000_000_000),
            (20_000_000_000, 141_421),
            (Int128(Int64.max) * Int128(Int64.max), Int64.max),
            (Int128(Int64.max) * Int128(Int64.max) - 1, Int64.max - 1),
            ((Int128(1) << 126) - 1, Int64.max),
        ]
        for (x, expected) in cases {
            #expect(integerSquareRoot(x) == expected, "sqrt(\(x))")
        }
        #expect(integerSquareRoot(-1) == 0)
        #expect(integerSquareRoot(.min) == 0)
        #expect(integerSquareRoot(Int128(1) << 126) == Int64.max, "saturates: the root 2^63 does not fit")
        #expect(integerSquareRoot(.max) == Int64.max)
    }

    @Test("exact on random values of every bit length", arguments: [UInt64(1), 2, 3])
    func random(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<20_000 {
            let bits = Int.random(in: 1...126, using: &generator)
            let raw = Int128(bitPattern: UInt128(generator.next()) << 64 | UInt128(generator.next()))
            let x = raw & ((Int128(1) << bits) - 1)
            let r = integerSquareRoot(x)
            #expect(isFloorRoot(r, of: x), "sqrt(\(x)) gave \(r)")
            if !isFloorRoot(r, of: x) { return }
        }
    }

    @Test("exact next to perfect squares")
    func aroundSquares() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<20_000 {
            let shift = Int.random(in: 0...62, using: &generator)
            let root = max(1, Int64.random(in: 1...(Int64.max - 1), using: &generator) >> shift)
            let square = Int128(root) * Int128(root)
            #expect(integerSquareRoot(square) == root)
            #expect(integerSquareRoot(square - 1) == root - 1)
            #expect(integerSquareRoot(square + 1) == root)
            #expect(integerSquareRoot(square + 2 * Int128(root)) == root, "(r+1)^2 - 1")
        }
    }
}
