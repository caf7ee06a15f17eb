import BourseCore
import Ledger
import MatchingEngine

extension ExchangeState {
    /// Runs one engine command and applies its events to orders, holds and balances.
    /// - Returns: the engine's rejection of the command itself, if any.
    @discardableResult
    func runEngine(_ m: Market, _ command: EngineCommand) -> RejectReason? {
        m.engine.process(command, now: time)
        var rejection: RejectReason?
        for sequenced in m.engine.events {
            switch sequenced.event {
            case .accepted(let id, let account, let side, let price, let quantity):
                accepted(m, id, account, side, price, quantity)
            case .rejected(let id, let reason):
                rejection = rejection ?? reason
                // Only an order being placed by this very command is itself rejected; a refused cancel or
                // amend leaves its order as it was.
                if registeredThisCommand.contains(id), let record = orders[id], record.status.isOpen {
                    update(id) {
                        $0.status = .rejected
                        $0.reason = reason.code
                        $0.remaining = .zero
                    }
                    finish(id)
                }
            case .trade(let trade):
                settle(m, trade)
            case .partiallyFilled(let id, let remaining):
                live[id]?.remaining = remaining.rawValue
                update(id) {
                    $0.status = .partiallyFilled
                    $0.remaining = remaining
                }
            case .filled(let id):
                update(id) {
                    $0.status = .filled
                    $0.remaining = .zero
                }
                finish(id)
            case .cancelled(let id, let reason, _):
                update(id) {
                    $0.status = .cancelled
                    $0.reason = reason.description
                    $0.remaining = .zero
                }
                finish(id)
            case .expired(let id, _):
                update(id) {
                    $0.status = .expired
                    $0.remaining = .zero
                }
                finish(id)
            case .triggered(let id):
                update(id) { $0.status = $0.filled.rawValue > 0 ? .partiallyFilled : .new }
            case .amended(let id, let price, let quantity, _):
                amended(id, price: price.rawValue, quantity: quantity.rawValue)
            case .level(let side, let price, let quantity):
                events.append(.level(symbol: m.symbol, side: side, price: price, quantity: quantity))
            }
        }
        return rejection
    }

    /// Changes an order's record and publishes it.
    func update(_ id: OrderID, _ change: (inout OrderRecord) -> Void) {
        guard var record = orders[id] else { return }
        change(&record)
        record.updatedAt = time
        orders[id] = record
        events.append(.order(record))
    }

    func accepted(_ m: Market, _ id: OrderID, _ account: AccountID, _ side: Side, _ price: Price, _ quantity: Quantity) {
        if orders[id] != nil {
            update(id) { _ in }
            return
        }
        // A bracket leg coming alive: it joins the legs' hold group.
        guard let entryID = bracketLegs[id], let b = brackets[entryID] else {
            preconditionFailure("engine accepted order \(id) the exchange never sent")
        }
        let isStopLoss = id == b.stopLossID
        let kind: OrderKind = price.rawValue == 0 ? .market : .limit
        let request = OrderRequest(
            id: id, account: account, side: side, kind: kind, price: price, quantity: quantity,
            timeInForce: kind == .market ? .ioc : .gtc, trigger: isStopLoss ? .stop(Price(b.stopLossTrigger)) : nil)
        groups[b.legsGroup]!.members += 1
        register(m, request, spec: nil, group: b.legsGroup, parent: entryID)
        events.append(.order(orders[id]!))
        if !isStopLoss {
            // Both legs are live: the group covers the larger of the two from now on.
            brackets[entryID] = nil
            bracketLegs[b.takeProfitID] = nil
            bracketLegs[b.stopLossID] = nil
            groups[b.legsGroup]!.awaitingLegs = false
            if b.entrySide == .sell {
                let worst = max(b.takeProfitPrice, b.stopLossLimit)
                let needed =
                    (try? requirement(m, side: .buy, limit: worst, quantity: quantity.rawValue, quoteAmount: 0).1) ?? 0
                resizeGroup(b.legsGroup, to: min(needed, groups[b.legsGroup]!.amount))
            }
        }
    }

