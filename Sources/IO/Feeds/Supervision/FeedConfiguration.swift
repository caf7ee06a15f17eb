import NIOSSL

/// Timers and limits of a supervised connector.
public struct FeedConfiguration: Sendable {
    /// No frame for this long: the feed is `stale` and its book is withheld.
    public var staleAfter: Duration = .seconds(10)
    /// No frame for this long: the connection is dropped and reopened.
    public var reconnectAfter: Duration = .seconds(30)
    /// WebSocket ping period (the connection closes when pongs stop); `nil` disables pings.
    public var pingInterval: Duration? = .seconds(15)
    /// Connections are renewed before this age (Binance closes them after 24 hours).
    public var maximumConnectionAge: Duration = .seconds(23 * 3600 + 50 * 60)
    /// Delays between attempts.
    public var backoff = Backoff()
    /// Pause before retrying a failed snapshot fetch.
    public var snapshotRetryDelay: Duration = .milliseconds(500)
    /// Granularity of the staleness and age checks.
    public var tick: Duration = .milliseconds(100)
    /// The largest WebSocket frame accepted.
    public var maximumFrameSize = 1 << 24
    /// How long to wait for the venue's close reply when dropping a connection.
    public var closeTimeout: Duration = .seconds(1)
    /// How long a connection attempt may take from its start to the venue's answer to the WebSocket upgrade. A venue
    /// (or a load balancer in front of it) that accepts TCP connections and never answers would otherwise hold the
    /// connector in `connecting` for good: the attempt is abandoned and the next one follows the backoff.
    public var handshakeTimeout: Duration = .seconds(10)
    /// TLS settings of `wss://` sockets and `https://` snapshots (by default the system's trust roots and full
    /// certificate and host-name verification; tests add their own root).
    public var tls: TLSConfiguration = .makeClientConfiguration()
    /// The thread the WebSocket connections and each connection's session (the socket's reader: frames applied,
    /// status published, observers such as the aggregator's merge) run on. The aggregator gives all its connectors
    /// the same one, so a frame is read, applied and merged on one thread. Handshakes, REST snapshot fetches and
    /// timers stay on Swift's shared threads. `nil`: NIO's shared loops and Swift's global executor.
    public var pipeline: EventLoopTaskExecutor?
    /// Asked after each frame whether the socket's reader lets the other tasks of its executor run
    /// (`Task.yield()`) before it takes the next frame already received; `nil`: never.
    ///
    /// Without yielding, a reader works through every frame that arrived together, and the summary stream woken
    /// by the first waits for all of them. Yielding, the venues' readers and the woken streams take turns frame by
    /// frame: the tail of frame → gRPC write shortens when a venue's frames come in bursts, but with a hundred
    /// subscribers on the same thread every frame would wait for all their writes (BENCHMARKS.md). The aggregator
    /// asks whether its symbol has few gRPC streams open (`FrameYield`). Called on the reader's task: keep it to
    /// a load or two.
    public var yieldAfterFrame: (@Sendable () -> Bool)?

    public init() {}
}
