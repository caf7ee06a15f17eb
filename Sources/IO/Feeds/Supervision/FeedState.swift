/// Where a supervised connector is. Only ``live`` books may be shown to consumers.
public enum FeedState: String, Hashable, Sendable, CustomStringConvertible {
    /// Opening the connection (first attempt or after a backoff).
    case connecting
    /// Connected; the book is being (re)built from a snapshot and the buffered diffs.
    case syncing
    /// The book is current.
    case live
    /// Connected but nothing arrived for longer than the staleness limit; the book is withheld.
    case stale
    /// Disconnected, waiting for the next attempt.
    case down

    public var description: String { rawValue }
}

/// What a connector has seen and done since it started; every count only grows.
public struct FeedCounters: Hashable, Sendable {
    /// Frames received (all kinds).
    public var messages = 0
    /// Book updates applied.
    public var applied = 0
    /// Sequence breaks detected.
    public var gaps = 0
    /// Times the book was discarded and rebuilt (gap, crossed book, checksum, bad frame, venue hint).
    public var resyncs = 0
    /// Connections opened after the first one.
    public var reconnects = 0
    /// Connection attempts that failed (refused, handshake error, closed before the upgrade).
    public var connectFailures = 0
    /// Snapshots loaded (REST or in-band).
    public var snapshots = 0
    /// Frames that could not be parsed.
    public var parseErrors = 0
    /// Times an applied update left the book crossed (each one forces a resync).
    public var crossed = 0
    /// Times the feed went stale.
    public var staleEvents = 0
    /// Exchange time of the last update that carried one, nanoseconds since the epoch (0: none yet).
    public var lastExchangeTime: Int64 = 0
    /// Receive time of the last frame, nanoseconds since the epoch (0: none yet).
    public var lastReceiveTime: Int64 = 0

    public init() {}
}
