import BourseCore

extension EngineCore {
    /// Executes an incoming order against the book, then rests or cancels what is left
    /// (see "Executing an incoming order" in docs/engine-semantics.md).
    mutating func execute(_ o: inout Incoming) {
        if o.isFOK && !o.isQuote && fillableQuantity(for: o) < o.remaining {
            emit(.cancelled(OrderID(o.id), .fillOrKill, remaining: Quantity(o.remaining)))
            finishIncoming(o)
            return
        }
        var stoppedBySTP = false
        var budgetExhausted = false
        let filledBefore = o.filled
        let opposite = o.side.opposite
        // Sweep levels best first while they cross the limit.
        while o.isQuote ? o.budget > 0 : o.remaining > 0 {
            let levelIndex = o.side == .buy ? ladder.bestAsk : ladder.bestBid
            if levelIndex < 0 { break }
            let levelPrice = ladder.price(at: levelIndex)
            if o.side == .buy ? levelPrice > o.limit : levelPrice < o.limit { break }
            var touched = false
            while true {
                let slot = ladder.levels[levelIndex].head
                if slot < 0 { break }
                if o.isQuote ? o.budget <= 0 : o.remaining == 0 { break }
                let maker = pool.nodes + Int(slot)
                if maker.pointee.account == o.account && o.stp != .none {
                    if o.stp == .cancelIncoming {
                        stoppedBySTP = true
                        break
                    }
                    touched = true
                    cancelResting(slot, levelIndex: levelIndex, reason: .selfTrade, emitLevel: false)
                    if o.stp == .cancelBoth {
                        stoppedBySTP = true
                        break
                    }
                    continue
                }
                var q = min(o.remaining, maker.pointee.visible)
                if o.isQuote {
                    let affordable = o.budget / levelPrice
                    q = min(maker.pointee.visible, affordable - affordable % configuration.lotSize)
                    if q == 0 {
                        budgetExhausted = true
                        break
                    }
                    o.budget -= q * levelPrice
                } else {
                    o.remaining -= q
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
                ladder.levels[levelIndex].total -= q
                let makerID = maker.pointee.id
                if maker.pointee.visible == 0 {
                    if maker.pointee.hidden == 0 {
                        let flags = maker.pointee.flags
                        let partner = pool.extras[Int(slot)].ocoPartner
                        let makerFilled = maker.pointee.filled
                        unlink(slot, levelIndex: levelIndex)
                        index.remove(makerID)
                        pool.free(slot)
                        emit(.filled(OrderID(makerID)))
                        if flags & OrderNode.hasOCO != 0 && makerFirstFill { cancelPartner(partner) }
                        if flags & OrderNode.bracketEntry != 0 { queueActivation(makerID, filled: makerFilled) }
                    } else {
                        refreshIceberg(slot, levelIndex: levelIndex)
                        emit(.partiallyFilled(OrderID(makerID), remaining: Quantity(maker.pointee.remaining)))
                        oCOFirstFill(slot, makerFirstFill)
                    }
                } else {
                    emit(.partiallyFilled(OrderID(makerID), remaining: Quantity(maker.pointee.remaining)))
                    oCOFirstFill(slot, makerFirstFill)
                }
                if o.hasOCO && takerFirstFill {
                    o.hasOCO = false
                    cancelPartner(o.ocoPartner)
                }
            }
            if touched {
                emitLevel(opposite, levelIndex)
                if ladder.levels[levelIndex].head < 0 { levelEmptied(levelIndex, side: opposite) }
            }
            if stoppedBySTP || budgetExhausted { break }
            if ladder.levels[levelIndex].head >= 0 { break }
        }
        finalize(&o, tradedNow: o.filled > filledBefore, stoppedBySTP: stoppedBySTP, budgetExhausted: budgetExhausted)
    }

    mutating func oCOFirstFill(_ slot: Int32, _ firstFill: Bool) {
        let node = pool.nodes + Int(slot)
        if firstFill && node.pointee.flags & OrderNode.hasOCO != 0 {
            node.pointee.flags &= ~OrderNode.hasOCO
            cancelPartner(pool.extras[Int(slot)].ocoPartner)
        }
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
        let levelIndex = ladder.indexMakingRoom(for: o.limit)
        let slot = pool.allocate()
        let visible = o.display > 0 ? min(o.display, o.remaining) : o.remaining
        var flags = OrderNode.inUse
        if o.postOnly { flags |= OrderNode.postOnly }
        if o.hasOCO { flags |= OrderNode.hasOCO }
        if o.isBracketEntry { flags |= OrderNode.bracketEntry }
        pool.nodes[Int(slot)] = OrderNode(
            id: o.id, price: o.limit, visible: visible, hidden: o.remaining - visible, display: o.display,
            filled: o.filled, prev: -1, next: -1, account: o.account, side: o.side, stp: o.stp, flags: flags)
        pool.extras[Int(slot)] = OrderExtra(acceptance: o.acceptance, expiresAt: o.expiresAt, ocoPartner: o.ocoPartner)
        index.set(o.id, slot)
        append(slot, levelIndex: levelIndex)
        emitLevel(o.side, levelIndex)
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
