import BourseCore
import Ledger
import MatchingEngine

extension ExchangeState {
    // MARK: Place

    /// Pre-trade checks, hold, then the engine. Every check runs before anything changes.
    func place(account: AccountID, market m: Market, spec: OrderSpec) throws(ExchangeError) -> CommandReply {
        try requireAccount(account)
        try checkClientOrderID(account, spec.clientOrderID)
        let id = OrderID(nextOrderID)
        let request = try buildRequest(m, account: account, spec: spec, id: id)
        try checkStatic(m, request)
        let (asset, amount) = try requirement(m, request)
        try hold(account, asset, amount)
        nextOrderID += 1
        let group = newGroup(account: account, asset: asset, amount: amount, members: 1)
        register(m, request, spec: spec, group: group)
        runEngine(m, .submit(request))
        return .order(orders[id]!, otherIDs: [])
    }

    func placeOCO(account: AccountID, market m: Market, _ first: OrderSpec, _ second: OrderSpec) throws(ExchangeError)
        -> CommandReply
    {
        try requireAccount(account)
        try checkClientOrderID(account, first.clientOrderID)
        try checkClientOrderID(account, second.clientOrderID)
        if let a = first.clientOrderID, a == second.clientOrderID {
            throw ExchangeError(.duplicateClientOrderID, "the two legs need different client order ids")
        }
        let a = try buildRequest(m, account: account, spec: first, id: OrderID(nextOrderID))
        let b = try buildRequest(m, account: account, spec: second, id: OrderID(nextOrderID + 1))
        if let reason = m.engine.configuration.staticRejectReason(forOCO: a, b, now: time) {
            throw ExchangeError(reason)
        }
        for r in [a, b] where r.trigger == nil { try checkPostOnly(m, r) }
        let (asset, amountA) = try requirement(m, a)
        let (_, amountB) = try requirement(m, b)
        let amount = max(amountA, amountB)
        try hold(account, asset, amount)
        nextOrderID += 2
        let group = newGroup(account: account, asset: asset, amount: amount, members: 2)
        register(m, a, spec: first, group: group)
        register(m, b, spec: second, group: group)
        runEngine(m, .oco(a, b))
        return .order(orders[a.id]!, otherIDs: [b.id])
    }

    func placeBracket(account: AccountID, market m: Market, _ spec: BracketSpec) throws(ExchangeError)
        -> CommandReply
    {
        try requireAccount(account)
        try checkClientOrderID(account, spec.entry.clientOrderID)
        guard spec.entry.type == .limit || spec.entry.type == .market, spec.entry.quantity != nil else {
            throw ExchangeError(.invalidOrder, "a bracket entry is a limit or market order with a base size")
        }
        let entryID = OrderID(nextOrderID)
        let entry = try buildRequest(m, account: account, spec: spec.entry, id: entryID)
        var stopLossLimit = spec.stopLossLimit
        if entry.side == .sell && stopLossLimit == nil {
            // A short's stop-loss buys: an unbounded market buy could cost more than any hold.
            stopLossLimit = try bandEdge(m, from: spec.stopLossTrigger.rawValue, side: .buy)
        }
        let bracket = BracketRequest(
            entry: entry, takeProfitID: OrderID(nextOrderID + 1), takeProfitPrice: spec.takeProfitPrice,
            stopLossID: OrderID(nextOrderID + 2), stopLossTrigger: spec.stopLossTrigger, stopLossLimit: stopLossLimit)
        if let reason = m.engine.configuration.staticRejectReason(for: bracket, now: time) {
            throw ExchangeError(reason)
        }
        try checkPostOnly(m, entry)
        try checkBand(m, entry)
        let (entryAsset, entryAmount) = try requirement(m, entry)
        var legsAsset = m.base
        var legsAmount: Int64 = 0
        if entry.side == .sell {
            let worst = max(spec.takeProfitPrice.rawValue, stopLossLimit!.rawValue)
            (legsAsset, legsAmount) = try requirement(
                m, side: .buy, limit: worst, quantity: entry.quantity.rawValue, quoteAmount: 0)
        }
        if entryAsset == legsAsset {
            let (total, overflow) = entryAmount.addingReportingOverflow(legsAmount)
            if overflow { throw ExchangeError(.amountOverflow, "bracket hold does not fit in 64 bits") }
            try checkAvailable(account, entryAsset, total)
        }
        try hold(account, entryAsset, entryAmount)
        do throws(ExchangeError) {
            try hold(account, legsAsset, legsAmount)
        } catch {
            ledger.release(account, entryAsset, entryAmount)
            throw error
        }
        nextOrderID += 3
        let entryGroup = newGroup(account: account, asset: entryAsset, amount: entryAmount, members: 1)
        let legsGroup = newGroup(account: account, asset: legsAsset, amount: legsAmount, members: 0)
        groups[legsGroup]!.awaitingLegs = true
        register(m, entry, spec: spec.entry, group: entryGroup)
        if entry.side == .buy { live[entryID]!.legsGroup = legsGroup }
        brackets[entryID] = PendingBracket(
            entry: entryID, takeProfitID: bracket.takeProfitID, stopLossID: bracket.stopLossID, legsGroup: legsGroup,
            market: m.index, entrySide: entry.side, takeProfitPrice: spec.takeProfitPrice.rawValue,
            stopLossTrigger: spec.stopLossTrigger.rawValue,
            stopLossLimit: stopLossLimit?.rawValue ?? 0)
        bracketLegs[bracket.takeProfitID] = entryID
        bracketLegs[bracket.stopLossID] = entryID
        runEngine(m, .bracket(bracket))
        return .order(orders[entryID]!, otherIDs: [bracket.takeProfitID, bracket.stopLossID])
    }

