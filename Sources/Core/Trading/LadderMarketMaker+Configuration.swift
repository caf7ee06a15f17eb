extension LadderMarketMaker {
    /// The ladder's parameters, all integers at the consolidated book's raw scales. Checked once, at creation.
    public struct Configuration: Hashable, Sendable {
        /// Ladder levels per side (1...100).
        public let levels: Int
        /// Raw price distance between consecutive levels at zero volatility (> 0; the spacing actually used is
        /// rounded up to the tick grid, and is at least one tick).
        public let baseSpacing: Int64
        /// The price grid, raw (> 0): bids are rounded down to it, asks up.
        public let tick: Int64
        /// The size grid, raw (> 0): sizes are rounded down to it; a level under one lot is skipped.
        public let lot: Int64
        /// Raw size of level 0 at zero volatility (>= lot).
        public let touchSize: Int64
        /// Each level is this many percent larger than the one before (0...1000; 50: ×1.5 per level).
        public let sizeGrowthPercent: Int64
        /// Volatility in millionths at which the ladder is twice as wide and sizes halve (> 0): spacing is
        /// multiplied by `1 + vol/ref`, sizes divided by it.
        public let volatilityReference: Int64
        /// A quote is at most this percentage (1...100) of the consolidated size on its side at or beyond
        /// its price (bids: prices at or below; asks: at or above).
        public let participationPercent: Int64
        /// Absolute cap on one quote's raw size (>= lot).
        public let maxQuoteSize: Int64
        /// Raw position (> 0) at which the side that would increase it stops quoting; also the position at
        /// which the skew reaches ``skewSpacing``.
        public let maxPosition: Int64
        /// Raw price shift of the whole ladder at ``maxPosition`` (>= 0), against the position: long shifts
        /// both sides down, short shifts them up. Proportional in between, truncated to the tick grid.
        public let skewSpacing: Int64
        /// A new book is returned when some quote's price moved by more than this many raw price units
        /// (>= 0; 0 requotes on any price change).
        public let requoteThreshold: Int64
        /// … or when some quote's size changed by more than this percentage of its last size (>= 0).
        public let requoteSizePercent: Int64
        /// Mids kept for the realised volatility estimate (>= 3).
        public let volatilityWindow: Int

        /// Creates and checks a configuration.
        /// - Parameters: see the properties of the same names.
        /// - Throws: ``TradingError`` `invalidConfiguration` naming the first parameter out of its range.
        public init(
            levels: Int = 5,
            baseSpacing: Int64,
            tick: Int64,
            lot: Int64,
            touchSize: Int64,
            sizeGrowthPercent: Int64 = 50,
            volatilityReference: Int64,
            participationPercent: Int64 = 25,
            maxQuoteSize: Int64,
            maxPosition: Int64,
            skewSpacing: Int64,
            requoteThreshold: Int64,
            requoteSizePercent: Int64 = 25,
            volatilityWindow: Int = 64
        ) throws(TradingError) {
            func check(_ ok: Bool, _ what: String) throws(TradingError) {
                if !ok { throw TradingError(.invalidConfiguration, "ladder market maker: \(what)") }
            }
            try check((1...100).contains(levels), "levels \(levels) must be in 1...100")
            try check(tick > 0, "tick \(tick) must be positive")
            try check(baseSpacing > 0, "base spacing \(baseSpacing) must be positive")
            try check(lot > 0, "lot \(lot) must be positive")
            try check(touchSize >= lot, "touch size \(touchSize) must be at least one lot (\(lot))")
            try check((0...1000).contains(sizeGrowthPercent), "size growth \(sizeGrowthPercent)% must be in 0...1000")
            try check(volatilityReference > 0, "volatility reference \(volatilityReference) must be positive")
            try check(
                (1...100).contains(participationPercent), "participation \(participationPercent)% must be in 1...100")
            try check(maxQuoteSize >= lot, "max quote size \(maxQuoteSize) must be at least one lot (\(lot))")
            try check(maxPosition > 0, "max position \(maxPosition) must be positive")
            try check(skewSpacing >= 0, "skew spacing \(skewSpacing) must not be negative")
            try check(requoteThreshold >= 0, "requote threshold \(requoteThreshold) must not be negative")
            try check(requoteSizePercent >= 0, "requote size change \(requoteSizePercent)% must not be negative")
            try check(volatilityWindow >= 3, "volatility window \(volatilityWindow) must hold at least 3 mids")
            self.levels = levels
            self.baseSpacing = baseSpacing
            self.tick = tick
            self.lot = lot
            self.touchSize = touchSize
            self.sizeGrowthPercent = sizeGrowthPercent
            self.volatilityReference = volatilityReference
            self.participationPercent = participationPercent
            self.maxQuoteSize = maxQuoteSize
            self.maxPosition = maxPosition
            self.skewSpacing = skewSpacing
            self.requoteThreshold = requoteThreshold
            self.requoteSizePercent = requoteSizePercent
            self.volatilityWindow = volatilityWindow
        }
    }
}
