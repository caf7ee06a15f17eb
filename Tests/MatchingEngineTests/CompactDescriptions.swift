import BourseCore
import MatchingEngine

// One-line renderings for failure messages (the synthesized descriptions are several times longer).

extension EngineEvent {
    var compact: String {
        switch self {
        case .accepted(let id, let account, let side, let price, let quantity):
            return "acc(\(id) a\(account) \(side) \(price)x\(quantity))"
        case .rejected(let id, let reason): return "rej(\(id) \(reason))"
        case .trade(let t):
            return "trade(m\(t.makerID)/a\(t.makerAccount) t\(t.takerID)/a\(t.takerAccount) \(t.price)x\(t.quantity) \(t.aggressor))"
        case .partiallyFilled(let id, let remaining): return "part(\(id) \(remaining))"
        case .filled(let id): return "fill(\(id))"
        case .cancelled(let id, let reason, let remaining): return "canc(\(id) \(reason) \(remaining))"
        case .expired(let id, let remaining): return "exp(\(id) \(remaining))"
        case .triggered(let id): return "trig(\(id))"
        case .amended(let id, let price, let quantity, let kept):
            return "amend(\(id) \(price)x\(quantity) \(kept ? "kept" : "lost"))"
        case .level(let side, let price, let quantity): return "lvl(\(side) \(price) \(quantity))"
        }
    }
}

extension Array where Element == SequencedEvent {
    var compact: String {
        isEmpty ? "[]" : map { "#\($0.sequence) \($0.event.compact)" }.joined(separator: ", ")
    }
}

extension OrderRequest {
    var compact: String {
        var text = "\(id) a\(account) \(side) \(kind) \(price)x\(quantity)"
        if quoteAmount != 0 { text += " quote \(quoteAmount)" }
        text += " \(timeInForce)"
        if postOnly { text += " postOnly" }
        if displayQuantity != .zero { text += " display \(displayQuantity)" }
        if let trigger { text += " \(trigger)" }
        if selfTradePrevention != .none { text += " stp \(selfTradePrevention)" }
        return text
    }
}

extension EngineCommand {
    var compact: String {
        switch self {
        case .submit(let order): return "submit(\(order.compact))"
        case .cancel(let id, let account): return "cancel(\(id) a\(account))"
        case .amend(let id, let account, let price, let quantity):
            return "amend(\(id) a\(account) price \(price.map(\.description) ?? "-") qty \(quantity.map(\.description) ?? "-"))"
        case .cancelAll(let account): return "cancelAll(a\(account))"
        case .oco(let first, let second): return "oco(\(first.compact) | \(second.compact))"
        case .bracket(let b):
            return "bracket(\(b.entry.compact) tp \(b.takeProfitID)@\(b.takeProfitPrice) sl \(b.stopLossID)@\(b.stopLossTrigger)"
                + " limit \(b.stopLossLimit.map(\.description) ?? "-"))"
        case .amendBracket(let c):
            func text(_ p: Price?) -> String { p.map(\.description) ?? "-" }
            return "amendBracket(\(c.entry) a\(c.account) entry \(text(c.entryPrice)) tp \(text(c.takeProfitPrice))"
                + " sl \(text(c.stopLossTrigger)) limit \(text(c.stopLossLimit)))"
        case .amendTrigger(let id, let account, let trigger, let price):
            return "amendTrigger(\(id) a\(account) trigger \(trigger.map(\.description) ?? "-")"
                + " price \(price.map(\.description) ?? "-"))"
        case .advanceClock: return "advanceClock"
        }
    }
}
