import BourseCore
import Ledger
import MatchingEngine

// Modifying a bracket position in one command. Every check runs before anything changes, so a refusal changes
// nothing; what happens afterwards cannot be refused any more.
extension ExchangeState {
    func modifyBracket(account: AccountID, market m: Market, _ reference: OrderReference, _ change: BracketChange)
        throws(ExchangeError) -> CommandReply
    {
        try requireAccount(account)
        let entryID = try bracketEntry(account, m, reference)
        guard !change.isEmpty else {
            throw ExchangeError(
                .invalidOrder, "give at least one of entry price, take-profit, stop-loss trigger or limit")
        }
        let takeProfitID = OrderID(entryID.rawValue + 1)
        let stopLossID = OrderID(entryID.rawValue + 2)
        if let pending = brackets[entryID] {
            try modifyPending(account, m, pending, change)
        } else {
            try modifyLive(account, m, entryID: entryID, takeProfitID: takeProfitID, stopLossID: stopLossID, change)
        }
        return .order(orders[entryID]!, otherIDs: [takeProfitID, stopLossID])
    }

    /// Whether `id` is a bracket's entry whose legs are pending or came alive (open or not).
    public func isBracketEntry(_ id: OrderID) -> Bool {
        if brackets[id] != nil { return true }
        return [OrderID(id.rawValue + 1), OrderID(id.rawValue + 2)].allSatisfy { orders[$0]?.parentID == id }
    }

    /// The entry of a bracket of `account` in market `m`: pending, or with legs that came alive (the legs are
    /// the two ids after the entry's, see ``placeBracket(account:market:_:)``).
    func bracketEntry(_ account: AccountID, _ m: Market, _ reference: OrderReference) throws(ExchangeError) -> OrderID {
        let id: OrderID?
        switch reference {
        case .id(let value): id = value
        case .client(let text): id = clientOrderIDs[account]?[text]
        }
        if let id, let record = orders[id], record.account == account, record.symbol == m.symbol,
            record.parentID == nil
        {
            if isBracketEntry(id) { return id }
        }
        throw ExchangeError(.unknownBracket, "no bracket with entry \(reference) of this account in \(m.symbol)")
    }

    // MARK: Entry still open

    /// The legs are terms stored in the engine and in ``PendingBracket``: checked with the placement rules against
    /// the entry's (new) price, then changed together with the entry's price in one engine command.
    func modifyPending(_ account: AccountID, _ m: Market, _ pending: PendingBracket, _ change: BracketChange)
        throws(ExchangeError)
    {
        let entryID = pending.entry
        guard let entry = live[entryID], var terms = m.engine.pendingBracket(entryID) else {
            preconditionFailure("pending bracket \(entryID) without a live entry in the engine")
        }
        if change.entryPrice != nil && entry.isMarket {
            throw ExchangeError(.invalidOrder, "a market entry has no price to change")
        }
        terms.entry.price = change.entryPrice ?? Price(entry.limit)
        terms.takeProfitPrice = change.takeProfitPrice ?? terms.takeProfitPrice
        terms.stopLossTrigger = change.stopLossTrigger ?? terms.stopLossTrigger
        terms.stopLossLimit = change.stopLossLimit ?? terms.stopLossLimit
        if let reason = m.engine.configuration.staticRejectReason(for: terms, now: time) {
            throw ExchangeError(reason)
        }
        if let price = change.entryPrice, price.rawValue != entry.limit {
            try checkPostOnly(m, terms.entry)
            try checkBand(m, side: entry.side, price: price.rawValue)
        }
        // Holds: a buy entry's own group follows its price; a sell entry's legs (buys) are held up front for the
        // entry's size at the worse of the two leg limits.
        var changedEntry = entry
        changedEntry.limit = terms.entry.price.rawValue
        let entryNeeded = try groupRequirement(entry.group, replacing: entryID, with: changedEntry)
        let entryGroup = groups[entry.group]!
        if entryNeeded > entryGroup.amount {
            try checkAvailable(account, entryGroup.asset, entryNeeded - entryGroup.amount)
        }
        var legsNeeded = groups[pending.legsGroup]!.amount
        if entry.side == .sell {
            let worst = max(terms.takeProfitPrice.rawValue, terms.stopLossLimit?.rawValue ?? 0)
            (_, legsNeeded) = try requirement(
                m, side: .buy, limit: worst, quantity: orders[entryID]!.quantity.rawValue, quoteAmount: 0)
            let legsGroup = groups[pending.legsGroup]!
            if legsNeeded > legsGroup.amount {
                try checkAvailable(account, legsGroup.asset, legsNeeded - legsGroup.amount)
            }
        }
        // Checked: from here on nothing can be refused. The exchange's copy of the terms changes first, since
        // the entry may fill at its new price and activate the legs inside the engine command.
        var updated = pending
        updated.takeProfitPrice = terms.takeProfitPrice.rawValue
        updated.stopLossTrigger = terms.stopLossTrigger.rawValue
        updated.stopLossLimit = terms.stopLossLimit?.rawValue ?? 0
        brackets[entryID] = updated
        let legsBefore = groups[pending.legsGroup]!.amount
        if legsNeeded != legsBefore { resizeGroup(pending.legsGroup, to: legsNeeded) }
        let amendment = BracketAmendment(
            entry: entryID, account: account, entryPrice: change.entryPrice, takeProfitPrice: change.takeProfitPrice,
            stopLossTrigger: change.stopLossTrigger, stopLossLimit: change.stopLossLimit)
        if let reason = runEngine(m, .amendBracket(amendment)) {
            // Not reachable (the engine's checks were made above); undo rather than leave two views apart.
            brackets[entryID] = pending
            if legsNeeded != legsBefore { resizeGroup(pending.legsGroup, to: legsBefore) }
            throw ExchangeError(reason)
        }
    }

