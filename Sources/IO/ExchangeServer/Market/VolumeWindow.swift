/// Traded volume and turnover over the last 24 hours, in one-minute buckets (1,440 per market: bounded memory,
/// O(1) per trade).
struct VolumeWindow: Sendable {
    private static let minutes = 1_440
    private var minute = [Int64](repeating: -1, count: minutes)
    private var volume = [Int64](repeating: 0, count: minutes)
    private var turnover = [Int64](repeating: 0, count: minutes)

    /// Adds a trade at `time` (ms) of `quantity` size units and `notional` notional units.
    mutating func add(time: Int64, quantity: Int64, notional: Int64) {
        let m = time / 60_000
        let slot = Int(m % Int64(Self.minutes))
        if minute[slot] != m {
            minute[slot] = m
            volume[slot] = 0
            turnover[slot] = 0
        }
        volume[slot] &+= quantity
        turnover[slot] &+= notional
    }

    /// (volume in size units, turnover in notional units) of the 24 hours before `now`.
    func totals(now: Int64) -> (volume: Int64, turnover: Int64) {
        let current = now / 60_000
        var v: Int64 = 0
        var t: Int64 = 0
        for slot in 0..<Self.minutes where minute[slot] > current - Int64(Self.minutes) && minute[slot] <= current {
            v &+= volume[slot]
            t &+= turnover[slot]
        }
        return (v, t)
    }
}
