import BourseCore

/// New terms for a bracket position, applied together or not at all; `nil` keeps a term as it is.
///
/// While the entry is open, every term can change (the legs are not orders yet). Once the legs are live the
/// entry price is history: only the take-profit price and the stop-loss trigger/limit can change.
public struct BracketChange: Hashable, Sendable {
    /// A new limit price for the open entry.
    public var entryPrice: Price?
    public var takeProfitPrice: Price?
    public var stopLossTrigger: Price?
    /// A new limit for the stop-loss leg once triggered; `nil` keeps the current one (a long bracket's
    /// stop-market stays a stop-market, a short bracket keeps its limit).
    public var stopLossLimit: Price?

    public init(
        entryPrice: Price? = nil, takeProfitPrice: Price? = nil, stopLossTrigger: Price? = nil,
        stopLossLimit: Price? = nil
    ) {
        self.entryPrice = entryPrice
        self.takeProfitPrice = takeProfitPrice
        self.stopLossTrigger = stopLossTrigger
        self.stopLossLimit = stopLossLimit
    }

    /// Whether the change changes nothing.
    public var isEmpty: Bool {
        entryPrice == nil && takeProfitPrice == nil && stopLossTrigger == nil && stopLossLimit == nil
    }
}
