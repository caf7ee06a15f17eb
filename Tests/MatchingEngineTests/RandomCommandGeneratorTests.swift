import BourseCore
import BourseTesting
import MatchingEngine
import Testing

@Suite("RandomCommandGenerator")
struct RandomCommandGeneratorTests {
    @Test("the same seed gives the same stream, another seed another stream")
    func deterministic() {
        var first = RandomCommandGenerator(seed: 42, tickSize: 5, lotSize: 10)
        var second = RandomCommandGenerator(seed: 42, tickSize: 5, lotSize: 10)
        var other = RandomCommandGenerator(seed: 43, tickSize: 5, lotSize: 10)
        var a: [EngineCommand] = []
        var b: [EngineCommand] = []
        var c: [EngineCommand] = []
        var times: [Int64] = []
        for _ in 0..<500 {
            let (command, now) = first.next()
            a.append(command)
            times.append(now)
            b.append(second.next().0)
            c.append(other.next().0)
        }
        #expect(a == b)
        #expect(a != c)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(zip(times, times.dropFirst()).contains { $0 == $1 })
    }

    @Test("streams reach every event, reject reason, cancel reason and option")
    func coverage() {
        var seen = Set<String>()
        for parameters in [RandomCommandGenerator.Parameters(tickSize: 5, lotSize: 10, minLots: 2), .init()] {
            for seed in UInt64(0)..<3 {
                var generator = RandomCommandGenerator(seed: 7_000 + seed, parameters: parameters)
                let engine = ReferenceEngine(configuration: generator.configuration)
                for _ in 0..<2_000 {
                    let (command, now) = generator.next()
                    let events = engine.process(command, now: now)
                    generator.observe(events)
                    seen.formUnion(Self.features(of: command))
                    for event in events { seen.formUnion(Self.features(of: event.event)) }
                    let refused = events.contains { if case .rejected = $0.event { true } else { false } }
                    if case .amendBracket = command, !refused { seen.insert("amendBracket applied") }
                    if case .amendTrigger = command, !refused { seen.insert("amendTrigger applied") }
                }
            }
        }
        let missing = Self.allFeatures.subtracting(seen)
        #expect(missing.isEmpty, "never produced: \(missing.sorted())")
    }

    static let allFeatures: Set<String> = {
        var all: Set<String> = [
            "accepted", "rejected", "trade", "partiallyFilled", "filled", "cancelled", "expired", "triggered",
            "amended kept", "amended lost", "level", "level 0", "submit", "cancel", "amend", "cancelAll", "oco",
            "bracket", "advanceClock", "gtc", "gtd", "ioc", "fok", "postOnly", "iceberg", "market", "quote",
            "protection", "stop", "takeProfit", "stop limit", "bracket stop limit", "bracket market entry",
            "amend price+qty", "amend nil", "trade buy", "trade sell", "amendBracket", "amendBracket entry price",
            "amendBracket applied", "amendTrigger", "amendTrigger applied",
        ]
        all.formUnion(RejectReason.allCases.map { "reject \($0)" })
        all.formUnion(CancelReason.allCases.map { "cancel \($0)" })
        all.formUnion(SelfTradePrevention.allCases.map { "stp \($0)" })
        return all
    }()

    static func features(of order: OrderRequest) -> [String] {
        var result = ["stp \(order.selfTradePrevention)"]
        switch order.timeInForce {
        case .gtc: result.append("gtc")
        case .gtd: result.append("gtd")
        case .ioc: result.append("ioc")
        case .fok: result.append("fok")
        }
        if order.postOnly { result.append("postOnly") }
        if order.displayQuantity != .zero { result.append("iceberg") }
        if order.kind == .market { result.append(order.isQuoteOrder ? "quote" : "market") }
        if order.kind == .market && order.price != .zero { result.append("protection") }
        switch order.trigger {
        case .stop: result.append(order.kind == .limit ? "stop limit" : "stop")
        case .takeProfit: result.append("takeProfit")
        case nil: break
        }
        return result
    }

    static func features(of command: EngineCommand) -> [String] {
        switch command {
        case .submit(let order): return ["submit"] + features(of: order)
        case .cancel: return ["cancel"]
        case .amend(_, _, let price, let quantity):
            if price == nil && quantity == nil { return ["amend", "amend nil"] }
            return price != nil && quantity != nil ? ["amend", "amend price+qty"] : ["amend"]
        case .cancelAll: return ["cancelAll"]
        case .oco(let first, let second): return ["oco"] + features(of: first) + features(of: second)
        case .bracket(let bracket):
            var result = ["bracket"] + features(of: bracket.entry)
            if bracket.stopLossLimit != nil { result.append("bracket stop limit") }
            if bracket.entry.kind == .market { result.append("bracket market entry") }
            return result
        case .amendBracket(let change):
            return change.entryPrice != nil ? ["amendBracket", "amendBracket entry price"] : ["amendBracket"]
        case .amendTrigger: return ["amendTrigger"]
        case .advanceClock: return ["advanceClock"]
        }
    }

    static func features(of event: EngineEvent) -> [String] {
        switch event {
        case .accepted: return ["accepted"]
        case .rejected(_, let reason): return ["rejected", "reject \(reason)"]
        case .trade(let trade): return ["trade", "trade \(trade.aggressor)"]
        case .partiallyFilled: return ["partiallyFilled"]
        case .filled: return ["filled"]
        case .cancelled(_, let reason, _): return ["cancelled", "cancel \(reason)"]
        case .expired: return ["expired"]
        case .triggered: return ["triggered"]
        case .amended(_, _, _, let kept): return [kept ? "amended kept" : "amended lost"]
        case .level(_, _, let quantity): return quantity == .zero ? ["level", "level 0"] : ["level"]
        }
    }
}
