import BourseCore
import OrderBook

/// One symbol's book consolidated from several venues' local L2 books, exact and gated by venue health.
///
/// Each venue's connector hands over its whole current book with its health (``update(_:health:book:)``);
/// the book converts prices and sizes exactly to its own ``scales``, keeps per price the size on every venue
/// and the total, and answers:
/// - the best `n` levels aggregated by price, each with its per-venue sizes (``top(_:_:)``), or as separate
///   `(venue, price, size)` rows (``rows(_:_:)``);
/// - the exact spread over the live venues (``spread``);
/// - cross-venue crosses as opportunities with gross and fee-net edges (``crosses()``);
/// - rows net of each venue's taker fee (``netRows(_:_:)``).
///
/// Rules (details and edge cases: `docs/consolidated-book.md`):
/// - **Replace semantics.** An update is the venue's whole current book (or its best ``depthPerVenue`` levels
///   per side): it replaces everything the venue contributed before. A venue that reconnects with a different
///   book therefore leaves nothing of the old one behind. Internally the new levels are diffed against the
///   old ones, so the cost is proportional to the venue's depth plus the levels that really changed.
/// - **Health gates the book.** A non-live update removes the venue's levels at once; they come back only
///   with a live update. A book that cannot be converted exactly, or that is crossed on its own, is refused
///   and withdraws the venue too (no phantom liquidity from a book we could not read).
/// - **Exact.** No `Double` anywhere; ``ProtocolEdge`` converts at the output edge only.
///
/// Data structure: per side, flat parallel arrays (price, total, per-venue sizes indexed by ``VenueID``) in
/// price order with the best level last (``BookSide``). Reads of the top `n` walk `n` contiguous levels;
/// updates are a binary search near the top plus a short shift. The alternative, a dictionary
/// `price -> [venue: size]` per side, must sort on every read (measured in `docs/consolidated-book.md`).
///
/// A value type with no locks: one owner mutates it (one task per symbol); copies are cheap until written.
public struct ConsolidatedBook: Sendable {
    /// The most venues one book can hold; bounds the totals (see ``maximumLevelSize``).
    public static let maximumVenues = 64
    /// The largest size one venue may show at one price (at the book's size scale): `Int64.max / 64`, so the
    /// total of all venues at a price can never overflow. Larger sizes are refused as
    /// ``ConsolidatedBookError/Code-swift.struct/overflow``.
    public static let maximumLevelSize = Int64.max / Int64(maximumVenues)

    /// The symbol, as the caller names it (e.g. the canonical `BTC/USDT`).
    public let symbol: String
    /// The scales of every price and size the book returns.
    public let scales: BookScales
    /// The levels per side taken from each venue's book (`nil`: all). Reads of the top `n` levels or rows are
    /// exact for every `n <= depthPerVenue` (a level deeper than a venue's limit always has at least that many
    /// better levels in the consolidated book).
    public let depthPerVenue: Int?

    var bids: BookSide
    var asks: BookSide
    var venues: [VenueEntry] = []
    /// `nameRank[v]`: the position of venue `v` when venues are sorted by name (the last tie-breaker).
    var nameRank: [Int] = []

    /// Creates an empty book.
    /// - Parameters:
    ///   - symbol: a label carried along (the book never interprets it).
    ///   - scales: the scales every venue's values are converted to; choose at least the finest scale of any
    ///     venue (e.g. price 10 with BitMEX, 8 with Binance only), or finer values are refused.
    ///   - venues: the venues known at creation (more can be added with ``addVenue(_:)``).
    ///   - depthPerVenue: `nil` to take whole books, or the best `k >= 1` levels per side of each venue.
    /// - Throws: ``ConsolidatedBookError`` with `invalidDepth`, `duplicateVenue` or `tooManyVenues`.
    public init(symbol: String, scales: BookScales, venues: [VenueConfig] = [], depthPerVenue: Int? = nil)
        throws(ConsolidatedBookError)
    {
        if let depthPerVenue, depthPerVenue < 1 {
            throw ConsolidatedBookError(.invalidDepth, "depth per venue \(depthPerVenue) must be at least 1 (or nil)")
        }
        self.symbol = symbol
        self.scales = scales
        self.depthPerVenue = depthPerVenue
        bids = BookSide(isBid: true, stride: 0)
        asks = BookSide(isBid: false, stride: 0)
        for config in venues { try addVenue(config) }
    }

    /// Adds a venue; it contributes nothing until its first live update.
    /// - Returns: the venue's handle (the next index).
    /// - Throws: `duplicateVenue` for a name already present, `tooManyVenues` past ``maximumVenues``.
    @discardableResult
    public mutating func addVenue(_ config: VenueConfig) throws(ConsolidatedBookError) -> VenueID {
        guard venueID(named: config.name) == nil else {
            throw ConsolidatedBookError(
                .duplicateVenue, "a venue named '\(config.name)' is already in the book",
                venue: config.name)
        }
        guard venues.count < Self.maximumVenues else {
            throw ConsolidatedBookError(
                .tooManyVenues, "a book holds at most \(Self.maximumVenues) venues",
                venue: config.name)
        }
        let id = VenueID(venues.count)
        venues.append(VenueEntry(id: id, config: config, bookScales: scales))
        bids.widen(to: venues.count)
        asks.widen(to: venues.count)
        let byName = venues.indices.sorted { venues[$0].name < venues[$1].name }
        nameRank = Array(repeating: 0, count: venues.count)
        for (rank, index) in byName.enumerated() { nameRank[index] = rank }
        return id
    }

    /// The handle of the venue with this name, if it is in the book.
    public func venueID(named name: String) -> VenueID? {
        venues.firstIndex { $0.name == name }.map(VenueID.init)
    }

    /// Every venue's status, in ``VenueID`` order.
    public var venueStatuses: [VenueStatus] { venues.map(\.status) }

    /// One venue's status; `nil` for an id this book did not issue.
    public func status(of venue: VenueID) -> VenueStatus? {
        venues.indices.contains(venue.index) ? venues[venue.index].status : nil
    }

    /// The venue's current contribution on one side at the book's scales, best first (empty unless included).
    public func levels(of venue: VenueID, _ side: Side) -> [L2Level] {
        guard venues.indices.contains(venue.index) else { return [] }
        return venues[venue.index].levels(side == .buy)
    }

    /// The index of a venue this book issued.
    func checkedIndex(_ venue: VenueID) throws(ConsolidatedBookError) -> Int {
        guard venues.indices.contains(venue.index) else {
            throw ConsolidatedBookError(.unknownVenue, "\(venue) is not a venue of this book (\(venues.count) venues)")
        }
        return venue.index
    }

    func side(_ side: Side) -> BookSide { side == .buy ? bids : asks }
}
