/// What one venue update changed, so a publisher can skip sending an unchanged book.
public struct UpdateOutcome: Hashable, Sendable {
    /// `(venue, price)` entries added, removed or resized on both sides.
    public var changedEntries: Int
    /// `true` when the best bid or best ask changed (price, total or contributing venues).
    public var bestChanged: Bool

    public init(changedEntries: Int, bestChanged: Bool) {
        self.changedEntries = changedEntries
        self.bestChanged = bestChanged
    }
}
