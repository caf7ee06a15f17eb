import BourseCore

extension MatchingEngine {
    /// The engine's whole state between two commands (the events of the last command are not part of it).
    ///
    /// Cost: proportional to the live orders; the hot path is untouched (the snapshot only reads).
    public func snapshot() -> EngineSnapshot { core.snapshot() }

    /// An engine in the state `snapshot` describes: from here it processes every command exactly like the engine
    /// the snapshot was taken from (same events, same sequence numbers, same book).
    /// - Parameters:
    ///   - configuration: The configuration of the engine the snapshot was taken from.
    ///   - snapshot: What ``snapshot()`` returned.
    /// - Throws: ``EngineSnapshotError`` when the snapshot describes an impossible state (an id used twice, a
    ///   price off the grid, a size that is not positive, a crossed book); nothing is partially restored then.
    public convenience init(configuration: EngineConfiguration, snapshot: EngineSnapshot) throws(EngineSnapshotError) {
        self.init(configuration: configuration)
        try state.pointee.restore(snapshot)
    }
}

extension EngineCore {
    func snapshot() -> EngineSnapshot {
        var orders: [EngineSnapshot.RestingOrder] = []
        orders.reserveCapacity(pool.used)
        var levelIndex = ladder.occupied(above: -1)
        while levelIndex >= 0 {
            var slot = ladder.levels[levelIndex].head
            while slot >= 0 {
                let node = pool.nodes[Int(slot)]
                let extra = pool.extras[Int(slot)]
                orders.append(
                    EngineSnapshot.RestingOrder(
                        id: OrderID(node.id), account: AccountID(node.account), side: node.side,
                        price: Price(node.price), visible: Quantity(node.visible), hidden: Quantity(node.hidden),
                        display: Quantity(node.display), filled: Quantity(node.filled), selfTradePrevention: node.stp,
                        postOnly: node.flags & OrderNode.postOnly != 0,
                        ocoPartner: node.flags & OrderNode.hasOCO != 0 ? OrderID(extra.ocoPartner) : nil,
                        isBracketEntry: node.flags & OrderNode.bracketEntry != 0, acceptance: extra.acceptance,
                        expiresAt: extra.expiresAt == .max ? nil : extra.expiresAt))
                slot = node.next
            }
            levelIndex = ladder.occupied(above: levelIndex)
        }
        return EngineSnapshot(
            sequence: sequence, acceptances: acceptances, arms: arms, clock: clock,
            lastPrice: hasLastPrice ? Price(lastPrice) : nil, orders: orders,
            armed: armed.map {
                EngineSnapshot.ArmedOrder(
                    request: $0.request, arm: $0.arm, acceptance: $0.acceptance, ocoPartner: $0.ocoPartner.map { OrderID($0) })
            },
            brackets: brackets.keys.sorted().map { brackets[$0]!.request },
            expiries: expiries.map {
                EngineSnapshot.Expiry(expiresAt: $0.expiresAt, acceptance: $0.acceptance, id: OrderID($0.id))
            })
    }

    /// Fills a fresh engine from `snapshot`, checking that the state is one an engine can be in.
    mutating func restore(_ snapshot: EngineSnapshot) throws(EngineSnapshotError) {
        precondition(pool.used == 0 && sequence == 0, "restore needs a fresh engine")
        for order in snapshot.orders {
            let id = order.id.rawValue
            if let reason = configuration.priceError(order.price.rawValue) {
                throw EngineSnapshotError("order \(id): price \(order.price.rawValue) is not valid (\(reason))")
            }
            guard order.visible.rawValue > 0, order.hidden.rawValue >= 0, order.display.rawValue >= 0,
                order.filled.rawValue >= 0, order.hidden.rawValue == 0 || order.display.rawValue > 0
            else {
                throw EngineSnapshotError("order \(id): sizes visible/hidden/display/filled are not consistent")
            }
            guard !isTaken(id) else { throw EngineSnapshotError("order id \(id) appears twice") }
            var flags = OrderNode.inUse
            if order.postOnly { flags |= OrderNode.postOnly }
            if order.ocoPartner != nil { flags |= OrderNode.hasOCO }
            if order.isBracketEntry { flags |= OrderNode.bracketEntry }
            let levelIndex = ladder.indexMakingRoom(for: order.price.rawValue)
            let slot = pool.allocate(for: id)
            pool.nodes[Int(slot)] = OrderNode(
                id: id, price: order.price.rawValue, visible: order.visible.rawValue, hidden: order.hidden.rawValue,
                display: order.display.rawValue, filled: order.filled.rawValue, prev: -1, next: -1,
                account: order.account.rawValue, side: order.side, stp: order.selfTradePrevention, flags: flags)
            pool.extras[Int(slot)] = OrderExtra(
                acceptance: order.acceptance, expiresAt: order.expiresAt ?? .max,
                ocoPartner: order.ocoPartner?.rawValue ?? 0)
            index.set(id, slot)
            append(slot, levelIndex: levelIndex)
        }
        if ladder.bestBid >= 0 && ladder.bestAsk >= 0 && ladder.bestBid >= ladder.bestAsk {
            throw EngineSnapshotError("the book is crossed")
        }
        for order in snapshot.armed {
            let id = order.request.id.rawValue
            guard order.request.trigger != nil else { throw EngineSnapshotError("armed order \(id) has no trigger") }
            guard !isTaken(id) else { throw EngineSnapshotError("order id \(id) appears twice") }
            armed.append(
                ArmedOrder(
                    request: order.request, arm: order.arm, acceptance: order.acceptance,
                    ocoPartner: order.ocoPartner?.rawValue))
            index.set(id, IndexTag.armed)
        }
        for bracket in snapshot.brackets {
            let entry = bracket.entry.id.rawValue
            guard brackets[entry] == nil else { throw EngineSnapshotError("bracket \(entry) appears twice") }
            for leg in [bracket.takeProfitID.rawValue, bracket.stopLossID.rawValue] {
                guard !isTaken(leg) else { throw EngineSnapshotError("bracket leg id \(leg) is already in use") }
                index.set(leg, IndexTag.reserved)
            }
            brackets[entry] = BracketLegs(request: bracket)
        }
        expiries = snapshot.expiries.map {
            ExpiryEntry(expiresAt: $0.expiresAt, acceptance: $0.acceptance, id: $0.id.rawValue)
        }
        acceptances = snapshot.acceptances
        arms = snapshot.arms
        clock = snapshot.clock
        hasLastPrice = snapshot.lastPrice != nil
        lastPrice = snapshot.lastPrice?.rawValue ?? 0
        events.removeAll()
        events.sequenceBeforeFirst = snapshot.sequence
    }
}
