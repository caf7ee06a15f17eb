/// One venue's standing in a consolidated book, for operators and for summaries.
public struct VenueStatus: Hashable, Sendable {
    /// The venue's handle.
    public let id: VenueID
    /// The venue's configuration.
    public let config: VenueConfig
    /// What the last accepted update said (`false` before the first one).
    public internal(set) var isLive: Bool = false
    /// `true` when the venue's levels are in the book: it is live and its last update was accepted.
    public internal(set) var isIncluded: Bool = false
    /// The latest exchange time seen from the venue (nanoseconds since the epoch; 0: none yet).
    public internal(set) var lastExchangeTime: Int64 = 0
    /// Why the venue's last update was refused, until the next accepted one.
    public internal(set) var lastError: ConsolidatedBookError?
    /// Bid levels the venue contributes (after the per-venue depth limit).
    public internal(set) var bidLevels: Int = 0
    /// Ask levels the venue contributes.
    public internal(set) var askLevels: Int = 0

    init(id: VenueID, config: VenueConfig) {
        self.id = id
        self.config = config
    }
}
