import BourseCore

/// Jittered exponential backoff ("full jitter"): attempt `n` waits a uniform random time in
/// `0 ... min(maximum, base × 2^n)`, so many clients reconnecting at once spread out instead of stampeding.
public struct Backoff: Sendable {
    /// The first ceiling.
    public var base: Duration
    /// The largest ceiling.
    public var maximum: Duration
    /// Failed attempts since the last success.
    public private(set) var attempts = 0
    private var generator: SeededGenerator

    public init(base: Duration = .milliseconds(250), maximum: Duration = .seconds(30), seed: UInt64 = 0x5eed) {
        self.base = base
        self.maximum = maximum
        generator = SeededGenerator(seed: seed)
    }

    /// The ceiling of the next delay.
    public var ceiling: Duration {
        let factor = Int64(1) << Int64(min(attempts, 30))
        let base = self.base.components.seconds * 1_000_000_000 + self.base.components.attoseconds / 1_000_000_000
        let maximum = self.maximum.components.seconds * 1_000_000_000
            + self.maximum.components.attoseconds / 1_000_000_000
        let (scaled, overflow) = base.multipliedReportingOverflow(by: factor)
        return .nanoseconds(overflow ? maximum : min(maximum, scaled))
    }

    /// The next delay, and one more attempt counted.
    public mutating func next() -> Duration {
        let ceiling = self.ceiling.components
        let limit = ceiling.seconds * 1_000_000_000 + ceiling.attoseconds / 1_000_000_000
        attempts += 1
        guard limit > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...limit, using: &generator))
    }

    /// Starts over after a connection that worked.
    public mutating func reset() { attempts = 0 }
}
