import Testing

@testable import BourseCore

@Suite("LatencyHistogram")
struct LatencyHistogramTests {
    /// The exact value of rank ⌈q × n⌉ in `sorted`.
    func exact(_ sorted: [Int64], _ q: Double) -> Int64 {
        let rank = max(1, Int((q * Double(sorted.count)).rounded(.up)))
        return sorted[rank - 1]
    }

    @Test("percentiles are never below the exact value and at most 1/32 above it, on random samples of many scales")
    func percentilesWithinResolution() throws {
        var generator = SeededGenerator(seed: 7)
        for round in 0..<200 {
            var histogram = LatencyHistogram()
            let n = Int.random(in: 1...2_000, using: &generator)
            let scale = Int64(1) << Int64.random(in: 0...39, using: &generator)
            var values: [Int64] = []
            for _ in 0..<n {
                let value = Int64.random(in: 0...scale, using: &generator)
                values.append(value)
                histogram.record(value)
            }
            values.sort()
            #expect(histogram.violation() == nil)
            #expect(histogram.count == UInt64(n))
            #expect(histogram.maximum == values.last!)
            #expect(histogram.minimum == values.first!)
            for q in [0.0, 0.5, 0.9, 0.99, 0.999, 1.0] {
                let truth = exact(values, q)
                let read = histogram.percentile(q)
                #expect(read >= truth, "round \(round) q \(q): \(read) below \(truth)")
                #expect(read <= truth + truth / 32, "round \(round) q \(q): \(read) more than 1/32 above \(truth)")
            }
        }
    }

    @Test("values below 32 ns are exact; huge and negative values are clamped, not lost")
    func edges() {
        var histogram = LatencyHistogram()
        for value in 0..<32 { histogram.record(Int64(value)) }
        #expect(histogram.percentile(0.5) == 15)
        #expect(histogram.percentile(1) == 31)
        histogram.record(-5)
        #expect(histogram.minimum == 0)
        histogram.record(.max)
        #expect(histogram.maximum == .max)
        #expect(histogram.percentile(1) == .max)
        #expect(histogram.count == 34)
        #expect(histogram.violation() == nil)
        #expect(LatencyHistogram().percentile(0.99) == 0)
    }

    @Test("every bucket's upper bound maps back to that bucket, and the next value to the next bucket")
    func bucketBounds() {
        // The last bucket is open-ended; the one before it ends just below 2^40.
        #expect(LatencyHistogram.upperBound(LatencyHistogram.bucketCount - 2) == (Int64(1) << 40) - 1)
        for bucket in 0..<(LatencyHistogram.bucketCount - 1) {
            let upper = LatencyHistogram.upperBound(bucket)
            #expect(LatencyHistogram.bucket(upper) == bucket)
            #expect(LatencyHistogram.bucket(upper + 1) == bucket + 1)
        }
    }

    @Test("merging two histograms equals recording both samples into one")
    func mergeEqualsUnion() {
        var generator = SeededGenerator(seed: 11)
        var a = LatencyHistogram(), b = LatencyHistogram(), both = LatencyHistogram()
        for index in 0..<5_000 {
            let value = Int64.random(in: 0...5_000_000, using: &generator)
            if index % 3 == 0 { a.record(value) } else { b.record(value) }
            both.record(value)
        }
        a.merge(b)
        #expect(a == both)
        #expect(a.violation() == nil)
    }
}
