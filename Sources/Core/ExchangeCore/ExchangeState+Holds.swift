import BourseCore
import Ledger
import MatchingEngine

extension ExchangeState {
    /// What an order must have on hold: a sell its base size; a buy its limit (or protection) price × size in
    /// quote, or its quote amount, plus the worst-case fee on that.
    func requirement(_ m: Market, _ r: OrderRequest) throws(ExchangeError) -> (AssetID, Int64) {
        try requirement(m, side: r.side, limit: r.price.rawValue, quantity: r.quantity.rawValue, quoteAmount: r.quoteAmount)
    }

    func requirement(_ m: Market, side: Side, limit: Int64, quantity: Int64, quoteAmount: Int64) throws(ExchangeError)
        -> (AssetID, Int64)
    {
        if side == .sell { return (m.base, try multiply(quantity, m.baseFactor)) }
        let notional = quoteAmount > 0 ? quoteAmount : try multiply(limit, quantity)
        let amount = try multiply(notional, m.quoteFactor)
        let (total, overflow) = amount.addingReportingOverflow(
            FeeSchedule.fee(on: amount, rate: m.definition.fees.worstRate))
        if overflow { throw ExchangeError(.amountOverflow, "order value does not fit in 64 bits") }
        return (m.quote, total)
    }

    func multiply(_ a: Int64, _ b: Int64) throws(ExchangeError) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow || product < 0 { throw ExchangeError(.amountOverflow, "order value does not fit in 64 bits") }
        return product
    }

    /// What a hold group needs after `member`'s terms change to `changed`: the largest requirement of its live
    /// members (at most one of them can trade).
    func groupRequirement(_ group: UInt64, replacing member: OrderID, with changed: LiveOrder) throws(ExchangeError)
        -> Int64
    {
        var needed: Int64 = 0
        for (id, order) in live where order.group == group {
            let o = id == member ? changed : order
            let (_, amount) = try requirement(
                markets[o.market], side: o.side, limit: o.limit, quantity: o.remaining, quoteAmount: 0)
            needed = max(needed, amount)
        }
        return needed
    }

    func checkAvailable(_ account: AccountID, _ asset: AssetID, _ amount: Int64) throws(ExchangeError) {
        let available = ledger.balance(account, asset).available
        if available < amount {
            let a = ledger.asset(asset)
            throw ExchangeError(
                .insufficientBalance,
                "needs \(a.format(amount)) \(a.symbol) available, account has \(a.format(available))")
        }
    }

    func hold(_ account: AccountID, _ asset: AssetID, _ amount: Int64) throws(ExchangeError) {
        do { try ledger.hold(account, asset, amount) } catch { throw ExchangeError(error) }
        touch(account, asset)
    }

    func newGroup(account: AccountID, asset: AssetID, amount: Int64, members: Int) -> UInt64 {
        let id = nextGroupID
        nextGroupID += 1
        groups[id] = HoldGroup(account: account, asset: asset, amount: amount, members: members)
        return id
    }

    /// Sets a group's hold to `amount`, taking the difference from or giving it back to `available`.
    /// - Precondition: the account has the difference available (checked before the engine ran).
    func resizeGroup(_ id: UInt64, to amount: Int64) {
        let g = groups[id]!
        if amount > g.amount {
            do { try ledger.hold(g.account, g.asset, amount - g.amount) } catch {
                preconditionFailure("hold increase was checked before the amendment: \(error)")
            }
        } else {
            ledger.release(g.account, g.asset, g.amount - amount)
        }
        groups[id]!.amount = amount
        touch(g.account, g.asset)
    }

    /// Pays `amount` out of a group's hold (the ledger moves the money; this keeps the group's count).
    func debitGroup(_ id: UInt64, _ amount: Int64) {
        groups[id]!.amount -= amount
        precondition(groups[id]!.amount >= 0, "a hold group paid out more than it held")
    }

    /// Records a new order: its exchange view, its live terms and its client id.
    func register(_ m: Market, _ r: OrderRequest, spec: OrderSpec?, group: UInt64, parent: OrderID? = nil) {
        let type: OrderType
        if let spec { type = spec.type } else if r.trigger != nil {
            type = r.kind == .limit ? .stopLimit : .stopMarket
        } else {
            type = r.kind == .limit ? .limit : .market
        }
        orders[r.id] = OrderRecord(
            id: r.id, clientOrderID: spec?.clientOrderID, account: r.account, symbol: m.symbol, side: r.side, type: type,
            price: r.price.rawValue == 0 ? nil : r.price, triggerPrice: r.trigger?.price, quantity: r.quantity,
            quoteAmount: r.isQuoteOrder ? r.quoteAmount : nil, filled: .zero, filledNotional: 0, remaining: r.quantity,
            status: r.trigger == nil ? .new : .untriggered, timeInForce: r.timeInForce, postOnly: r.postOnly,
            reason: nil, parentID: parent, createdAt: time, updatedAt: time)
        live[r.id] = LiveOrder(
            market: m.index, account: r.account, side: r.side, limit: r.price.rawValue, isMarket: r.kind == .market,
            remaining: r.quantity.rawValue, group: group, legsGroup: nil)
        openOrders[r.account, default: []].insert(r.id)
        indexOrder(r.id, account: r.account)
        registeredThisCommand.insert(r.id)
        if let client = spec?.clientOrderID { clientOrderIDs[r.account, default: [:]][client] = r.id }
    }

    /// Adds an order to its account's ascending index: at the end, except bracket legs, which come alive after
    /// orders with higher ids were placed.
    func indexOrder(_ id: OrderID, account: AccountID) {
        guard let last = accountOrders[account]?.last, last > id else {
            accountOrders[account, default: []].append(id)  // mutated in place: no copy per order
            return
        }
        let at = accountOrders[account]!.partitioningIndex { $0 > id }
        accountOrders[account]!.insert(id, at: at)
    }

    /// An order left the book for good: its group loses a member, and gives back what is left when it has none.
    func finish(_ id: OrderID) {
        guard let order = live.removeValue(forKey: id) else { return }
        openOrders[order.account]?.remove(id)
        groups[order.group]!.members -= 1
        releaseIfDone(order.group)
        finishedThisCommand.append(id)
    }

    func releaseIfDone(_ id: UInt64) {
        guard let g = groups[id], g.members == 0, !g.awaitingLegs else { return }
        ledger.release(g.account, g.asset, g.amount)
        touch(g.account, g.asset)
        groups[id] = nil
    }

    /// Brackets whose entry finished in this command without activating its legs (nothing filled, or
    /// cancel-all): the legs' hold goes back.
    func settleFinishedOrders() {
        for id in finishedThisCommand {
            guard let b = brackets[id], live[id] == nil else { continue }
            brackets[id] = nil
            bracketLegs[b.takeProfitID] = nil
            bracketLegs[b.stopLossID] = nil
            groups[b.legsGroup]!.awaitingLegs = false
            releaseIfDone(b.legsGroup)
        }
    }
}

