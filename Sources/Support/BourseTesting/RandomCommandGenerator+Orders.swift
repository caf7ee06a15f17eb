import BourseCore
import MatchingEngine

extension RandomCommandGenerator {
    /// A limit order of any time in force, sometimes post-only or an iceberg, usually passive.
    mutating func limitOrder() -> OrderRequest {
        let side = randomSide()
        var quantity = randomQuantity()
        let timeInForce = limitTimeInForce()
        let canRest = timeInForce != .ioc && timeInForce != .fok
        var display = Quantity.zero
        if canRest && rng.chance(12) {
            let lots = max(parameters.minLots, rng.int(in: 6...40))
            quantity = Quantity(lots * parameters.lotSize)
            display = Quantity(rng.int(in: 1...5) * parameters.lotSize)
        }
        return OrderRequest(
            id: newID(), account: randomAccount(), side: side, kind: .limit,
            price: price(side, ticksAway: rng.int(in: -2...8)), quantity: quantity, timeInForce: timeInForce,
            postOnly: canRest && rng.chance(15), displayQuantity: display, selfTradePrevention: randomSTP())
    }

    /// A market order by base size, IOC or FOK, sometimes with a protection price.
    mutating func marketOrder() -> OrderRequest {
        let side = randomSide()
        let protection = rng.chance(30) ? price(side, ticksAway: -rng.int(in: 0...4)) : .zero
        return OrderRequest(
            id: newID(), account: randomAccount(), side: side, kind: .market, price: protection,
            quantity: randomQuantity(), timeInForce: rng.chance(85) ? .ioc : .fok, selfTradePrevention: randomSTP())
    }

    /// A market buy by quote amount (rarely a whole number of lots at the mid).
    mutating func quoteOrder() -> OrderRequest {
        let midPrice = midTicks * parameters.tickSize
        let amount = midPrice * rng.int(in: 1...15) * parameters.lotSize + rng.int(in: 0...midPrice)
        let protection = rng.chance(30) ? price(.buy, ticksAway: -rng.int(in: 0...4)) : .zero
        return OrderRequest(
            id: newID(), account: randomAccount(), side: .buy, kind: .market, price: protection, quantity: .zero,
            quoteAmount: amount, timeInForce: .ioc, selfTradePrevention: randomSTP())
    }

    /// A stop or take-profit, market or limit, with a trigger near the mid (often already reached).
    mutating func triggeredOrder(account: AccountID? = nil, side: Side? = nil, kind: Bool? = nil) -> OrderRequest {
        let side = side ?? randomSide()
        let isStop = kind ?? rng.chance(50)
        let triggerTicks = midTicks + (rng.int(in: -2...4)) * (isStop == (side == .buy) ? 1 : -1)
        let triggerPrice = Price(max(1, triggerTicks) * parameters.tickSize)
        let trigger: OrderTrigger = isStop ? .stop(triggerPrice) : .takeProfit(triggerPrice)
        let isLimit = rng.chance(50)
        var limit = Price.zero
        var timeInForce: TimeInForce = rng.chance(85) ? .ioc : .fok
        if isLimit {
            limit = Price(max(1, triggerTicks + rng.int(in: -2...2)) * parameters.tickSize)
            switch rng.int(in: 0...99) {
            case ..<65: timeInForce = .gtc
            case ..<80: timeInForce = .gtd(expiresAt: now + rng.int(in: 5...80))
            case ..<92: timeInForce = .ioc
            default: timeInForce = .fok
            }
        } else if rng.chance(20) {
            limit = price(side, ticksAway: -rng.int(in: 0...6))
        }
        return OrderRequest(
            id: newID(), account: account ?? randomAccount(), side: side, kind: isLimit ? .limit : .market,
            price: limit, quantity: randomQuantity(), timeInForce: timeInForce, trigger: trigger,
            selfTradePrevention: randomSTP())
    }

    /// A submit that breaks one rule (static checks, or a duplicate id).
    mutating func invalidOrder() -> OrderRequest {
        var order = limitOrder()
        let tick = parameters.tickSize
        let lot = parameters.lotSize
        switch rng.int(in: 0...15) {
        case 0: order.price = Price(tick > 1 ? order.price.rawValue + 1 : 0)
        case 1: order.price = Price(-order.price.rawValue)
        case 2: order.quantity = Quantity(lot > 1 ? order.quantity.rawValue + 1 : 0)
        case 3: order.quantity = .zero
        case 4: order.quantity = Quantity(-lot)
        case 5: order.quantity = Quantity((parameters.maxLots + 1) * lot)
        case 6: order.quantity = Quantity((parameters.minLots - 1) * lot)
        case 7: order.timeInForce = .gtd(expiresAt: now - rng.int(in: 0...5))
        case 8: order.id = takenID()
        case 9:
            order.kind = .market
            order.timeInForce = rng.chance(50) ? .gtc : .gtd(expiresAt: now + 10)
        case 10:
            order.timeInForce = .ioc
            order.postOnly = true
        case 11:
            order.timeInForce = .gtc
            order.displayQuantity = Quantity(order.quantity.rawValue + lot * rng.int(in: 0...1))
        case 12:
            order = triggeredOrder()
            order.trigger = rng.chance(50) ? .stop(.zero) : .takeProfit(Price(tick > 1 ? tick + 1 : -tick))
        case 13:
            order = quoteOrder()
            if rng.chance(50) { order.side = .sell } else { order.timeInForce = .fok }
        case 14: order.price = Price(1_000_001 * tick)
        default:
            // A protection price off the grid (or negative on a grid of 1).
            order = marketOrder()
            order.price = Price(tick > 1 ? midTicks * tick + 1 : -tick)
        }
        return order
    }
}
