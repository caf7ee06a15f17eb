/// Counts of durations in nanoseconds, in log-linear buckets: exact below 32 ns, then 32 buckets per power of two,
/// so a percentile read from it is at most 1/32 (about 3%) above the true value, never below it.
///
/// For latency figures of a running process: recording is a few integer operations into a buffer allocated once
/// (no allocation, no sorting), and memory stays the same however many values are recorded, unlike keeping the
/// samples. Values from 2^40 ns (about 18 minutes) up share the last bucket, which reads as the maximum; negative
/// values count as 0.
///
/// Invariant (checked by ``violation()``): `count` is the sum of the buckets; `minimum ≤ maximum` once anything
/// was recorded.
public struct LatencyHistogram: Sendable, Equatable {
    /// Sub-buckets per power of two: the resolution.
    static let subBits = 5
    static let subCount = 1 << subBits
    /// Values from 2^overflowExponent ns (≈ 18 minutes) up share one last, open-ended bucket.
    static let overflowExponent = 40
    static let bucketCount = subCount + (overflowExponent - subBits) * subCount + 1

    var buckets: [UInt64]
    /// How many values were recorded.
    public private(set) var count: UInt64 = 0
    /// The largest value recorded (exact), 0 before any.
    public private(set) var maximum: Int64 = 0
    /// The smallest value recorded (exact), `Int64.max` before any.
    public private(set) var minimum: Int64 = .max
    /// The sum of the values recorded (for the mean), saturating.
    public private(set) var sum: Int64 = 0

    public init() {
        buckets = Array(repeating: 0, count: Self.bucketCount)
    }

    /// The bucket of `value` (≥ 0).
    static func bucket(_ value: Int64) -> Int {
        if value < Int64(subCount) { return Int(value) }
        let exponent = 63 - value.leadingZeroBitCount
        if exponent >= overflowExponent { return bucketCount - 1 }
        let sub = Int(value >> Int64(exponent - subBits)) - subCount
        return subCount + (exponent - subBits) * subCount + sub
    }

    /// The largest value that falls in `bucket`.
    static func upperBound(_ bucket: Int) -> Int64 {
        if bucket < subCount { return Int64(bucket) }
        let exponent = (bucket - subCount) / subCount + subBits
        let sub = (bucket - subCount) % subCount
        let width = Int64(1) << Int64(exponent - subBits)
        return Int64(subCount + sub) * width + width - 1
    }

    /// Counts one duration.
    public mutating func record(_ nanoseconds: Int64) {
        let value = max(0, nanoseconds)
        buckets[Self.bucket(value)] &+= 1
        count &+= 1
        maximum = max(maximum, value)
        minimum = min(minimum, value)
        let (total, overflow) = sum.addingReportingOverflow(value)
        sum = overflow ? .max : total
    }

    /// Adds another histogram's counts to this one.
    public mutating func merge(_ other: LatencyHistogram) {
        for index in buckets.indices { buckets[index] &+= other.buckets[index] }
        count &+= other.count
        maximum = max(maximum, other.maximum)
        minimum = min(minimum, other.minimum)
        let (total, overflow) = sum.addingReportingOverflow(other.sum)
        sum = overflow ? .max : total
    }

    /// The value at quantile `q` (0…1): the upper bound of the bucket holding the value of rank ⌈q × count⌉,
    /// capped by the exact maximum; 0 when nothing was recorded.
    public func percentile(_ q: Double) -> Int64 {
        guard count > 0 else { return 0 }
        let clamped = min(max(q, 0), 1)
        let rank = max(1, UInt64((clamped * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (index, n) in buckets.enumerated() where n > 0 {
            seen += n
            // The last bucket is open-ended (everything from 2^40 ns up): its values read as the maximum.
            if seen >= rank { return index == Self.bucketCount - 1 ? maximum : min(Self.upperBound(index), maximum) }
        }
        return maximum
    }

    /// The mean, 0 when nothing was recorded.
    public var mean: Double { count == 0 ? 0 : Double(sum) / Double(count) }

    /// What breaks the invariant, or `nil`.
    public func violation() -> String? {
        let total = buckets.reduce(UInt64(0), &+)
        if total != count { return "buckets sum to \(total), count is \(count)" }
        if count > 0 && minimum > maximum { return "minimum \(minimum) above maximum \(maximum)" }
        if buckets.count != Self.bucketCount { return "\(buckets.count) buckets, expected \(Self.bucketCount)" }
        return nil
    }
}
