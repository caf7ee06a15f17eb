/// A per-venue circuit breaker: after `threshold` consecutive failures the venue gets nothing for `cooldown`;
/// then one trial request decides (success closes the breaker, failure opens it again).
public struct CircuitBreaker: Sendable {
    /// Where the breaker stands.
    public enum State: String, Sendable, Codable {
        case closed, open, halfOpen
    }

    public var threshold: Int
    public var cooldown: Duration
    public private(set) var state = State.closed
    public private(set) var consecutiveFailures = 0
    /// How many times it opened.
    public private(set) var trips = 0
    private var openedAt: ContinuousClock.Instant?

    public init(threshold: Int = 5, cooldown: Duration = .seconds(5)) {
        self.threshold = max(1, threshold)
        self.cooldown = cooldown
    }

    /// Whether a request may go out now (moves an expired `open` to `halfOpen`: one trial).
    public mutating func allow(now: ContinuousClock.Instant = .now) -> Bool {
        switch state {
        case .closed, .halfOpen:
            return true
        case .open:
            guard let openedAt, now - openedAt >= cooldown else { return false }
            state = .halfOpen
            return true
        }
    }

    /// The venue answered (even with a rejection: it is alive).
    public mutating func recordSuccess() {
        state = .closed
        consecutiveFailures = 0
    }

    /// The venue did not answer, or answered that its state is unknown.
    public mutating func recordFailure(now: ContinuousClock.Instant = .now) {
        consecutiveFailures += 1
        if state == .halfOpen || consecutiveFailures >= threshold {
            if state != .open { trips += 1 }
            state = .open
            openedAt = now
        }
    }
}
