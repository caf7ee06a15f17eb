import BourseCore
import BourseTesting
import MatchingEngine
import Testing

/// An engine implementation the tests can run.
enum EngineKind: String, Sendable, CustomStringConvertible {
    /// ``ReferenceEngine``, the slow model.
    case reference
    /// ``MatchingEngine``, the fast engine.
    case matching

    func make(_ configuration: EngineConfiguration) -> any EngineUnderTest {
        switch self {
        case .reference: return ReferenceEngine(configuration: configuration)
        case .matching: return MatchingEngine(configuration: configuration)
        }
    }

    var description: String { rawValue }
}

/// THE SWITCH. Every rule test runs its scenario on each of these engines and requires identical events; the
/// differential tests compare ``MatchingEngine`` with ``ReferenceEngine`` when `.matching` is listed, and
/// otherwise a second ``ReferenceEngine`` (a determinism check only).
/// Set it to `[.reference]` while `MatchingEngine` is still the placeholder whose methods `fatalError`.
let enginesUnderTest: [EngineKind] = [.reference, .matching]

/// One scenario run in lockstep on every engine of ``enginesUnderTest``.
///
/// Every step returns the first engine's events (without sequence numbers) and records an issue when another
/// engine disagrees, so the `#expect`s in a test are written once.
final class Scenario {
    let engines: [(kind: EngineKind, engine: any EngineUnderTest)]
    /// The `now` used when a step does not pass one.
    var now: Int64 = 0
    /// Every event so far, with sequence numbers (first engine).
    private(set) var history: [SequencedEvent] = []

    init(_ configuration: EngineConfiguration = EngineConfiguration()) {
        engines = enginesUnderTest.map { ($0, $0.make(configuration)) }
    }

    /// Runs `command` on every engine and returns the events.
    @discardableResult
    func run(_ command: EngineCommand, now: Int64? = nil, sourceLocation: SourceLocation = #_sourceLocation)
        -> [EngineEvent]
    {
        if let now { self.now = now }
        let results = engines.map { $0.engine.run(command, now: self.now) }
        for index in results.indices.dropFirst() where results[index] != results[0] {
            Issue.record(
                """
                \(engines[index].kind) differs from \(engines[0].kind) on \(command.compact)
                \(engines[0].kind): \(results[0].compact)
                \(engines[index].kind): \(results[index].compact)
                """, sourceLocation: sourceLocation)
        }
        history += results[0]
        return results[0].map(\.event)
    }

    /// Submits an order.
    @discardableResult
    func submit(_ order: OrderRequest, now: Int64? = nil, sourceLocation: SourceLocation = #_sourceLocation)
        -> [EngineEvent]
    {
        run(.submit(order), now: now, sourceLocation: sourceLocation)
    }

    /// Submits several orders, ignoring their events (setting up a book).
    func place(_ orders: OrderRequest..., sourceLocation: SourceLocation = #_sourceLocation) {
        for order in orders { submit(order, sourceLocation: sourceLocation) }
    }

    /// Cancels an order.
    @discardableResult
    func cancel(_ id: UInt64, account: UInt32 = 1, now: Int64? = nil, sourceLocation: SourceLocation = #_sourceLocation)
        -> [EngineEvent]
    {
        run(.cancel(OrderID(id), account: AccountID(account)), now: now, sourceLocation: sourceLocation)
    }

    /// Amends an order's price and/or size.
    @discardableResult
    func amend(
        _ id: UInt64, account: UInt32 = 1, price: Int64? = nil, quantity: Int64? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> [EngineEvent] {
        let newPrice = price.map { Price($0) }
        let newQuantity = quantity.map { Quantity($0) }
        return run(
            .amend(OrderID(id), account: AccountID(account), price: newPrice, quantity: newQuantity),
            sourceLocation: sourceLocation)
    }

    /// Cancels every order of an account.
    @discardableResult
    func cancelAll(_ account: UInt32, sourceLocation: SourceLocation = #_sourceLocation) -> [EngineEvent] {
        run(.cancelAll(AccountID(account)), sourceLocation: sourceLocation)
    }

    /// Moves the clock to `now` with nothing else to do.
    @discardableResult
    func advance(to now: Int64, sourceLocation: SourceLocation = #_sourceLocation) -> [EngineEvent] {
        run(.advanceClock, now: now, sourceLocation: sourceLocation)
    }

    /// One side of the book as `[[price, visible quantity]]`, best first; checked equal on every engine.
    func book(_ side: Side, sourceLocation: SourceLocation = #_sourceLocation) -> [[Int64]] {
        let all = engines.map { $0.engine.levels(side).map { [$0.price.rawValue, $0.quantity.rawValue] } }
        for index in all.indices.dropFirst() where all[index] != all[0] {
            Issue.record("\(engines[index].kind) book \(side) \(all[index]) != \(all[0])", sourceLocation: sourceLocation)
        }
        return all[0]
    }

    /// Last trade price (raw), checked equal on every engine.
    func lastPrice(sourceLocation: SourceLocation = #_sourceLocation) -> Int64? {
        let all = engines.map { $0.engine.lastTradePrice?.rawValue }
        for index in all.indices.dropFirst() where all[index] != all[0] {
            Issue.record("\(engines[index].kind) last price differs", sourceLocation: sourceLocation)
        }
        return all[0]
    }
}
