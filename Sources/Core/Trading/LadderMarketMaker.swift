import BourseCore

/// A market maker that rests a ladder of bids and asks around the consolidated mid, widened and thinned by
/// realised volatility, skewed against its position, and sized as a fraction of the liquidity it sees.
///
/// On each ``quote(_:)`` it:
/// 1. takes the reference mid `(bestBid + bestAsk) / 2`, rounded to the nearest tick (half up), and adds the
///    unrounded mid to its ``RealisedVolatility`` window (one sample per call);
/// 2. builds the target ladder (``targetBook(for:volatility:)``): level `i` bids at
///    `mid - halfSpread - i·spacing - skew` (rounded down to the tick) and asks at
///    `mid + halfSpread + i·spacing - skew` (rounded up), with `spacing = baseSpacing·(1 + vol/ref)` on the
///    grid, `halfSpread = spacing/2` rounded up to at least one tick and
///    `skew = clamp(position, ±maxPosition)·skewSpacing/maxPosition` truncated to the grid. Sizes are
///    `touchSize` grown by `sizeGrowthPercent` per level, divided by `1 + vol/ref`, capped by
///    `participationPercent` of the same side's consolidated size at or beyond the price and by
///    `maxQuoteSize`, and rounded down to the lot; a level under one lot is skipped;
/// 3. returns the target only if it differs enough from the last book returned (``shouldReplace(_:with:)``).
///
/// Decisions the caller must know:
/// - **One side empty, or both**: there is no reference price, so the strategy withdraws: it returns an empty
///   book (once; `nil` afterwards while there is still no two-sided market).
/// - **Crossed consolidated book** (`bestBid >= bestAsk`, a cross-venue opportunity): the midpoint is used
///   anyway. Our own bids stay strictly below our asks (the half spread is at least one tick), but a quote
///   may be marketable on the venue showing the crossing price: executors should send post-only orders.
/// - **Volatility not ready** (fewer than 3 mids): treated as zero, the tightest ladder.
/// - **Position limit**: at `position >= maxPosition` no bids, at `position <= -maxPosition` no asks.
/// - **Deep levels**: a level beyond every consolidated level on its side sees no size and is skipped by the
///   participation cap: pass enough depth (`book.top(side, n)`) to cover the ladder.
/// - Prices that would be `<= 0` (bids) or not fit an `Int64` are skipped.
public struct LadderMarketMaker: Strategy, Sendable {
    /// The parameters.
    public let configuration: Configuration
    /// The volatility estimate fed with one mid per ``quote(_:)``.
    public private(set) var volatility: RealisedVolatility
    /// The last book returned by ``quote(_:)`` (what should be resting now), `nil` before the first.
    public private(set) var lastBook: TraderBook?

    /// Creates a market maker with no book returned yet and an empty volatility window.
    /// - Parameter configuration: the checked parameters.
    /// - Throws: ``TradingError`` `invalidConfiguration` (only if the volatility window is refused, which a
    ///   checked configuration prevents).
    public init(configuration: Configuration) throws(TradingError) {
        self.configuration = configuration
        volatility = try RealisedVolatility(capacity: configuration.volatilityWindow)
    }

    /// Observes the market and returns the new ladder when the resting one should change.
    /// - Parameter input: the consolidated levels, position and time.
    /// - Returns: the new book (numbered by ``TraderBook/generation``), or `nil` when ``lastBook`` still stands.
    public mutating func quote(_ input: StrategyInput) -> TraderBook? {
        if let bid = input.bids.first?.price.rawValue, let ask = input.asks.first?.price.rawValue,
            let rawMid = GridMath.int64(GridMath.floorDivide(Int128(bid) + Int128(ask), 2))
        {
            volatility.add(rawMid)
        }
        let target = targetBook(for: input, volatility: volatility.basisPoints)
        guard shouldReplace(lastBook, with: target) else { return nil }
        lastBook = target
        return target
    }

    /// Whether `target` should replace `last`.
    ///
    /// Yes when there is no last book and the target has quotes; when the quotes moved by more than
    /// ``Configuration/requoteThreshold`` (``TraderBook/distance(to:)``: any change in the number, sides or
    /// levels of the quotes counts as infinitely far); or when some quote's size changed by more than
    /// ``Configuration/requoteSizePercent`` of its last size. Volatility and time alone never requote.
    /// - Parameters:
    ///   - last: the book resting now, if any.
    ///   - target: the book the strategy would want now.
    public func shouldReplace(_ last: TraderBook?, with target: TraderBook) -> Bool {
        guard let last else { return !target.isEmpty }
        let distance = target.distance(to: last)
        if distance == .max || distance > configuration.requoteThreshold { return true }
        let percent = Int128(configuration.requoteSizePercent)
        for (new, old) in zip(target.bids + target.asks, last.bids + last.asks) {
            let change = Int128(new.quantity.rawValue) - Int128(old.quantity.rawValue)
            if change.magnitude * 100 > UInt128(percent * Int128(old.quantity.rawValue)) { return true }
        }
        return false
    }
}
