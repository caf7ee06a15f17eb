import BourseCore

// Amending what waits: a pending bracket's legs and an armed order's trigger. Rare paths, kept out of the loop.
extension EngineCore {
    /// New legs (and maybe a new entry price) for a bracket whose entry is resting. Everything is checked before
    /// anything changes; the legs alone change silently (they are not orders yet), a new entry price is then
    /// applied exactly as ``amend(_:account:price:quantity:)`` does (and may trade at once, activating the legs
    /// with their new terms).
    mutating func amendBracket(_ change: BracketAmendment) {
        let id = change.entry.rawValue
        guard let value = locate(id), value >= 0, pool.nodes[Int(value)].account == change.account.rawValue,
            var legs = brackets[id]?.request
        else {
            emit(.rejected(change.entry, .unknownOrder))
            return
        }
        let node = pool.nodes[Int(value)]
        let newPrice = change.entryPrice?.rawValue ?? node.price
        if let reason = configuration.priceError(newPrice) {
            emit(.rejected(change.entry, reason))
            return
        }
        legs.entry.price = Price(newPrice)
        if let p = change.takeProfitPrice { legs.takeProfitPrice = p }
        if let p = change.stopLossTrigger { legs.stopLossTrigger = p }
        if let p = change.stopLossLimit { legs.stopLossLimit = p }
        if let reason = configuration.staticRejectReason(for: legs, now: clock) {
            emit(.rejected(change.entry, reason))
            return
        }
        if newPrice != node.price && node.flags & OrderNode.postOnly != 0 && wouldTake(side: node.side, price: newPrice)
        {
            emit(.rejected(change.entry, .postOnlyWouldTake))
            return
        }
        brackets[id] = BracketLegs(request: legs)
        if change.entryPrice != nil {
            amend(id, account: change.account.rawValue, price: change.entryPrice, quantity: nil)
        }
    }

    /// A new trigger and/or limit for an armed order of `account`: re-armed with the next arm number, keeping
    /// its acceptance number and OCO partner. Emits `amended(id, price, quantity, keptPriority: false)`.
    mutating func amendTrigger(_ id: UInt64, account: UInt32, trigger: Price?, price: Price?) {
        guard let value = locate(id), value != IndexTag.reserved else {
            emit(.rejected(OrderID(id), .unknownOrder))
            return
        }
        if value != IndexTag.armed {
            emit(.rejected(OrderID(id), pool.nodes[Int(value)].account == account ? .notAmendable : .unknownOrder))
            return
        }
        guard let position = armedPosition(id), armed[position].request.account.rawValue == account else {
            emit(.rejected(OrderID(id), .unknownOrder))
            return
        }
        var order = armed[position]
        if let trigger, configuration.priceError(trigger.rawValue) != nil {
            emit(.rejected(OrderID(id), .invalidTriggerPrice))
            return
        }
        if let price, let reason = configuration.priceError(price.rawValue) {
            emit(.rejected(OrderID(id), reason))
            return
        }
        if let trigger {
            switch order.request.trigger {
            case .takeProfit?: order.request.trigger = .takeProfit(trigger)
            default: order.request.trigger = .stop(trigger)
            }
        }
        if let price { order.request.price = price }
        armed.remove(at: position)
        arms &+= 1
        order.arm = arms
        armed.append(order)
        emit(
            .amended(
                OrderID(id), price: order.request.price, quantity: order.request.quantity, keptPriority: false))
    }
}
