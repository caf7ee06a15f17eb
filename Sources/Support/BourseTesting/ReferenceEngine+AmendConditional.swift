import BourseCore
import MatchingEngine

extension ReferenceEngine {
    /// "AmendBracket": a resting bracket entry of that account; the entry's new price like a limit price, then
    /// the bracket's static rules with the new terms, then post-only of a moved entry; then the legs change and a
    /// new entry price is applied as an amend.
    func amendBracket(_ change: BracketAmendment) {
        guard let entry = book.first(where: { $0.id == change.entry }), entry.account == change.account,
            var bracket = brackets[change.entry]
        else {
            emit(.rejected(change.entry, .unknownOrder))
            return
        }
        let newPrice = change.entryPrice ?? entry.price
        let c = configuration
        let priceReason: RejectReason? =
            newPrice.rawValue <= 0
            ? .invalidPrice
            : newPrice.rawValue % c.tickSize != 0
                ? .priceOffTick
                : newPrice.rawValue < c.minPrice || newPrice.rawValue > c.maxPrice ? .priceOutOfRange : nil
        if let priceReason {
            emit(.rejected(change.entry, priceReason))
            return
        }
        bracket.entry.price = newPrice
        bracket.takeProfitPrice = change.takeProfitPrice ?? bracket.takeProfitPrice
        bracket.stopLossTrigger = change.stopLossTrigger ?? bracket.stopLossTrigger
        bracket.stopLossLimit = change.stopLossLimit ?? bracket.stopLossLimit
        if let reason = configuration.staticRejectReason(for: bracket, now: clock) {
            emit(.rejected(change.entry, reason))
            return
        }
        if newPrice != entry.price && entry.postOnly && wouldTake(entry.side, price: newPrice) {
            emit(.rejected(change.entry, .postOnlyWouldTake))
            return
        }
        brackets[change.entry] = bracket
        if change.entryPrice != nil {
            amend(change.entry, account: change.account, price: change.entryPrice, quantity: nil)
        }
    }

    /// "AmendTrigger": an armed order of that account gets a new trigger and/or price and is re-armed.
    func amendTrigger(_ id: OrderID, account: AccountID, trigger: Price?, price: Price?) {
        guard let live = liveOrder(id), live.account == account else {
            emit(.rejected(id, .unknownOrder))
            return
        }
        guard let index = armed.firstIndex(where: { $0.id == id }) else {
            emit(.rejected(id, .notAmendable))
            return
        }
        let c = configuration
        func invalid(_ p: Price) -> RejectReason? {
            if p.rawValue <= 0 { return .invalidPrice }
            if p.rawValue % c.tickSize != 0 { return .priceOffTick }
            if p.rawValue < c.minPrice || p.rawValue > c.maxPrice { return .priceOutOfRange }
            return nil
        }
        if let trigger, invalid(trigger) != nil {
            emit(.rejected(id, .invalidTriggerPrice))
            return
        }
        if let price, let reason = invalid(price) {
            emit(.rejected(id, reason))
            return
        }
        var order = armed.remove(at: index)
        if let trigger {
            if case .takeProfit? = order.trigger {
                order.trigger = .takeProfit(trigger)
            } else {
                order.trigger = .stop(trigger)
            }
        }
        if let price { order.price = price }
        emit(.amended(id, price: order.price, quantity: Quantity(order.remaining), keptPriority: false))
        arm(order)
    }
}
