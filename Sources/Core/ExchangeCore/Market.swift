import BourseCore
import Ledger
import MatchingEngine

/// A market at run time: its definition, its engine, and the conversions between the instrument's units and
/// the assets' units (both exact powers of ten).
final class Market {
    let definition: MarketDefinition
    let engine: MatchingEngine
    let index: Int
    let base: AssetID
    let quote: AssetID
    /// Base asset units per size unit.
    let baseFactor: Int64
    /// Quote asset units per notional unit.
    let quoteFactor: Int64

    init(
        definition: MarketDefinition, index: Int, base: AssetID, quote: AssetID, baseFactor: Int64, quoteFactor: Int64,
        engine: MatchingEngine? = nil
    ) {
        self.definition = definition
        self.index = index
        self.base = base
        self.quote = quote
        self.baseFactor = baseFactor
        self.quoteFactor = quoteFactor
        self.engine = engine ?? MatchingEngine(configuration: Self.engineConfiguration(definition))
    }

    /// The configuration of a market's engine (also what a restored engine is created with).
    static func engineConfiguration(_ definition: MarketDefinition) -> EngineConfiguration {
        EngineConfiguration(instrument: definition.instrument, expectedOrders: 1 << 12)
    }

    var instrument: Instrument { definition.instrument }
    var symbol: String { definition.instrument.symbol }
}
