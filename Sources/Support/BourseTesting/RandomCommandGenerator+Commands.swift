import BourseCore
import MatchingEngine

extension RandomCommandGenerator {
    /// An OCO pair: usually a limit plus a stop, sometimes two triggered legs, sometimes invalid.
    mutating func ocoCommand() -> EngineCommand {
        let account = randomAccount()
        let side = randomSide()
        var first: OrderRequest
        var second: OrderRequest
        let shape = rng.int(in: 0...99)
        if shape < 65 {
            // Take profit as a resting limit, protection as a stop on the other side of the mid.
            first = limitOrder()
            first.account = account
            first.side = side
            first.price = price(side, ticksAway: rng.int(in: 1...6))
            first.displayQuantity = .zero
            if rng.chance(20) { first.timeInForce = rng.chance(50) ? .ioc : .fok }
            first.postOnly = first.canRest && rng.chance(20)
            second = triggeredOrder(account: account, side: side, kind: true)
        } else {
            first = triggeredOrder(account: account, side: side, kind: true)
            second = triggeredOrder(account: account, side: side, kind: false)
        }
        if rng.chance(30) { swap(&first, &second) }
        switch shape {
        case 85..<89: second.account = AccountID(account.rawValue % parameters.accounts + 1)
        case 89..<92: second.side = side.opposite
        case 92..<94: second.id = first.id
        case 94...: if rng.chance(50) { first.id = takenID() } else { second.id = takenID() }
        default: break
        }
        return .oco(first, second)
    }

    /// A bracket around a limit or market entry; sometimes with inconsistent legs or a taken id.
    mutating func bracketCommand() -> EngineCommand {
        var entry = rng.chance(70) ? limitOrder() : marketOrder()
        entry.displayQuantity = rng.chance(90) ? .zero : entry.displayQuantity
        if entry.kind == .limit {
            entry.price = price(entry.side, ticksAway: rng.int(in: -3...3))
        }
        let reference = entry.kind == .limit ? entry.price.rawValue / parameters.tickSize : midTicks
        let direction: Int64 = entry.side == .buy ? 1 : -1
        var takeProfitTicks = reference + direction * rng.int(in: 1...6)
        var stopTicks = reference - direction * rng.int(in: 1...6)
        if rng.chance(6) { swap(&takeProfitTicks, &stopTicks) }
        let tick = parameters.tickSize
        var stopLimit: Price?
        if rng.chance(40) { stopLimit = Price(max(1, stopTicks + rng.int(in: -2...2)) * tick) }
        var bracket = BracketRequest(
            entry: entry, takeProfitID: newID(), takeProfitPrice: Price(max(1, takeProfitTicks) * tick),
            stopLossID: newID(), stopLossTrigger: Price(max(1, stopTicks) * tick), stopLossLimit: stopLimit)
        switch rng.int(in: 0...99) {
        case ..<3: bracket.takeProfitID = rng.chance(50) ? takenID() : entry.id
        case ..<5: bracket.stopLossID = takenID()
        case ..<6: bracket.takeProfitPrice = Price(bracket.takeProfitPrice.rawValue + (tick > 1 ? 1 : -1_000_000))
        default: break
        }
        legIDs.append(bracket.takeProfitID)
        legIDs.append(bracket.stopLossID)
        if legIDs.count > 20 { legIDs.removeFirst(2) }
        bracketEntries.append(entry.id)
        if bracketEntries.count > 10 { bracketEntries.removeFirst() }
        return .bracket(bracket)
    }

    /// Usually a cancel of a live order; sometimes a wrong account, an unknown or an old id.
    mutating func cancelCommand() -> EngineCommand {
        let roll = rng.int(in: 0...99)
        if roll < 80, let (id, order) = randomTracked() {
            let account = rng.chance(5) ? AccountID(order.account.rawValue % parameters.accounts + 1) : order.account
            return .cancel(id, account: account)
        }
        if roll < 90 {
            return .cancel(OrderID(nextID + 1_000_000), account: randomAccount())
        }
        let old = rng.chance(50) && !legIDs.isEmpty ? rng.pick(legIDs) : OrderID(UInt64(rng.int(in: 1...Int64(nextID))))
        return .cancel(old, account: randomAccount())
    }

