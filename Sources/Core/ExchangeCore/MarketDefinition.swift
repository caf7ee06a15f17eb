import BourseCore
import Ledger

/// An instrument as the exchange trades it: the grid (``Instrument``), the fees, who keeps price improvement,
/// and the price band of the pre-trade risk check.
public struct MarketDefinition: Hashable, Sendable {
    public var instrument: Instrument
    public var fees: FeeSchedule
    public var policy: PriceImprovementPolicy
    /// Limit orders more than this many basis points away from the last trade price are refused, and market
    /// orders without a price get a protection price this far from it. 0 disables the band.
    public var bandBasisPoints: Int64

    public init(
        instrument: Instrument, fees: FeeSchedule = .free, policy: PriceImprovementPolicy = .makerPrice,
        bandBasisPoints: Int64 = 1_000
    ) {
        self.instrument = instrument
        self.fees = fees
        self.policy = policy
        self.bandBasisPoints = bandBasisPoints
    }

    public var symbol: String { instrument.symbol }
}
