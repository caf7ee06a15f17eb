import BourseCore
import MatchingEngine

/// What the engine tests need from an engine, so one scenario runs unchanged on ``MatchingEngine`` and on
/// ``ReferenceEngine``.
public protocol EngineUnderTest: AnyObject {
    /// Applies one command at time `now` and returns the events it produced, in order.
    func run(_ command: EngineCommand, now: Int64) -> [SequencedEvent]
    /// Visible size per price level of `side`, best first, only non-empty levels.
    func levels(_ side: Side) -> [(price: Price, quantity: Quantity)]
    /// Price of the most recent trade, `nil` before the first one.
    var lastTradePrice: Price? { get }
}

extension ReferenceEngine: EngineUnderTest {
    /// Same as ``process(_:now:)``.
    public func run(_ command: EngineCommand, now: Int64) -> [SequencedEvent] {
        process(command, now: now)
    }
}

extension MatchingEngine: EngineUnderTest {
    /// ``process(_:now:)``, then a copy of the engine's ``events`` (an array or a view into the engine's
    /// storage, depending on the engine's version: `Array(_:)` accepts both).
    public func run(_ command: EngineCommand, now: Int64) -> [SequencedEvent] {
        process(command, now: now)
        return Array(events)
    }
}