    // MARK: Cancel and amend

    func cancel(account: AccountID, market m: Market, _ reference: OrderReference) throws(ExchangeError)
        -> CommandReply
    {
        let id = try openOrder(account, m, reference)
        if let reason = runEngine(m, .cancel(id, account: account)) { throw ExchangeError(reason) }
        return .order(orders[id]!, otherIDs: [])
    }

    func amend(account: AccountID, market m: Market, _ reference: OrderReference, price: Price?, quantity: Quantity?)
        throws(ExchangeError) -> CommandReply
    {
        let id = try openOrder(account, m, reference)
        guard let order = live[id] else { throw ExchangeError(.unknownOrder, "order \(id) is not open") }
        let newPrice = price?.rawValue ?? order.limit
        let newQuantity = quantity?.rawValue ?? order.remaining
        if let p = price { try checkBand(m, side: order.side, price: p.rawValue) }
        if let p = price, brackets[id] != nil, var terms = m.engine.pendingBracket(id) {
            // The legs were checked against the entry's price: they must still be on the right sides of it.
            terms.entry.price = p
            if let reason = m.engine.configuration.staticRejectReason(for: terms, now: time) {
                throw ExchangeError(reason)
            }
        }
        if brackets[id] != nil && newQuantity > order.remaining {
            // The legs' hold was sized for the entry's size.
            throw ExchangeError(.invalidOrder, "a bracket entry's size can only be reduced")
        }
        // Only sizes the engine will accept can change the hold; anything else is refused by the engine below.
        if newPrice > 0 && newQuantity > 0 && !order.isMarket {
            var changed = order
            changed.limit = newPrice
            changed.remaining = newQuantity
            let needed = try groupRequirement(order.group, replacing: id, with: changed)
            let group = groups[order.group]!
            if needed > group.amount { try checkAvailable(account, group.asset, needed - group.amount) }
        }
        if let reason = runEngine(m, .amend(id, account: account, price: price, quantity: quantity)) {
            throw ExchangeError(reason)
        }
        return .order(orders[id]!, otherIDs: [])
    }

    /// The id of an open order of `account` in market `m`.
    func openOrder(_ account: AccountID, _ m: Market, _ reference: OrderReference) throws(ExchangeError) -> OrderID {
        let id: OrderID?
        switch reference {
        case .id(let value): id = value
        case .client(let text): id = clientOrderIDs[account]?[text]
        }
        guard let id, let record = orders[id], record.account == account, record.symbol == m.symbol,
            record.status.isOpen
        else {
            throw ExchangeError(.unknownOrder, "no open order \(reference) of this account in \(m.symbol)")
        }
        return id
    }

    // MARK: Building and checking requests

    func checkClientOrderID(_ account: AccountID, _ clientOrderID: String?) throws(ExchangeError) {
        guard let clientOrderID else { return }
        guard !clientOrderID.isEmpty, clientOrderID.utf8.count <= 64 else {
            throw ExchangeError(.invalidOrder, "client order id must be 1 to 64 bytes")
        }
        if let existing = clientOrderIDs[account]?[clientOrderID] {
            throw ExchangeError(
                .duplicateClientOrderID, "client order id \(clientOrderID) is already order \(existing)")
        }
    }

