import BourseCore

// Triggers, OCO pairs, brackets and GTD expiry: rare paths kept out of the matching loop.
extension EngineCore {
    // MARK: Triggers

    mutating func arm(_ request: OrderRequest, acceptance: UInt64, ocoPartner: UInt64?) {
        arms &+= 1
        armed.append(ArmedOrder(request: request, arm: arms, acceptance: acceptance, ocoPartner: ocoPartner))
        index.set(request.id.rawValue, IndexTag.armed)
    }

    /// Fires armed orders whose trigger the last price has reached, smallest arm number first, until none fires.
    mutating func runTriggers() {
        while hasLastPrice {
            let last = Price(lastPrice)
            var best = -1
            for i in armed.indices {
                let order = armed[i]
                if let trigger = order.request.trigger, trigger.fires(for: order.request.side, last: last),
                    best < 0 || order.arm < armed[best].arm
                {
                    best = i
                }
            }
            if best < 0 { return }
            let order = armed.remove(at: best)
            index.remove(order.request.id.rawValue)
            emit(.triggered(order.request.id))
            if let partner = order.ocoPartner { cancelPartner(partner) }
            var incoming = Incoming(order.request, acceptance: order.acceptance)
            execute(&incoming)
            drainActivations()
        }
    }

    // MARK: OCO

    mutating func submitOCO(_ first: OrderRequest, _ second: OrderRequest) {
        var reason = configuration.staticRejectReason(forOCO: first, second, now: clock)
        if reason == nil && (isTaken(first.id.rawValue) || isTaken(second.id.rawValue)) {
            reason = .duplicateOrderID
        }
        if reason == nil {
            for leg in [first, second] where leg.trigger == nil && leg.postOnly {
                if wouldTake(side: leg.side, price: leg.price.rawValue) { reason = .postOnlyWouldTake }
            }
        }
        if let reason {
            emit(.rejected(first.id, reason))
            emit(.rejected(second.id, reason))
            return
        }
        let acceptances = (accept(first), accept(second))
        if first.trigger != nil { arm(first, acceptance: acceptances.0, ocoPartner: second.id.rawValue) }
        if second.trigger != nil { arm(second, acceptance: acceptances.1, ocoPartner: first.id.rawValue) }
        if first.trigger == nil || second.trigger == nil {
            let (leg, acceptance, partner) =
                first.trigger == nil ? (first, acceptances.0, second.id) : (second, acceptances.1, first.id)
            var incoming = Incoming(leg, acceptance: acceptance)
            incoming.hasOCO = true
            incoming.ocoPartner = partner.rawValue
            execute(&incoming)
        }
    }

    // MARK: Brackets

    mutating func submitBracket(_ request: BracketRequest) {
        let entry = request.entry
        var reason = configuration.staticRejectReason(for: request, now: clock)
        if reason == nil,
            isTaken(entry.id.rawValue) || isTaken(request.takeProfitID.rawValue)
                || isTaken(request.stopLossID.rawValue)
        {
            reason = .duplicateOrderID
        }
        if reason == nil && entry.postOnly && wouldTake(side: entry.side, price: entry.price.rawValue) {
            reason = .postOnlyWouldTake
        }
        if let reason {
            emit(.rejected(entry.id, reason))
            return
        }
        index.set(request.takeProfitID.rawValue, IndexTag.reserved)
        index.set(request.stopLossID.rawValue, IndexTag.reserved)
        brackets[entry.id.rawValue] = BracketLegs(request: request)
        let acceptance = accept(entry)
        var incoming = Incoming(entry, acceptance: acceptance)
        incoming.isBracketEntry = true
        execute(&incoming)
    }

    /// A bracket entry finished: arm its legs later (`filled > 0`) or release their ids now.
    mutating func queueActivation(_ entry: UInt64, filled: Int64) {
        if filled > 0 {
            activations.append((entry, filled))
        } else {
            releaseBracket(entry)
        }
    }

    mutating func releaseBracket(_ entry: UInt64) {
        guard let legs = brackets.removeValue(forKey: entry) else { return }
        index.remove(legs.request.takeProfitID.rawValue)
        index.remove(legs.request.stopLossID.rawValue)
    }

    /// Runs queued bracket activations, FIFO, including ones queued meanwhile.
    mutating func drainActivations() {
        var next = 0
        while next < activations.count {
            let (entryID, filled) = activations[next]
            next += 1
            guard let legs = brackets.removeValue(forKey: entryID)?.request else { continue }
            index.remove(legs.takeProfitID.rawValue)
            index.remove(legs.stopLossID.rawValue)
            let entry = legs.entry
            let stopLoss = OrderRequest(
                id: legs.stopLossID, account: entry.account, side: entry.side.opposite,
                kind: legs.stopLossLimit == nil ? .market : .limit, price: legs.stopLossLimit ?? .zero,
                quantity: Quantity(filled), timeInForce: legs.stopLossLimit == nil ? .ioc : .gtc,
                trigger: .stop(legs.stopLossTrigger), selfTradePrevention: entry.selfTradePrevention)
            arm(stopLoss, acceptance: accept(stopLoss), ocoPartner: legs.takeProfitID.rawValue)
            let takeProfit = OrderRequest(
                id: legs.takeProfitID, account: entry.account, side: entry.side.opposite, kind: .limit,
                price: legs.takeProfitPrice, quantity: Quantity(filled), timeInForce: .gtc,
                selfTradePrevention: entry.selfTradePrevention)
            var incoming = Incoming(takeProfit, acceptance: accept(takeProfit))
            incoming.hasOCO = true
            incoming.ocoPartner = legs.stopLossID.rawValue
            execute(&incoming)
        }
        activations.removeAll(keepingCapacity: true)
    }
}