    /// An amend of a live order: price only, size only, both, unchanged, or invalid.
    mutating func amendCommand() -> EngineCommand {
        if rng.chance(25) { return rng.chance(50) ? amendBracketCommand() : amendTriggerCommand() }
        guard let (id, order) = randomTracked() else {
            return .amend(OrderID(nextID + 1_000_000), account: randomAccount(), price: nil, quantity: nil)
        }
        let lot = parameters.lotSize
        let lots = max(1, order.quantity.rawValue / lot)
        let smaller = Quantity(max(1, lots - rng.int(in: 1...max(1, lots))) * lot)
        let larger = Quantity((lots + rng.int(in: 1...10)) * lot)
        let newPrice = price(order.side, ticksAway: rng.int(in: -3...8))
        var account = order.account
        var price: Price?
        var quantity: Quantity?
        switch rng.int(in: 0...99) {
        case ..<25: price = newPrice
        case ..<40: quantity = smaller
        case ..<50: quantity = larger
        case ..<63:
            price = newPrice
            quantity = rng.chance(50) ? smaller : larger
        case ..<71:
            price = order.price
            quantity = order.quantity
        case ..<75: break
        case ..<80: price = order.price
        case ..<85:
            price = order.price
            quantity = larger
        case ..<88: price = Price(parameters.tickSize > 1 ? newPrice.rawValue + 1 : 0)
        case ..<91: quantity = rng.chance(50) ? .zero : Quantity(-lot)
        case ..<93: quantity = Quantity(lot > 1 ? smaller.rawValue + 1 : (parameters.maxLots + 1) * lot)
        case ..<95: price = Price(1_000_001 * parameters.tickSize)
        default: account = AccountID(order.account.rawValue % parameters.accounts + 1)
        }
        return .amend(id, account: account, price: price, quantity: quantity)
    }

    /// New terms for a recent bracket: entry price, take-profit, stop-loss trigger and limit, each maybe; sometimes
    /// on the wrong side, for a wrong account, or for an order that is no bracket entry.
    mutating func amendBracketCommand() -> EngineCommand {
        let entry = !bracketEntries.isEmpty && rng.chance(85) ? rng.pick(bracketEntries) : takenID()
        let order = tracked[entry]
        let side = order?.side ?? randomSide()
        var account = order?.account ?? randomAccount()
        if rng.chance(5) { account = AccountID(account.rawValue % parameters.accounts + 1) }
        let tick = parameters.tickSize
        var change = BracketAmendment(entry: entry, account: account)
        if rng.chance(35) { change.entryPrice = price(side, ticksAway: rng.int(in: -3...3)) }
        let reference = (change.entryPrice ?? order?.price ?? Price(midTicks * tick)).rawValue / tick
        let direction: Int64 = side == .buy ? 1 : -1
        var takeProfitTicks = reference + direction * rng.int(in: 1...6)
        var stopTicks = reference - direction * rng.int(in: 1...6)
        if rng.chance(8) { swap(&takeProfitTicks, &stopTicks) }
        if rng.chance(60) { change.takeProfitPrice = Price(max(1, takeProfitTicks) * tick) }
        if rng.chance(60) { change.stopLossTrigger = Price(max(1, stopTicks) * tick) }
        if rng.chance(30) { change.stopLossLimit = Price(max(1, stopTicks + rng.int(in: -2...2)) * tick) }
        if rng.chance(3) { change.takeProfitPrice = Price(tick > 1 ? takeProfitTicks * tick + 1 : 0) }
        return .amendBracket(change)
    }

    /// A new trigger and/or price for a tracked order (armed or not), sometimes invalid or for a wrong account.
    mutating func amendTriggerCommand() -> EngineCommand {
        guard let (id, order) = randomTracked() else {
            return .amendTrigger(OrderID(nextID + 1_000_000), account: randomAccount(), trigger: nil, price: nil)
        }
        var account = order.account
        if rng.chance(5) { account = AccountID(account.rawValue % parameters.accounts + 1) }
        let trigger: Price? = rng.chance(80) ? price(order.side, ticksAway: rng.int(in: -4...4)) : nil
        var limit: Price? = rng.chance(35) ? price(order.side, ticksAway: rng.int(in: -4...4)) : nil
        if rng.chance(3) { limit = Price(parameters.tickSize > 1 ? parameters.tickSize + 1 : 0) }
        return .amendTrigger(id, account: account, trigger: rng.chance(3) ? Price(0) : trigger, price: limit)
    }
}
