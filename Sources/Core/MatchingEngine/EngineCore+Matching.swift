import BourseCore

extension EngineCore {
    /// Why a sweep stopped before the book stopped crossing.
    enum SweepStop {
        case none
        /// Self-trade prevention (`cancelIncoming`/`cancelBoth`): the rest of the taker is cancelled.
        case selfTrade
        /// A quote order cannot buy one more lot.
        case budget
    }

    /// Executes an incoming order against the book, then rests or cancels what is left
    /// (see "Executing an incoming order" in docs/engine-semantics.md).
    mutating func execute(_ o: inout Incoming) {
        if o.isFOK && !o.isQuote && fillableQuantity(for: o) < o.remaining {
            emit(.cancelled(OrderID(o.id), .fillOrKill, remaining: Quantity(o.remaining)))
            finishIncoming(o)
            return
        }
        let filledBefore = o.filled
        var stop = SweepStop.none
        // Most orders that rest do not cross at all: look at the best opposite price before setting up a sweep.
        if crossesBest(o) {
            // The common taker (base size, no self-trade prevention, no OCO link) gets a copy of the loop without
            // those branches.
            stop = !o.isQuote && o.stp == .none && !o.hasOCO ? sweepPlain(&o) : sweepGeneral(&o)
        }
        finalize(
            &o, tradedNow: o.filled > filledBefore, stoppedBySTP: stop == .selfTrade, budgetExhausted: stop == .budget)
    }

    /// Whether the best opposite level crosses `o`'s limit.
    @inline(__always)
    func crossesBest(_ o: Incoming) -> Bool { wouldTake(side: o.side, price: o.limit) }

    /// ``sweep(_:plain:)`` for a base-size taker without self-trade prevention or OCO link.
    @inline(never)
    mutating func sweepPlain(_ o: inout Incoming) -> SweepStop { sweep(&o, plain: true) }

    /// ``sweep(_:plain:)`` for any taker.
    @inline(never)
    mutating func sweepGeneral(_ o: inout Incoming) -> SweepStop { sweep(&o, plain: false) }

    /// Sweeps the opposite side, best level first, while its levels cross `o`'s limit and `o` has something left.
    /// `plain` promises a base-size taker without self-trade prevention or OCO link (it is constant at each call
    /// site, so the branches it rules out disappear).
    @inline(__always)
    mutating func sweep(_ o: inout Incoming, plain: Bool) -> SweepStop {
        let opposite = o.side.opposite
        while plain || !o.isQuote ? o.remaining > 0 : o.budget > 0 {
            let levelIndex = o.side == .buy ? ladder.bestAsk : ladder.bestBid
            if levelIndex < 0 { break }
            let levelPrice = ladder.price(at: levelIndex)
            if o.side == .buy ? levelPrice > o.limit : levelPrice < o.limit { break }
            let level = ladder.levels + levelIndex
            let (stop, touched) = matchLevel(&o, level, levelIndex: levelIndex, price: levelPrice, plain: plain)
            // A plain taker always trades with the front order.
            if plain || touched { emitLevel(opposite, levelIndex) }
            if level.pointee.head >= 0 { return stop }
            levelEmptied(levelIndex, side: opposite)
            if stop != .none { return stop }
        }
        return .none
    }

    /// Matches `o` (which has something left) against the orders of one crossing level, front first, until the
    /// level or `o` is exhausted or matching stops. `touched`: some order of the level traded or was cancelled.
    @inline(__always)
    mutating func matchLevel(
        _ o: inout Incoming, _ level: UnsafeMutablePointer<PriceLevel>, levelIndex: Int, price levelPrice: Int64,
        plain: Bool
    ) -> (stop: SweepStop, touched: Bool) {
        var touched = false
        while true {
            let slot = level.pointee.head
            if slot < 0 { return (.none, touched) }
            let maker = pool.nodes + Int(slot)
            var q: Int64
            if plain {
                q = min(o.remaining, maker.pointee.visible)
                o.remaining -= q
            } else {
                if maker.pointee.account == o.account && o.stp != .none {
                    if o.stp == .cancelIncoming { return (.selfTrade, touched) }
                    cancelResting(slot, levelIndex: levelIndex, reason: .selfTrade, emitLevel: false)
                    if o.stp == .cancelBoth { return (.selfTrade, true) }
                    touched = true
                    continue
                }
                q = min(o.remaining, maker.pointee.visible)
                if o.isQuote {
                    let affordable = o.budget / levelPrice
                    q = min(maker.pointee.visible, affordable - affordable % configuration.lotSize)
                    if q == 0 { return (.budget, touched) }
                    o.budget -= q * levelPrice
                } else {
                    o.remaining -= q
                }
            }
            touched = true
            let makerFirstFill = maker.pointee.filled == 0
            let takerFirstFill = o.filled == 0
            emit(
                .trade(
                    Trade(
                        makerID: OrderID(maker.pointee.id), takerID: OrderID(o.id),
                        makerAccount: AccountID(maker.pointee.account), takerAccount: AccountID(o.account),
                        price: Price(levelPrice), quantity: Quantity(q), aggressor: o.side)))
            lastPrice = levelPrice
            hasLastPrice = true
            o.filled += q
            maker.pointee.filled += q
            maker.pointee.visible -= q
            level.pointee.total -= q
            if maker.pointee.visible == 0 && maker.pointee.hidden == 0 {
                makerFilled(slot, level, levelIndex: levelIndex, firstFill: makerFirstFill)
            } else {
                if maker.pointee.visible == 0 { refreshIceberg(slot, levelIndex: levelIndex) }
                emit(.partiallyFilled(OrderID(maker.pointee.id), remaining: Quantity(maker.pointee.remaining)))
                if makerFirstFill && maker.pointee.flags & OrderNode.hasOCO != 0 { makerOCOFirstFill(slot) }
            }
            if !plain && o.hasOCO && takerFirstFill {
                o.hasOCO = false
                cancelPartner(o.ocoPartner)
            }
            if plain || !o.isQuote ? o.remaining == 0 : o.budget <= 0 { return (.none, true) }
        }
    }

