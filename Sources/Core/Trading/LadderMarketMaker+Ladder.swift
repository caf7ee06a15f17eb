import BourseCore
import ConsolidatedBook

extension LadderMarketMaker {
    /// The reference mid of `input`: `(bestBid + bestAsk) / 2` rounded to the nearest tick (half up);
    /// `nil` when a side is empty or the result does not fit an `Int64`. Used even for a crossed book.
    /// - Parameter input: the consolidated levels.
    public func referenceMid(_ input: StrategyInput) -> Int64? {
        guard let bid = input.bids.first?.price.rawValue, let ask = input.asks.first?.price.rawValue else {
            return nil
        }
        let twoTicks = 2 * Int128(configuration.tick)
        let ticks = GridMath.floorDivide(Int128(bid) + Int128(ask) + Int128(configuration.tick), twoTicks)
        return GridMath.int64(ticks * Int128(configuration.tick))
    }

    /// The ladder the strategy wants for `input` at volatility `volatility`, without changing any state:
    /// what ``quote(_:)`` would compare with the last book. Numbered as the next book would be.
    /// - Parameters:
    ///   - input: the consolidated levels, position and time.
    ///   - volatility: realised volatility in millionths; `nil` or negative counts as zero, and values above
    ///     ``RealisedVolatility/maximumReturn`` as that maximum (which keeps the integer products in range).
    /// - Returns: the target book; empty (a withdrawal) when a side of the input is empty.
    public func targetBook(for input: StrategyInput, volatility: Int64?) -> TraderBook {
        let generation = (lastBook?.generation ?? 0) + 1
        guard let mid = referenceMid(input) else {
            return TraderBook(
                symbol: input.symbol, generation: generation, mid: lastBook?.mid ?? .zero, bids: [], asks: [],
                volatility: volatility, createdAt: input.now)
        }
        let config = configuration
        let tick = Int128(config.tick)
        let vol = Int128(min(max(0, volatility ?? 0), RealisedVolatility.maximumReturn))
        let reference = Int128(config.volatilityReference)
        let spacing = max(
            tick, GridMath.roundUp(Int128(config.baseSpacing) * (reference + vol) / reference, tick: tick))
        let halfSpread = max(tick, GridMath.roundUp(GridMath.ceilingDivide(spacing, 2), tick: tick))
        let maxPosition = Int128(config.maxPosition)
        let clamped = min(max(Int128(input.position), -maxPosition), maxPosition)
        let skew = clamped * Int128(config.skewSpacing) / maxPosition / tick * tick

        var bids: [TraderQuote] = []
        var asks: [TraderQuote] = []
        var baseSize = Int128(config.touchSize)
        for level in 0..<config.levels {
            if level > 0 {
                baseSize = min(baseSize * (100 + Int128(config.sizeGrowthPercent)) / 100, Int128(Int64.max))
            }
            let size = baseSize * reference / (reference + vol)
            let offset = halfSpread + Int128(level) * spacing
            if input.position < config.maxPosition {
                let price = GridMath.roundDown(Int128(mid) - offset - skew, tick: tick)
                if price > 0, let quote = makeQuote(.buy, price: price, size: size, level: level, input: input) {
                    bids.append(quote)
                }
            }
            if input.position > -config.maxPosition {
                let price = GridMath.roundUp(Int128(mid) + offset - skew, tick: tick)
                if price > 0, let quote = makeQuote(.sell, price: price, size: size, level: level, input: input) {
                    asks.append(quote)
                }
            }
        }
        return TraderBook(
            symbol: input.symbol, generation: generation, mid: Price(mid), bids: bids, asks: asks,
            volatility: volatility, createdAt: input.now)
    }

    /// A quote of at most `size`, capped by participation and ``Configuration/maxQuoteSize`` and rounded down
    /// to the lot; `nil` under one lot or for a price outside `Int64`.
    func makeQuote(_ side: Side, price: Int128, size: Int128, level: Int, input: StrategyInput) -> TraderQuote? {
        guard let rawPrice = GridMath.int64(price) else { return nil }
        let observed = Self.observedSize(side, atOrBeyond: rawPrice, in: side == .buy ? input.bids : input.asks)
        let participation = observed * Int128(configuration.participationPercent) / 100
        let capped = min(size, participation, Int128(configuration.maxQuoteSize))
        let lot = Int128(configuration.lot)
        let lots = capped / lot * lot
        guard lots >= lot, let rawSize = GridMath.int64(lots) else { return nil }
        return TraderQuote(side: side, price: Price(rawPrice), quantity: Quantity(rawSize), level: level)
    }

    /// The consolidated size on `side` at `price` or further from the touch (bids: at or below, asks: at or
    /// above): the liquidity a quote at `price` is measured against.
    /// - Parameters:
    ///   - side: the side of the quote and of the levels.
    ///   - price: the quote's raw price.
    ///   - levels: the consolidated levels of that side.
    public static func observedSize(_ side: Side, atOrBeyond price: Int64, in levels: [ConsolidatedLevel]) -> Int128 {
        var total: Int128 = 0
        for level in levels where side == .buy ? level.price.rawValue <= price : level.price.rawValue >= price {
            total += Int128(level.total.rawValue)
        }
        return total
    }
}
