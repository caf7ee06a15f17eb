/// A fault a simulated venue can be told to produce (for tests and demos).
public enum VenueFault: Hashable, Sendable {
    /// Close every open socket now.
    case drop
    /// Stop sending anything (sockets stay open) until ``resume``.
    case stale
    /// Send again after ``stale``; also ends ``slow`` and ``refuse``.
    case resume
    /// Lose one update: Binance skips an update id, BitMEX names an id never inserted; Coinbase and Bitstamp
    /// (no sequence numbers) silently drop one diff.
    case skipSequence
    /// The next snapshot (REST or in-band) is crossed: a bid above the best ask.
    case crossedSnapshot
    /// Send one unreadable frame to every socket.
    case malformedFrame
    /// Refuse new sockets and REST requests for a while, after closing the open sockets.
    case refuse(Duration)
    /// Delay every frame by this much.
    case slow(Duration)
    /// Answer order entry this late (orders are applied at once: a client that times out must ask, not resend).
    case lateOrders(Duration)
    /// Apply the next `count` orders but answer them with "execution status unknown" (HTTP 503, -1007).
    case lostReplies(Int)
    /// Apply the next `count` orders, start the answer and drop the connection halfway through it.
    case cutReplies(Int)
    /// Announce a shutdown the venue's way (Binance `serverShutdown`, Bitstamp `bts:request_reconnect`,
    /// others: close the sockets).
    case shutdownNotice

    /// Parses the admin endpoint's `name` (`drop`, `stale`, `resume`, `skip`, `crossed`, `malformed`,
    /// `refuse`, `slow`, `shutdown`, `late`, `lost`, `cut`) with `milliseconds` for `refuse`, `slow` and `late`, and
    /// `count` for `lost` and `cut`.
    public init?(name: String, milliseconds: Int?, count: Int? = nil) {
        switch name {
        case "drop": self = .drop
        case "stale": self = .stale
        case "resume": self = .resume
        case "skip": self = .skipSequence
        case "crossed": self = .crossedSnapshot
        case "malformed": self = .malformedFrame
        case "refuse": self = .refuse(.milliseconds(milliseconds ?? 3_000))
        case "slow": self = .slow(.milliseconds(milliseconds ?? 200))
        case "shutdown": self = .shutdownNotice
        case "late": self = .lateOrders(.milliseconds(milliseconds ?? 2_000))
        case "lost": self = .lostReplies(count ?? 1)
        case "cut": self = .cutReplies(count ?? 1)
        default: return nil
        }
    }
}
