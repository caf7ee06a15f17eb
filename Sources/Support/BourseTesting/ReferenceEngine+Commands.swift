import BourseCore
import MatchingEngine

extension ReferenceEngine {
    /// "Submit": static checks, duplicate id, post-only, then accept and arm or execute.
    func submit(_ request: OrderRequest) {
        if let reason = configuration.staticRejectReason(for: request, now: clock) {
            emit(.rejected(request.id, reason))
            return
        }
        if isTaken(request.id) {
            emit(.rejected(request.id, .duplicateOrderID))
            return
        }
        if request.postOnly && wouldTake(request.side, price: request.price) {
            emit(.rejected(request.id, .postOnlyWouldTake))
            return
        }
        let order = accept(request)
        if request.trigger != nil {
            arm(order)
        } else {
            execute(order)
        }
    }

    /// "Cancel": a live order (resting or armed) of that account.
    func cancel(_ id: OrderID, account: AccountID) {
        guard let order = liveOrder(id), order.account == account else {
            emit(.rejected(id, .unknownOrder))
            return
        }
        let (removed, wasResting) = removeLive(id)!
        emit(.cancelled(id, .userRequested, remaining: Quantity(removed.remaining)))
        if wasResting {
            emitLevel(removed.side, removed.price)
        }
        applyEndRules(removed)
    }

    /// "CancelAll": the account's live orders in acceptance order; bracket entries release their legs.
    func cancelAll(_ account: AccountID) {
        let ids = (book + armed).filter { $0.account == account }.sorted { $0.acceptance < $1.acceptance }.map(\.id)
        for id in ids {
            guard let (order, wasResting) = removeLive(id) else { continue }
            emit(.cancelled(id, .massCancel, remaining: Quantity(order.remaining)))
            if wasResting {
                emitLevel(order.side, order.price)
            }
            applyEndRules(order, massCancel: true)
        }
    }

    /// "Amend": validation, then keep priority, lose it at the same price, or re-execute at a new price.
    func amend(_ id: OrderID, account: AccountID, price: Price?, quantity: Quantity?) {
        guard let live = liveOrder(id), live.account == account else {
            emit(.rejected(id, .unknownOrder))
            return
        }
        guard let index = book.firstIndex(where: { $0.id == id }) else {
            emit(.rejected(id, .notAmendable))
            return
        }
        var order = book[index]
        let newPrice = price ?? order.price
        let newQuantity = quantity?.rawValue ?? order.remaining
        if let reason = amendRejectReason(price: newPrice.rawValue, quantity: newQuantity) {
            emit(.rejected(id, reason))
            return
        }
        if newPrice == order.price {
            let keepsPriority = newQuantity <= order.remaining
            if keepsPriority {
                order.visible = order.display > 0 ? min(order.visible, newQuantity) : newQuantity
                order.remaining = newQuantity
            } else {
                order.remaining = newQuantity
                order.visible = order.initialVisible
                order.priority = nextPriority()
            }
            book[index] = order
            emit(.amended(id, price: newPrice, quantity: Quantity(newQuantity), keptPriority: keepsPriority))
            emitLevel(order.side, order.price)
            return
        }
        if order.postOnly && wouldTake(order.side, price: newPrice) {
            emit(.rejected(id, .postOnlyWouldTake))
            return
        }
        book.remove(at: index)
        emit(.amended(id, price: newPrice, quantity: Quantity(newQuantity), keptPriority: false))
        emitLevel(order.side, order.price)
        order.price = newPrice
        order.remaining = newQuantity
        order.visible = 0
        execute(order)
    }

    /// Amend's own checks: the price like a limit price, the size without the minimum.
    private func amendRejectReason(price: Int64, quantity: Int64) -> RejectReason? {
        let c = configuration
        if price <= 0 { return .invalidPrice }
        if price % c.tickSize != 0 { return .priceOffTick }
        if price < c.minPrice || price > c.maxPrice { return .priceOutOfRange }
        if quantity <= 0 { return .invalidQuantity }
        if quantity % c.lotSize != 0 { return .quantityOffLot }
        if quantity > c.maxQuantity { return .quantityAboveMaximum }
        return nil
    }

    /// "OCO pairs": both legs accepted, triggered legs armed (first leg first), the untriggered one executed.
    func submitOCO(_ first: OrderRequest, _ second: OrderRequest) {
        func rejectBoth(_ reason: RejectReason) {
            emit(.rejected(first.id, reason))
            emit(.rejected(second.id, reason))
        }
        if let reason = configuration.staticRejectReason(forOCO: first, second, now: clock) {
            rejectBoth(reason)
            return
        }
        if isTaken(first.id) || isTaken(second.id) {
            rejectBoth(.duplicateOrderID)
            return
        }
        let untriggered = [first, second].first { $0.trigger == nil }
        if let leg = untriggered, leg.postOnly && wouldTake(leg.side, price: leg.price) {
            rejectBoth(.postOnlyWouldTake)
            return
        }
        let firstOrder = accept(first)
        let secondOrder = accept(second)
        ocoPartner[first.id] = second.id
        ocoPartner[second.id] = first.id
        for order in [firstOrder, secondOrder] where order.trigger != nil {
            arm(order)
        }
        for order in [firstOrder, secondOrder] where order.trigger == nil {
            execute(order)
        }
    }

    /// "Brackets": checks, leg ids reserved, entry accepted and executed.
    func submitBracket(_ bracket: BracketRequest) {
        let entry = bracket.entry
        if let reason = configuration.staticRejectReason(for: bracket, now: clock) {
            emit(.rejected(entry.id, reason))
            return
        }
        if [entry.id, bracket.takeProfitID, bracket.stopLossID].contains(where: isTaken) {
            emit(.rejected(entry.id, .duplicateOrderID))
            return
        }
        if entry.postOnly && wouldTake(entry.side, price: entry.price) {
            emit(.rejected(entry.id, .postOnlyWouldTake))
            return
        }
        reservedIDs.insert(bracket.takeProfitID)
        reservedIDs.insert(bracket.stopLossID)
        brackets[entry.id] = bracket
        execute(accept(entry))
    }
}
