/// What a book synchroniser has seen and done; every field only grows except ``lastUpdateId``.
public struct BookSyncCounters: Hashable, Sendable {
    /// Depth messages handed to the synchroniser (diffs and snapshots of its symbol).
    public var messages = 0
    /// Diffs applied to the book.
    public var applied = 0
    /// Diffs dropped as already covered (older than the snapshot, duplicates, replays).
    public var dropped = 0
    /// Sequence breaks detected (a diff that does not continue the book): each one discards the book.
    public var gaps = 0
    /// Times the book was discarded and a new snapshot requested.
    public var resyncs = 0
    /// Snapshots refused as too old for the buffered diffs (a refetch was requested).
    public var refetches = 0
    /// Snapshots loaded into the book.
    public var snapshots = 0
    /// Snapshots ignored because the book was already synchronised.
    public var ignoredSnapshots = 0
    /// Applied diffs after which the book was crossed (best bid >= best ask).
    public var crossed = 0
    /// The update id the book reflects (the last applied `u`, or the snapshot's `lastUpdateId`); 0 before.
    public var lastUpdateId: Int64 = 0

    public init() {}
}