    /// A maker at the front of its level has nothing left: it leaves the book (`filled`), then its end rules.
    @inline(__always)
    mutating func makerFilled(
        _ slot: Int32, _ level: UnsafeMutablePointer<PriceLevel>, levelIndex: Int, firstFill: Bool
    ) {
        let maker = pool.nodes + Int(slot)
        let id = maker.pointee.id
        let flags = maker.pointee.flags
        // The maker is the head of its level and shows nothing: unlinking it leaves the level total alone.
        let next = maker.pointee.next
        level.pointee.head = next
        if next >= 0 {
            pool.nodes[Int(next)].prev = -1
        } else {
            level.pointee.tail = -1
            ladder.markEmpty(levelIndex)
        }
        index.remove(id)
        pool.free(slot)
        emit(.filled(OrderID(id)))
        if flags & (OrderNode.hasOCO | OrderNode.bracketEntry) != 0 { makerEndRules(slot, id: id, flags: flags, firstFill: firstFill) }
    }

    /// End rules of a filled maker that is an OCO leg or a bracket entry (its slot is free but not yet reused).
    mutating func makerEndRules(_ slot: Int32, id: UInt64, flags: UInt8, firstFill: Bool) {
        let partner = pool.extras[Int(slot)].ocoPartner
        let filled = pool.nodes[Int(slot)].filled
        if flags & OrderNode.hasOCO != 0 && firstFill { cancelPartner(partner) }
        if flags & OrderNode.bracketEntry != 0 { queueActivation(id, filled: filled) }
    }

    /// OCO rule for a maker's first (partial) fill.
    mutating func makerOCOFirstFill(_ slot: Int32) {
        pool.nodes[Int(slot)].flags &= ~OrderNode.hasOCO
        cancelPartner(pool.extras[Int(slot)].ocoPartner)
    }

    /// The taker's final events: filled, cancelled, or rested.
    @inline(__always)
    mutating func finalize(_ o: inout Incoming, tradedNow: Bool, stoppedBySTP: Bool, budgetExhausted: Bool) {
        let done = o.isQuote ? (budgetExhausted || o.budget <= 0) : o.remaining == 0
        if done {
            emit(.filled(OrderID(o.id)))
            finishIncoming(o)
            return
        }
        if !o.isQuote && tradedNow {
            emit(.partiallyFilled(OrderID(o.id), remaining: Quantity(o.remaining)))
        }
        let unfilled = Quantity(o.isQuote ? 0 : o.remaining)
        if stoppedBySTP {
            emit(.cancelled(OrderID(o.id), .selfTrade, remaining: unfilled))
            finishIncoming(o)
        } else if !o.canRest {
            emit(.cancelled(OrderID(o.id), .immediateOrCancel, remaining: unfilled))
            finishIncoming(o)
        } else {
            rest(o)
        }
    }

    /// End rules for an incoming order that finished without resting.
    mutating func finishIncoming(_ o: Incoming) {
        if o.hasOCO { cancelPartner(o.ocoPartner) }
        if o.isBracketEntry { queueActivation(o.id, filled: o.filled) }
    }

