import BourseCore
import MatchingEngine

extension ReferenceEngine {
    /// A bracket whose entry finished with `filledQuantity > 0`, waiting to accept its legs.
    struct PendingActivation {
        let bracket: BracketRequest
        let filledQuantity: Int64
    }

    /// Step 2 of `process`: expires GTD orders whose time has come, oldest deadline first.
    func expireOrders() {
        let due = (book + armed).filter { order in
            guard let expiresAt = order.expiresAt else { return false }
            return expiresAt <= clock
        }
        let ordered = due.sorted { ($0.expiresAt!, $0.acceptance) < ($1.expiresAt!, $1.acceptance) }
        for candidate in ordered {
            // Skipped when something earlier in this step (an OCO partner cancel, say) finished it.
            guard let (order, wasResting) = removeLive(candidate.id) else { continue }
            emit(.expired(order.id, remaining: Quantity(order.remaining)))
            if wasResting {
                emitLevel(order.side, order.price)
            }
            applyEndRules(order)
            drainActivations()
        }
    }

    /// Step 5 of `process`: fires armed orders at the last price, smallest arm number first, until none fires.
    func runTriggerLoop() {
        while let last = lastTradePrice {
            var chosen: Int?
            for index in armed.indices {
                let order = armed[index]
                guard order.trigger!.fires(for: order.side, last: last) else { continue }
                if chosen == nil || order.armNumber < armed[chosen!].armNumber {
                    chosen = index
                }
            }
            guard let index = chosen else { return }
            let order = armed.remove(at: index)
            emit(.triggered(order.id))
            applyOCORule(order.id)
            execute(order)
            drainActivations()
        }
    }

    /// The OCO rule: cancels the partner of `id` if it is still live, and dissolves the pair.
    func applyOCORule(_ id: OrderID) {
        guard let partnerID = ocoPartner.removeValue(forKey: id) else { return }
        ocoPartner.removeValue(forKey: partnerID)
        guard let (partner, wasResting) = removeLive(partnerID) else { return }
        emit(.cancelled(partner.id, .ocoPartner, remaining: Quantity(partner.remaining)))
        if wasResting {
            emitLevel(partner.side, partner.price)
        }
        applyEndRules(partner)
    }

    /// End rules for an order that finished (filled, cancelled, expired): OCO rule, then its bracket's
    /// activation (or, after a mass cancel or with nothing filled, the release of the leg ids).
    func applyEndRules(_ order: ReferenceOrder, massCancel: Bool = false) {
        applyOCORule(order.id)
        guard let bracket = brackets.removeValue(forKey: order.id) else { return }
        if order.filled > 0 && !massCancel {
            activationQueue.append(PendingActivation(bracket: bracket, filledQuantity: order.filled))
        } else {
            reservedIDs.remove(bracket.takeProfitID)
            reservedIDs.remove(bracket.stopLossID)
        }
    }

    /// Runs queued bracket activations FIFO, including those queued meanwhile, until none is left.
    func drainActivations() {
        while !activationQueue.isEmpty {
            activate(activationQueue.removeFirst())
        }
    }

    /// Accepts and arms the stop-loss leg, then accepts and executes the take-profit leg; the two form an OCO
    /// pair before the take-profit leg can trade.
    private func activate(_ activation: PendingActivation) {
        let bracket = activation.bracket
        let entry = bracket.entry
        let side = entry.side.opposite
        let quantity = Quantity(activation.filledQuantity)
        reservedIDs.remove(bracket.takeProfitID)
        reservedIDs.remove(bracket.stopLossID)
        let stopLoss = OrderRequest(
            id: bracket.stopLossID, account: entry.account, side: side,
            kind: bracket.stopLossLimit == nil ? .market : .limit, price: bracket.stopLossLimit ?? .zero,
            quantity: quantity, timeInForce: bracket.stopLossLimit == nil ? .ioc : .gtc,
            trigger: .stop(bracket.stopLossTrigger), selfTradePrevention: entry.selfTradePrevention)
        let takeProfit = OrderRequest(
            id: bracket.takeProfitID, account: entry.account, side: side, kind: .limit,
            price: bracket.takeProfitPrice, quantity: quantity, timeInForce: .gtc,
            selfTradePrevention: entry.selfTradePrevention)
        arm(accept(stopLoss))
        let takeProfitOrder = accept(takeProfit)
        ocoPartner[stopLoss.id] = takeProfit.id
        ocoPartner[takeProfit.id] = stopLoss.id
        execute(takeProfitOrder)
    }
}
