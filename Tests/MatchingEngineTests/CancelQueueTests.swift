import BourseCore
import BourseTesting
import MatchingEngine
import Testing

/// Cancels inside long queues, levels emptied by cancels, ids used again, and cancels inside a sweep. Each scenario
/// runs on both engines (identical events required) and checks the fast engine's structure
/// (``MatchingEngine/structureViolation()``) after every step.
@Suite("Engine: cancels in long queues, emptied levels, ids used again")
struct CancelQueueTests {
    func matching(_ s: Scenario) throws -> MatchingEngine {
        try #require(s.engines.first { $0.kind == .matching }?.engine as? MatchingEngine)
    }

    func expectSound(_ s: Scenario, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try matching(s).structureViolation() == nil, sourceLocation: sourceLocation)
    }

    @Test("a level where three orders in four are cancelled still fills the rest in time order")
    func compactedLevelKeepsPriority() throws {
        let s = Scenario()
        for id in UInt64(1)...200 { s.submit(.limit(id, .sell, price: 100, quantity: 1)) }
        var shown: Int64 = 200
        for id in UInt64(1)...200 where id % 4 != 0 {
            shown -= 1
            #expect(s.cancel(id) == [cancelled(id, .userRequested, remaining: 1), level(.sell, 100, shown)])
            try expectSound(s)
        }
        #expect(s.book(.sell) == [[100, 50]])
        #expect(try matching(s).restingOrderCount == 50)
        let events = s.submit(.limit(1_000, account: 2, .buy, price: 100, quantity: 50))
        let makers = events.compactMap { event -> UInt64? in
            if case .trade(let trade) = event { return trade.makerID.rawValue }
            return nil
        }
        #expect(makers == Array(stride(from: UInt64(4), through: 200, by: 4)))
        #expect(s.book(.sell) == [])
        #expect(try matching(s).restingOrderCount == 0)
        try expectSound(s)
    }

    @Test("cancelling every order of a level empties it; a new order there then rests alone and fills first")
    func emptiedLevel() throws {
        let s = Scenario()
        s.place(
            .limit(1, .sell, price: 101, quantity: 2), .limit(2, .sell, price: 101, quantity: 3),
            .limit(3, .sell, price: 101, quantity: 4), .limit(4, .sell, price: 102, quantity: 1))
        s.cancel(2)
        s.cancel(1)
        try expectSound(s)
        #expect(s.cancel(3) == [cancelled(3, .userRequested, remaining: 4), level(.sell, 101, 0)])
        try expectSound(s)
        #expect(s.book(.sell) == [[102, 1]])
        s.submit(.limit(5, .sell, price: 101, quantity: 6))
        try expectSound(s)
        let events = s.submit(.limit(6, account: 2, .buy, price: 102, quantity: 7))
        #expect(events.contains(trade(maker: 5, taker: 6, price: 101, quantity: 6, .buy, takerAccount: 2)))
        #expect(events.contains(trade(maker: 4, taker: 6, price: 102, quantity: 1, .buy, takerAccount: 2)))
        try expectSound(s)
    }

    @Test("an id used again after its order was cancelled is a new order, found and cancelled by that id")
    func reusedID() throws {
        let s = Scenario()
        s.place(.limit(1, .buy, price: 90, quantity: 1), .limit(2, .buy, price: 90, quantity: 1), .limit(3, .buy, price: 90, quantity: 1))
        s.cancel(2)
        // The new order 2 may take the old one's home slot: it must be found by that id, and only while it rests.
        #expect(s.submit(.limit(2, .buy, price: 91, quantity: 5)) == [accepted(2, .buy, price: 91, quantity: 5), level(.buy, 91, 5)])
        try expectSound(s)
        #expect(s.cancel(2) == [cancelled(2, .userRequested, remaining: 5), level(.buy, 91, 0)])
        #expect(s.cancel(2) == [rejected(2, .unknownOrder)])
        try expectSound(s)
        #expect(s.book(.buy) == [[90, 2]])
    }

    @Test("self-trade prevention cancels resting orders inside a sweep; the sweep goes on past them")
    func selfTradeInsideSweep() throws {
        let s = Scenario()
        s.place(
            .limit(1, account: 1, .sell, price: 100, quantity: 2), .limit(2, account: 2, .sell, price: 100, quantity: 2),
            .limit(3, account: 1, .sell, price: 100, quantity: 2), .limit(4, account: 3, .sell, price: 100, quantity: 2))
        let events = s.submit(.limit(5, account: 1, .buy, price: 100, quantity: 4, stp: .cancelResting))
        let makers = events.compactMap { event -> UInt64? in
            if case .trade(let trade) = event { return trade.makerID.rawValue }
            return nil
        }
        #expect(makers == [2, 4])
        #expect(s.book(.sell) == [])
        try expectSound(s)
    }
}