    // MARK: Legs live

    /// The take-profit is amended like any resting order; the stop-loss, armed, gets a new trigger (and limit)
    /// and keeps its OCO link. A trigger the last price has already reached fires at once, as a new stop would.
    func modifyLive(
        _ account: AccountID, _ m: Market, entryID: OrderID, takeProfitID: OrderID, stopLossID: OrderID,
        _ change: BracketChange
    ) throws(ExchangeError) {
        if change.entryPrice != nil {
            throw ExchangeError(
                .invalidOrder, "the entry of bracket \(entryID) has finished; its price can no longer change")
        }
        let configuration = m.engine.configuration
        let changesStop = change.stopLossTrigger != nil || change.stopLossLimit != nil
        let takeProfit = live[takeProfitID]
        let stopLoss = live[stopLossID]
        if change.takeProfitPrice != nil && takeProfit == nil {
            throw ExchangeError(.bracketClosed, "the take-profit leg \(takeProfitID) is no longer open")
        }
        if changesStop && (stopLoss == nil || orders[stopLossID]!.status != .untriggered) {
            throw ExchangeError(.bracketClosed, "the stop-loss leg \(stopLossID) is no longer waiting for its trigger")
        }
        if let price = change.takeProfitPrice, let reason = configuration.priceError(price.rawValue) {
            throw ExchangeError(reason)
        }
        if let trigger = change.stopLossTrigger, configuration.priceError(trigger.rawValue) != nil {
            throw ExchangeError(.invalidTriggerPrice)
        }
        if let limit = change.stopLossLimit {
            if let reason = configuration.priceError(limit.rawValue) { throw ExchangeError(reason) }
            if stopLoss!.isMarket {
                throw ExchangeError(
                    .invalidOrder, "the stop-loss leg \(stopLossID) is a stop-market; it has no limit to change")
            }
        }
        // The placement rule that still applies with both legs open: a long takes profit above its stop, a
        // short below. (Moving the stop past the entry price, to lock in a gain, is allowed.)
        let newTakeProfit = change.takeProfitPrice?.rawValue ?? orders[takeProfitID]!.price?.rawValue ?? 0
        let newTrigger = change.stopLossTrigger?.rawValue ?? orders[stopLossID]!.triggerPrice?.rawValue ?? 0
        if takeProfit != nil && stopLoss != nil {
            let legSide = stopLoss!.side
            if legSide == .sell ? !(newTrigger < newTakeProfit) : !(newTrigger > newTakeProfit) {
                throw ExchangeError(.invalidBracket)
            }
        }
        if let price = change.takeProfitPrice { try checkBand(m, side: takeProfit!.side, price: price.rawValue) }
        // Holds: the legs share one group covering the worse of them. It is resized after each of the two engine
        // commands (stop-loss first), so the larger of the intermediate and the final need must be available.
        if let group = (takeProfit ?? stopLoss).map({ groups[$0.group]! }) {
            func need(_ order: LiveOrder?, limit: Int64?) throws(ExchangeError) -> Int64 {
                guard let order else { return 0 }
                return try requirement(
                    m, side: order.side, limit: limit ?? order.limit, quantity: order.remaining, quoteAmount: 0
                ).1
            }
            let stopNeed = try need(stopLoss, limit: change.stopLossLimit?.rawValue)
            let intermediate = max(stopNeed, try need(takeProfit, limit: nil))
            let final = max(stopNeed, try need(takeProfit, limit: change.takeProfitPrice?.rawValue))
            let needed = max(intermediate, final)
            if needed > group.amount { try checkAvailable(account, group.asset, needed - group.amount) }
        }
        // Checked: from here on nothing can be refused.
        if changesStop {
            let before = orders[stopLossID]!.triggerPrice
            if let trigger = change.stopLossTrigger { orders[stopLossID]!.triggerPrice = trigger }
            let command = EngineCommand.amendTrigger(
                stopLossID, account: account, trigger: change.stopLossTrigger, price: change.stopLossLimit)
            if let reason = runEngine(m, command) {
                orders[stopLossID]!.triggerPrice = before
                throw ExchangeError(reason)
            }
        }
        // A stop that fired at once has cancelled the take-profit as its OCO partner: nothing left to change.
        if let price = change.takeProfitPrice, live[takeProfitID] != nil {
            let command = EngineCommand.amend(takeProfitID, account: account, price: price, quantity: nil)
            if let reason = runEngine(m, command) { throw ExchangeError(reason) }
        }
    }
}
