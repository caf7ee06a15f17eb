/// Realised volatility of a mid price over a rolling window, in integer arithmetic only.
///
/// The window holds the last `capacity` mids, so `capacity - 1` consecutive simple returns
/// `r_i = (m_i - m_(i-1)) * 1_000_000 / m_(i-1)` (truncated toward zero, in millionths: hundredths of a basis
/// point). ``basisPoints`` is the sample standard deviation of those returns, `floor(sqrt(variance))` with
/// `variance = (n Σr² - (Σr)²) / (n (n - 1))`, exact (no `Double`).
///
/// Each ``add(_:)`` is O(1): the returns sit in a ring buffer and their sum and sum of squares are kept as
/// running `Int128` totals, updated exactly when a return enters or leaves the window (no drift).
///
/// Sampling is the caller's: one ``add(_:)`` per observation (per book update, or per timer tick for a
/// time-based estimate).
public struct RealisedVolatility: Sendable {
    /// Returns are clamped to ±10^12 millionths (a million-fold move) so that the sums of squares of a full
    /// window can never overflow `Int128`, whatever the mids.
    public static let maximumReturn: Int64 = 1_000_000_000_000

    /// The number of mids kept (at least 3).
    public let capacity: Int
    /// The returns in the window, oldest at `head`.
    private var returns: [Int64]
    private var head = 0
    private var returnCount = 0
    private var lastMid: Int64?
    private var sum: Int128 = 0
    private var sumOfSquares: Int128 = 0

    /// Creates an empty window.
    /// - Parameter capacity: the number of mids kept, at least 3 (two returns make the first estimate).
    /// - Throws: ``TradingError`` `invalidConfiguration` when `capacity < 3`.
    public init(capacity: Int = 64) throws(TradingError) {
        guard capacity >= 3 else {
            throw TradingError(.invalidConfiguration, "volatility window \(capacity) must hold at least 3 mids")
        }
        self.capacity = capacity
        returns = Array(repeating: 0, count: capacity - 1)
    }

    /// The number of mids in the window (`0...capacity`).
    public var count: Int { lastMid == nil ? 0 : returnCount + 1 }

    /// The returns in the window, oldest first, in millionths.
    public var windowReturns: [Int64] {
        (0..<returnCount).map { returns[(head + $0) % returns.count] }
    }

    /// Adds the next mid. A mid `<= 0` is ignored: no return can be computed from or to it.
    /// - Parameter mid: the mid price, raw (any fixed scale, the same for every call).
    public mutating func add(_ mid: Int64) {
        guard mid > 0 else { return }
        defer { lastMid = mid }
        guard let previous = lastMid else { return }
        let raw = (Int128(mid) - Int128(previous)) * 1_000_000 / Int128(previous)
        let bound = Int128(Self.maximumReturn)
        let value = Int64(min(max(raw, -bound), bound))
        if returnCount == returns.count {
            let oldest = Int128(returns[head])
            sum -= oldest
            sumOfSquares -= oldest * oldest
            returns[head] = value
            head = (head + 1) % returns.count
        } else {
            returns[(head + returnCount) % returns.count] = value
            returnCount += 1
        }
        sum += Int128(value)
        sumOfSquares += Int128(value) * Int128(value)
    }

    /// Forgets every mid (after a gap in the data, for instance).
    public mutating func reset() {
        head = 0
        returnCount = 0
        lastMid = nil
        sum = 0
        sumOfSquares = 0
    }

    /// The sample standard deviation of the window's returns in millionths (hundredths of a basis point),
    /// rounded down; `nil` until the window holds at least 3 mids.
    public var basisPoints: Int64? {
        guard returnCount >= 2 else { return nil }
        let n = Int128(returnCount)
        let numerator = n * sumOfSquares - sum * sum
        return integerSquareRoot(numerator / (n * (n - 1)))
    }
}