extension ExchangeState {
    /// Checks the exchange's invariants; returns the first violation, or `nil`:
    /// conservation per asset (the ledger's), every account's `onHold` equals the sum of its hold groups, every
    /// group has a non-negative amount, every live order's group exists and counts it.
    public func checkInvariants() -> String? {
        if let problem = ledger.checkConservation() { return problem }
        var held: [UInt64: Int64] = [:]
        var members: [UInt64: Int] = [:]
        for (id, g) in groups {
            if g.amount < 0 { return "hold group \(id) is negative" }
            held[UInt64(g.account.rawValue) << 16 | UInt64(g.asset.rawValue), default: 0] += g.amount
        }
        for (id, order) in live {
            guard groups[order.group] != nil else { return "order \(id) has no hold group" }
            members[order.group, default: 0] += 1
        }
        for (id, g) in groups where members[id, default: 0] != g.members {
            return "hold group \(id) counts \(g.members) members, \(members[id, default: 0]) are live"
        }
        for account in ledger.accountIDs {
            for (i, balance) in ledger.balances(account).enumerated() {
                let key = UInt64(account.rawValue) << 16 | UInt64(i)
                if balance.onHold != held[key, default: 0] {
                    return "account \(account) asset \(ledger.assets[i].symbol): on hold \(balance.onHold), groups \(held[key, default: 0])"
                }
            }
        }
        return nil
    }
}
