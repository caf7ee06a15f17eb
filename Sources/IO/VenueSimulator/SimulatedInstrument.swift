import BourseCore
import MarketData

/// An instrument every simulated venue lists (each venue under its own name and grid).
public struct SimulatedInstrument: Hashable, Sendable {
    /// The canonical symbol.
    public var symbol: CanonicalSymbol
    /// Decimals of prices (shared by all venues, so their prices compare directly).
    public var priceScale: Int
    /// Decimals of sizes.
    public var sizeScale: Int
    /// The starting fair value, in price units.
    public var startPrice: Int64
    /// The tick, in price units.
    public var tick: Int64
    /// The lot, in size units.
    public var lot: Int64

    public init(symbol: CanonicalSymbol, priceScale: Int, sizeScale: Int, startPrice: Int64, tick: Int64, lot: Int64) {
        self.symbol = symbol
        self.priceScale = priceScale
        self.sizeScale = sizeScale
        self.startPrice = startPrice
        self.tick = tick
        self.lot = lot
    }

    /// BTC/USDT around 60,000.00 (tick 0.01, lot 0.0001) and ETH/BTC around 0.050000 (tick 0.000001, lot 0.001).
    public static let defaults = [
        SimulatedInstrument(symbol: CanonicalSymbol(base: "BTC", quote: "USDT"), priceScale: 2, sizeScale: 4,
                            startPrice: 6_000_000, tick: 1, lot: 1),
        SimulatedInstrument(symbol: CanonicalSymbol(base: "ETH", quote: "BTC"), priceScale: 6, sizeScale: 3,
                            startPrice: 50_000, tick: 1, lot: 1),
    ]

    /// The grid on a venue: BitMEX trades whole contracts (size scale 0) on a coarser tick.
    public func instrument(on venue: SimulatedVenueKind) throws(InstrumentError) -> Instrument {
        let bitmex = venue == .bitmex
        return try Instrument(
            symbol: symbol.name(on: venue.rawValue), baseAsset: symbol.base, quoteAsset: symbol.quote,
            priceScale: priceScale, sizeScale: bitmex ? 0 : sizeScale,
            tickSize: Price(bitmex ? tick * 50 : tick), lotSize: Quantity(bitmex ? 100 : lot))
    }
}
