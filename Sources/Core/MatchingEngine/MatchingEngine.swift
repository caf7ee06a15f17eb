import BourseCore

/// One instrument's price-time matching engine (placeholder API while the implementation lands).
public final class MatchingEngine {
    public let configuration: EngineConfiguration
    /// The events of the last processed command, in order.
    public private(set) var events: [SequencedEvent] = []
    /// Price of the last trade, if any.
    public private(set) var lastTradePrice: Price?

    public init(configuration: EngineConfiguration) {
        self.configuration = configuration
    }

    /// Applies one command at time `now`; its events are then in ``events``.
    public func process(_ command: EngineCommand, now: Int64) {
        fatalError("placeholder")
    }

    /// The book side as (price, visible quantity), best first.
    public func levels(_ side: Side) -> [(price: Price, quantity: Quantity)] {
        fatalError("placeholder")
    }
}