    /// Turns a client's spec into an engine request, filling in protection prices.
    func buildRequest(_ m: Market, account: AccountID, spec: OrderSpec, id: OrderID) throws(ExchangeError)
        -> OrderRequest
    {
        var trigger: OrderTrigger?
        if spec.type.isTriggered {
            guard let t = spec.triggerPrice else {
                throw ExchangeError(.invalidOrder, "\(spec.type.rawValue) orders need a trigger price")
            }
            trigger = spec.type == .stopMarket || spec.type == .stopLimit ? .stop(t) : .takeProfit(t)
        } else if spec.triggerPrice != nil {
            throw ExchangeError(.invalidOrder, "only stop and take-profit orders take a trigger price")
        }
        if spec.quoteAmount != nil && spec.quantity != nil {
            throw ExchangeError(.invalidOrder, "give either a size or a quote amount, not both")
        }
        if spec.quoteAmount == nil && spec.quantity == nil {
            throw ExchangeError(.invalidOrder, "an order needs a size (or, for a market buy, a quote amount)")
        }
        var price: Int64
        if spec.type.isLimit {
            guard let p = spec.price else { throw ExchangeError(.invalidOrder, "\(spec.type.rawValue) orders need a price") }
            price = p.rawValue
        } else if let p = spec.price {
            price = p.rawValue
        } else {
            price = try protectionPrice(m, side: spec.side, trigger: spec.triggerPrice?.rawValue)
        }
        if spec.quoteAmount != nil, spec.side != .buy || spec.type != .market {
            throw ExchangeError(.invalidOrder, "a quote amount is only for market buys")
        }
        if price < 0 { price = 0 }
        return OrderRequest(
            id: id, account: account, side: spec.side, kind: spec.type.isLimit ? .limit : .market, price: Price(price),
            quantity: spec.quantity ?? .zero, quoteAmount: spec.quoteAmount ?? 0, timeInForce: spec.timeInForce,
            postOnly: spec.postOnly, displayQuantity: spec.displayQuantity ?? .zero, trigger: trigger,
            selfTradePrevention: spec.selfTradePrevention)
    }

    func checkStatic(_ m: Market, _ request: OrderRequest) throws(ExchangeError) {
        if let reason = m.engine.configuration.staticRejectReason(for: request, now: time) {
            throw ExchangeError(reason)
        }
        try checkPostOnly(m, request)
        try checkBand(m, request)
    }

    func checkPostOnly(_ m: Market, _ r: OrderRequest) throws(ExchangeError) {
        guard r.postOnly else { return }
        let crosses =
            r.side == .buy
            ? m.engine.bestAsk.map { r.price >= $0 } ?? false : m.engine.bestBid.map { r.price <= $0 } ?? false
        if crosses { throw ExchangeError(.postOnlyWouldTake) }
    }

    /// A limit order (not waiting for a trigger) must be within the band around the last trade price.
    func checkBand(_ m: Market, _ r: OrderRequest) throws(ExchangeError) {
        guard r.kind == .limit, r.trigger == nil else { return }
        try checkBand(m, side: r.side, price: r.price.rawValue)
    }

    func checkBand(_ m: Market, side: Side, price: Int64) throws(ExchangeError) {
        let band = m.definition.bandBasisPoints
        guard band > 0, let last = m.engine.lastTradePrice?.rawValue else { return }
        let (scaled, o1) = (price - last).magnitude.multipliedReportingOverflow(by: 10_000)
        let (limit, o2) = UInt64(last).multipliedReportingOverflow(by: UInt64(band))
        if o1 || (!o2 && scaled > limit) {
            let i = m.instrument
            throw ExchangeError(
                .priceBand,
                "price \(i.format(Price(price))) is more than \(band) bp from the last trade price \(i.format(Price(last)))")
        }
    }

    /// The protection price of a market order given without one: the band's edge around the trigger price (for
    /// stop and take-profit orders) or the last trade price; without a band or a last price, a buy is bounded by
    /// the highest ask now in the book (nothing can trade above it in this command) and a sell is unbounded.
    func protectionPrice(_ m: Market, side: Side, trigger: Int64?) throws(ExchangeError) -> Int64 {
        if let reference = trigger ?? m.engine.lastTradePrice?.rawValue, m.definition.bandBasisPoints > 0 {
            return try bandEdge(m, from: reference, side: side).rawValue
        }
        if side == .sell { return 0 }
        if trigger != nil {
            throw ExchangeError(
                .invalidOrder, "a stop or take-profit market buy needs a protection price in a market without a band")
        }
        return m.engine.levels(.sell).last?.price.rawValue ?? m.instrument.minPrice.rawValue
    }

    /// `reference` moved by the band against the order (up for buys, down for sells), rounded outwards to the tick
    /// and kept within the instrument's price range.
    func bandEdge(_ m: Market, from reference: Int64, side: Side) throws(ExchangeError) -> Price {
        let band = m.definition.bandBasisPoints
        let tick = m.instrument.tickSize.rawValue
        guard band > 0 else {
            throw ExchangeError(.invalidOrder, "a protection price is needed in a market without a price band")
        }
        let factor = side == .buy ? 10_000 + band : 10_000 - band
        let (product, overflow) = reference.multipliedReportingOverflow(by: factor)
        if overflow { return side == .buy ? m.instrument.maxPrice : m.instrument.minPrice }
        var edge = product / 10_000
        if side == .buy {
            if product % 10_000 != 0 { edge += 1 }
            edge = (edge + tick - 1) / tick * tick
            return Price(min(edge, m.instrument.maxPrice.rawValue))
        }
        edge = edge / tick * tick
        return Price(max(edge, m.instrument.minPrice.rawValue))
    }
}
