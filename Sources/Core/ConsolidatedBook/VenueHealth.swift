/// What a venue's connector says about its book, passed with every update.
///
/// The consolidated book depends on no connector code: the I/O layer maps its own state (the feeds' `live`,
/// versus `connecting`, `syncing`, `stale`, `down`) to ``isLive``.
public struct VenueHealth: Hashable, Sendable {
    /// `true` only when the venue's book is current; anything else withdraws the venue's levels at once.
    public var isLive: Bool
    /// Exchange time of the venue's last update, nanoseconds since the epoch; 0 when unknown. A live update
    /// older than one already applied is refused (``ConsolidatedBookError/Code-swift.struct/outOfOrder``);
    /// 0 skips that check.
    public var exchangeTime: Int64

    public init(isLive: Bool, exchangeTime: Int64 = 0) {
        self.isLive = isLive
        self.exchangeTime = exchangeTime
    }

    /// A current book as of `exchangeTime`.
    public static func live(exchangeTime: Int64 = 0) -> VenueHealth {
        VenueHealth(isLive: true, exchangeTime: exchangeTime)
    }

    /// A venue whose book must not be shown (connecting, syncing, stale or down).
    public static func notLive(exchangeTime: Int64 = 0) -> VenueHealth {
        VenueHealth(isLive: false, exchangeTime: exchangeTime)
    }
}