    /// Puts what is left of `o` at the tail of its price level.
    @inline(__always)
    mutating func rest(_ o: Incoming) {
        var flags = OrderNode.inUse
        if o.postOnly { flags |= OrderNode.postOnly }
        if o.hasOCO { flags |= OrderNode.hasOCO }
        if o.isBracketEntry { flags |= OrderNode.bracketEntry }
        rest(
            OrderNode(
                id: o.id, price: o.limit, visible: o.display > 0 ? min(o.display, o.remaining) : o.remaining,
                hidden: o.display > 0 ? o.remaining - min(o.display, o.remaining) : 0, display: o.display,
                filled: o.filled, prev: -1, next: -1, account: o.account, side: o.side, stp: o.stp, flags: flags),
            OrderExtra(acceptance: o.acceptance, expiresAt: o.expiresAt, ocoPartner: o.ocoPartner))
    }

    /// Puts `node` (its links unset) at the tail of its price level, in a new slot, and emits the level.
    @inline(__always)
    mutating func rest(_ node: OrderNode, _ extra: OrderExtra) {
        let levelIndex = ladder.indexMakingRoom(for: node.price)
        let slot = pool.allocate(for: node.id)
        pool.nodes[Int(slot)] = node
        pool.extras[Int(slot)] = extra
        index.set(node.id, slot)
        append(slot, levelIndex: levelIndex)
        emitLevel(node.side, levelIndex)
    }

    /// Links `slot` at the tail of a level and keeps best prices and occupancy current.
    @inline(__always)
    mutating func append(_ slot: Int32, levelIndex: Int) {
        let node = pool.nodes + Int(slot)
        let level = ladder.levels + levelIndex
        node.pointee.prev = level.pointee.tail
        node.pointee.next = -1
        if level.pointee.tail >= 0 {
            pool.nodes[Int(level.pointee.tail)].next = slot
        } else {
            level.pointee.head = slot
            ladder.markOccupied(levelIndex)
            if node.pointee.side == .buy {
                if levelIndex > ladder.bestBid { ladder.bestBid = levelIndex }
            } else if ladder.bestAsk < 0 || levelIndex < ladder.bestAsk {
                ladder.bestAsk = levelIndex
            }
        }
        level.pointee.tail = slot
        level.pointee.total += node.pointee.visible
    }

    /// Unlinks `slot` from its level (subtracting its visible size). Best prices are fixed by the caller through
    /// ``levelEmptied(_:side:)`` when the level is now empty.
    @inline(__always)
    mutating func unlink(_ slot: Int32, levelIndex: Int) {
        let node = pool.nodes[Int(slot)]
        let level = ladder.levels + levelIndex
        if node.prev >= 0 { pool.nodes[Int(node.prev)].next = node.next } else { level.pointee.head = node.next }
        if node.next >= 0 { pool.nodes[Int(node.next)].prev = node.prev } else { level.pointee.tail = node.prev }
        level.pointee.total -= node.visible
        if level.pointee.head < 0 { ladder.markEmpty(levelIndex) }
    }

    /// Moves the best price off a level that just became empty.
    @inline(__always)
    mutating func levelEmptied(_ levelIndex: Int, side: Side) {
        if side == .buy {
            if levelIndex == ladder.bestBid { ladder.bestBid = ladder.occupied(below: levelIndex) }
        } else if levelIndex == ladder.bestAsk {
            ladder.bestAsk = ladder.occupied(above: levelIndex)
        }
    }

    /// Iceberg refresh: a new visible slice from the reserve, at the tail of the level (priority lost).
    mutating func refreshIceberg(_ slot: Int32, levelIndex: Int) {
        let node = pool.nodes + Int(slot)
        let slice = min(node.pointee.display, node.pointee.hidden)
        unlink(slot, levelIndex: levelIndex)
        node.pointee.hidden -= slice
        node.pointee.visible = slice
        append(slot, levelIndex: levelIndex)
    }

    /// What a FOK order could trade right now, stopping early once `o.remaining` is reached.
    func fillableQuantity(for o: Incoming) -> Int64 {
        var total: Int64 = 0
        var levelIndex = o.side == .buy ? ladder.bestAsk : ladder.bestBid
        while levelIndex >= 0 {
            let levelPrice = ladder.price(at: levelIndex)
            if o.side == .buy ? levelPrice > o.limit : levelPrice < o.limit { break }
            var slot = ladder.levels[levelIndex].head
            while slot >= 0 {
                let node = pool.nodes[Int(slot)]
                if node.account == o.account && o.stp != .none {
                    if o.stp != .cancelResting { return total }
                } else {
                    total += node.remaining
                    if total >= o.remaining { return total }
                }
                slot = node.next
            }
            levelIndex = o.side == .buy ? ladder.occupied(above: levelIndex) : ladder.occupied(below: levelIndex)
        }
        return total
    }
}