    func amended(_ id: OrderID, price: Int64, quantity: Int64) {
        guard var order = live[id] else { return }
        order.limit = price
        order.remaining = quantity
        live[id] = order
        if let needed = try? groupRequirement(order.group, replacing: id, with: order) {
            resizeGroup(order.group, to: needed)
        }
        update(id) {
            $0.price = price == 0 ? nil : Price(price)
            $0.quantity = Quantity($0.filled.rawValue + quantity)
            $0.remaining = Quantity(quantity)
        }
    }

    /// Moves the assets of one fill: base from the seller's hold to the buyer; quote from the buyer's hold to the
    /// seller, the fee account (both fees) and, under `house-spread`, the house.
    func settle(_ m: Market, _ t: Trade) {
        let buyerID = t.aggressor == .buy ? t.takerID : t.makerID
        let sellerID = t.aggressor == .buy ? t.makerID : t.takerID
        guard let buyer = live[buyerID], let seller = live[sellerID] else {
            preconditionFailure("trade between orders the exchange does not track")
        }
        let p = t.price.rawValue
        let q = t.quantity.rawValue
        let houseSpread = m.definition.policy == .houseSpread
        let buyerPrice = houseSpread && !buyer.isMarket ? buyer.limit : p
        let sellerPrice = houseSpread && !seller.isMarket ? seller.limit : p
        let fees = m.definition.fees
        let buyerRate = t.aggressor == .buy ? fees.takerRate : fees.makerRate
        let sellerRate = t.aggressor == .sell ? fees.takerRate : fees.makerRate
        // Cannot overflow: the buyer's hold covered buyerPrice × q in these units when it was placed.
        let base = q * m.baseFactor
        let cost = buyerPrice * q * m.quoteFactor
        let proceeds = sellerPrice * q * m.quoteFactor
        let buyerFee = FeeSchedule.fee(on: cost, rate: buyerRate)
        let sellerFee = FeeSchedule.fee(on: proceeds, rate: sellerRate)

        ledger.transfer(base, of: m.base, from: seller.account, fromHold: true, to: buyer.account,
            toHold: buyer.legsGroup != nil)
        debitGroup(seller.group, base)
        if let legs = buyer.legsGroup { groups[legs]!.amount += base }
        ledger.transfer(proceeds, of: m.quote, from: buyer.account, fromHold: true, to: seller.account)
        ledger.transfer(cost - proceeds, of: m.quote, from: buyer.account, fromHold: true, to: Self.houseAccount)
        ledger.transfer(buyerFee, of: m.quote, from: buyer.account, fromHold: true, to: Self.feeAccount)
        ledger.transfer(sellerFee, of: m.quote, from: seller.account, fromHold: false, to: Self.feeAccount)
        debitGroup(buyer.group, cost + buyerFee)
        for account in [buyer.account, seller.account, Self.feeAccount] {
            touch(account, m.base)
            touch(account, m.quote)
        }
        if cost != proceeds { touch(Self.houseAccount, m.quote) }

        for id in [t.makerID, t.takerID] {
            guard var record = orders[id] else { continue }
            record.filled.rawValue += q
            record.filledNotional += p * q
            record.updatedAt = time
            orders[id] = record
        }
        events.append(
            .trade(
                TradeRecord(
                    id: nextTradeID, symbol: m.symbol, price: t.price, quantity: t.quantity, aggressor: t.aggressor,
                    makerOrderID: t.makerID, takerOrderID: t.takerID, makerAccount: t.makerAccount,
                    takerAccount: t.takerAccount, time: time,
                    makerFee: t.aggressor == .buy ? sellerFee : buyerFee,
                    takerFee: t.aggressor == .buy ? buyerFee : sellerFee, feeAsset: ledger.asset(m.quote).symbol)))
        nextTradeID += 1
    }
}
