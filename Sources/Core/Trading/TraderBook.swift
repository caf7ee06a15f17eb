import BourseCore

/// The full set of quotes a strategy wants resting for one symbol at one moment: a ladder of bids and asks
/// around a reference mid.
///
/// A strategy returns a new book only when its quotes should change; ``generation`` numbers the books it
/// returned (1 for the first), so an executor can tell a new target from a repeated one.
public struct TraderBook: Hashable, Sendable {
    /// The symbol the quotes are for.
    public var symbol: String
    /// 1 for the strategy's first book, +1 for each later one.
    public var generation: UInt64
    /// The reference mid the ladder was built around, raw, on the tick grid.
    public var mid: Price
    /// Bids, best (highest) first.
    public var bids: [TraderQuote]
    /// Asks, best (lowest) first.
    public var asks: [TraderQuote]
    /// The realised volatility used, in millionths (see ``RealisedVolatility/basisPoints``); `nil` when the
    /// estimate was not ready yet.
    public var volatility: Int64?
    /// When the book was built, nanoseconds since the epoch (the input's `now`).
    public var createdAt: Int64

    /// Creates a book.
    /// - Parameters:
    ///   - symbol: the symbol.
    ///   - generation: the strategy's book number.
    ///   - mid: the reference mid.
    ///   - bids: bids, best first.
    ///   - asks: asks, best first.
    ///   - volatility: the volatility used, in millionths, if known.
    ///   - createdAt: nanoseconds since the epoch.
    public init(
        symbol: String,
        generation: UInt64,
        mid: Price,
        bids: [TraderQuote],
        asks: [TraderQuote],
        volatility: Int64?,
        createdAt: Int64
    ) {
        self.symbol = symbol
        self.generation = generation
        self.mid = mid
        self.bids = bids
        self.asks = asks
        self.volatility = volatility
        self.createdAt = createdAt
    }

    /// Whether the book has no quote on either side (a withdrawal).
    public var isEmpty: Bool { bids.isEmpty && asks.isEmpty }

    /// How far apart two books' quotes are: the largest absolute price difference, in raw price units,
    /// between quotes at the same position of the same side.
    ///
    /// `Int64.max` when the books are not comparable quote by quote: a side has a different number of quotes,
    /// or quotes at the same position differ in side or level (or the difference does not fit an `Int64`).
    /// 0 for two books with the same prices (sizes are not compared).
    /// - Parameter other: the book to compare with.
    public func distance(to other: TraderBook) -> Int64 {
        guard bids.count == other.bids.count, asks.count == other.asks.count else { return .max }
        var largest: Int64 = 0
        for (mine, theirs) in zip(bids + asks, other.bids + other.asks) {
            guard mine.side == theirs.side, mine.level == theirs.level else { return .max }
            let (difference, overflow) = mine.price.rawValue.subtractingReportingOverflow(theirs.price.rawValue)
            guard !overflow, difference != .min else { return .max }
            largest = max(largest, abs(difference))
        }
        return largest
    }

    /// Whether one of the book's own bids is at or above one of its own asks (an order of ours would trade
    /// with another of ours). Always `false` for books built by ``LadderMarketMaker``.
    public var isCrossedWithItself: Bool {
        guard let highestBid = bids.map(\.price).max(), let lowestAsk = asks.map(\.price).min() else {
            return false
        }
        return highestBid >= lowestAsk
    }
}
