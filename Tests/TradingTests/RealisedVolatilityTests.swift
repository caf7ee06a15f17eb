import BourseCore
import Testing
import Trading

@Suite("RealisedVolatility")
struct RealisedVolatilityTests {
    /// The estimate recomputed from scratch over the last `capacity` mids, by a different route: returns from
    /// the mids, the two-pass sum `Σ (n·r_i − S)²` (= n·(nΣr² − S²)), and the floor root checked by its
    /// defining inequality rather than by `integerSquareRoot`.
    static func direct(_ mids: [Int64], capacity: Int) -> (Int128, [Int64])? {
        let window = Array(mids.suffix(capacity))
        guard window.count >= 3 else { return nil }
        var returns: [Int64] = []
        for i in 1..<window.count {
            let raw = (Int128(window[i]) - Int128(window[i - 1])) * 1_000_000 / Int128(window[i - 1])
            let bound = Int128(RealisedVolatility.maximumReturn)
            returns.append(Int64(min(max(raw, -bound), bound)))
        }
        let n = Int128(returns.count)
        let s = returns.reduce(Int128(0)) { $0 + Int128($1) }
        let squares = returns.reduce(Int128(0)) { $0 + (n * Int128($1) - s) * (n * Int128($1) - s) }
        return (squares / (n * n * (n - 1)), returns)
    }

    @Test("nil until three mids; a window under three mids is refused")
    func warmUp() throws {
        var volatility = try RealisedVolatility(capacity: 8)
        #expect(volatility.basisPoints == nil)
        volatility.add(100)
        #expect(volatility.basisPoints == nil)
        volatility.add(110)
        #expect(volatility.basisPoints == nil)
        volatility.add(99)
        // returns +100000 and -100000 millionths: sample variance 2e10, root 141421.35…
        #expect(volatility.windowReturns == [100_000, -100_000])
        #expect(volatility.basisPoints == 141_421)
        #expect(throws: TradingError.self) { try RealisedVolatility(capacity: 2) }
    }

    @Test("constant mids give zero; old returns leave the window; non-positive mids are ignored")
    func constantAndEviction() throws {
        var constant = try RealisedVolatility(capacity: 5)
        for _ in 0..<20 { constant.add(123_456) }
        #expect(constant.basisPoints == 0)
        #expect(constant.count == 5)

        var window = try RealisedVolatility(capacity: 3)
        for mid: Int64 in [100, 200, 200] { window.add(mid) }
        #expect(window.basisPoints ?? 0 > 0, "returns 1e6 and 0")
        window.add(0)
        window.add(-5)
        #expect(window.count == 3, "ignored")
        window.add(200)
        #expect(window.windowReturns == [0, 0])
        #expect(window.basisPoints == 0, "the jump has left the window")
        window.reset()
        #expect(window.count == 0)
        #expect(window.basisPoints == nil)
    }

    @Test(
        "the running estimate equals a direct recomputation after every step of random walks",
        arguments: [(UInt64(1), 3), (2, 5), (3, 16), (4, 64)])
    func runningEqualsDirect(seed: UInt64, capacity: Int) throws {
        var generator = SeededGenerator(seed: seed)
        var volatility = try RealisedVolatility(capacity: capacity)
        var mids: [Int64] = []
        var mid: Int64 = 5_000_000
        for step in 0..<3_000 {
            // Mostly small steps, sometimes jumps, now and then a crash to 1 and a recovery (clamped returns).
            switch Int.random(in: 0..<100, using: &generator) {
            case 0: mid = 1
            case 1: mid = Int64.random(in: 1...Int64.max / 8, using: &generator)
            case 2..<10: mid = max(1, mid + Int64.random(in: -mid / 2...mid / 2, using: &generator))
            default: mid = max(1, mid + Int64.random(in: -500...500, using: &generator))
            }
            mid = min(mid, Int64.max / 4)
            volatility.add(mid)
            mids.append(mid)
            guard let (variance, returns) = Self.direct(mids, capacity: capacity) else {
                #expect(volatility.basisPoints == nil)
                continue
            }
            #expect(volatility.windowReturns == returns, "step \(step)")
            let root = try #require(volatility.basisPoints)
            let ok = Int128(root) * Int128(root) <= variance && (Int128(root) + 1) * (Int128(root) + 1) > variance
            #expect(ok, "step \(step): \(root) is not floor(sqrt(\(variance)))")
            if !ok { return }
        }
    }

    @Test("a wider walk gives a larger estimate", arguments: [UInt64(5), 6, 7])
    func grows(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        var narrow = try RealisedVolatility(capacity: 64)
        var wide = try RealisedVolatility(capacity: 64)
        var narrowMid: Int64 = 10_000_000
        var wideMid: Int64 = 10_000_000
        for _ in 0..<200 {
            let step = Int64.random(in: -100...100, using: &generator)
            narrowMid += step
            wideMid += step * 10
            narrow.add(narrowMid)
            wide.add(wideMid)
        }
        let small = try #require(narrow.basisPoints)
        let large = try #require(wide.basisPoints)
        #expect(small > 0)
        #expect(large > small * 8, "ten times the steps: about ten times the estimate (\(small) vs \(large))")
    }
}
