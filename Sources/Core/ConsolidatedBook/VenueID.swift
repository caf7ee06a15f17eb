/// A venue's handle in one ``ConsolidatedBook``: the index it got when it was added (first venue 0).
///
/// Ids are dense and small so per-level venue sizes can live in a flat array indexed by them. An id means
/// nothing to another book; passing it there is refused with
/// ``ConsolidatedBookError/Code-swift.struct/unknownVenue`` when out of range.
public struct VenueID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Position of the venue in the book's venue list.
    public let index: Int

    init(_ index: Int) { self.index = index }

    public static func < (lhs: VenueID, rhs: VenueID) -> Bool { lhs.index < rhs.index }

    public var description: String { "venue#\(index)" }
}
