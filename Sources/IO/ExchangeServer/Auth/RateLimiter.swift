import Synchronization

/// Token buckets per caller (API key or session token): `burst` requests at once, refilled at `rate` per
/// second. Bounded: idle full buckets are dropped when the table grows past `capacity`.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Int64
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    let rate: Double
    let burst: Double
    let capacity: Int

    init(ratePerSecond: Double, burst: Double, capacity: Int = 100_000) {
        self.rate = ratePerSecond
        self.burst = burst
        self.capacity = capacity
    }

    /// Takes one token for `caller`; returns `nil` when allowed, else the milliseconds until a token is back.
    func acquire(_ caller: String, now: Int64) -> Int64? {
        buckets.withLock { table -> Int64? in
            var bucket = table[caller] ?? Bucket(tokens: burst, updated: now)
            let elapsed = Double(max(0, now - bucket.updated)) / 1_000
            bucket.tokens = min(burst, bucket.tokens + elapsed * rate)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                if table.count >= capacity && table[caller] == nil { prune(&table, now: now) }
                table[caller] = bucket
                return nil
            }
            table[caller] = bucket
            return rate > 0 ? Int64(((1 - bucket.tokens) / rate * 1_000).rounded(.up)) : 1_000
        }
    }

    private func prune(_ table: inout [String: Bucket], now: Int64) {
        let refill = rate > 0 ? Int64(burst / rate * 1_000) : Int64.max
        table = table.filter { now - $0.value.updated < refill }
        if table.count >= capacity { table.removeAll() }
    }
}
