import BourseCore
import MatchingEngine

extension ReferenceEngine {
    /// Executes an incoming order ("Executing an incoming order O"): FOK pre-check, match loop, final state.
    func execute(_ incoming: ReferenceOrder) {
        var taker = incoming
        let opposite = taker.side.opposite
        if case .fok = taker.timeInForce, !taker.isQuote, fillOrKillLiquidity(for: taker) < taker.remaining {
            emit(.cancelled(taker.id, .fillOrKill, remaining: Quantity(taker.remaining)))
            applyEndRules(taker)
            return
        }
        var tradedNow = false
        var stoppedBySelfTrade = false
        var budgetExhausted = false
        // The level with a fill or cancellation that still needs its `level` event.
        var touchedLevel: Price?
        while taker.isQuote ? taker.budget > 0 : taker.remaining > 0 {
            guard let makerIndex = bestIndex(opposite), taker.crosses(book[makerIndex].price) else { break }
            var maker = book[makerIndex]
            if let touched = touchedLevel, touched != maker.price {
                emitLevel(opposite, touched)
                touchedLevel = nil
            }
            if maker.account == taker.account && taker.stp != .none {
                if taker.stp == .cancelIncoming {
                    stoppedBySelfTrade = true
                    break
                }
                book.remove(at: makerIndex)
                emit(.cancelled(maker.id, .selfTrade, remaining: Quantity(maker.remaining)))
                touchedLevel = maker.price
                applyEndRules(maker)
                if taker.stp == .cancelBoth {
                    stoppedBySelfTrade = true
                    break
                }
                continue
            }
            var quantity = min(taker.remaining, maker.visible)
            if taker.isQuote {
                let lot = configuration.lotSize
                quantity = min(maker.visible, taker.budget / maker.price.rawValue / lot * lot)
                if quantity == 0 {
                    budgetExhausted = true
                    break
                }
            }
            emit(
                .trade(
                    Trade(
                        makerID: maker.id, takerID: taker.id, makerAccount: maker.account,
                        takerAccount: taker.account, price: maker.price, quantity: Quantity(quantity),
                        aggressor: taker.side)))
            lastTradePrice = maker.price
            tradedNow = true
            touchedLevel = maker.price
            if taker.isQuote {
                taker.budget -= quantity * maker.price.rawValue
            } else {
                taker.remaining -= quantity
            }
            taker.filled += quantity
            maker.remaining -= quantity
            maker.visible -= quantity
            maker.filled += quantity
            if maker.remaining == 0 {
                book.remove(at: makerIndex)
                emit(.filled(maker.id))
            } else {
                if maker.visible == 0 {
                    // Iceberg refresh: a new slice from the hidden part, at the tail of the level.
                    maker.visible = min(maker.display, maker.remaining)
                    maker.priority = nextPriority()
                }
                book[makerIndex] = maker
                emit(.partiallyFilled(maker.id, remaining: Quantity(maker.remaining)))
            }
            if maker.filled == quantity {
                applyOCORule(maker.id)
            }
            if maker.remaining == 0 {
                applyEndRules(maker)
            }
            if taker.filled == quantity {
                applyOCORule(taker.id)
            }
        }
        if let touched = touchedLevel {
            emitLevel(opposite, touched)
        }
        finishIncoming(
            taker, tradedNow: tradedNow, stoppedBySelfTrade: stoppedBySelfTrade, budgetExhausted: budgetExhausted)
    }

    /// "Final state of O": filled, partially filled then cancelled, or resting.
    private func finishIncoming(
        _ taker: ReferenceOrder, tradedNow: Bool, stoppedBySelfTrade: Bool, budgetExhausted: Bool
    ) {
        let nothingLeft = taker.isQuote ? (budgetExhausted || taker.budget == 0) : taker.remaining == 0
        if nothingLeft {
            emit(.filled(taker.id))
            applyEndRules(taker)
            return
        }
        let reported = Quantity(taker.isQuote ? 0 : taker.remaining)
        if !taker.isQuote && tradedNow {
            emit(.partiallyFilled(taker.id, remaining: reported))
        }
        if stoppedBySelfTrade {
            emit(.cancelled(taker.id, .selfTrade, remaining: reported))
            applyEndRules(taker)
        } else if !taker.canRest {
            emit(.cancelled(taker.id, .immediateOrCancel, remaining: reported))
            applyEndRules(taker)
        } else {
            var resting = taker
            resting.visible = resting.initialVisible
            resting.priority = nextPriority()
            book.append(resting)
            emitLevel(resting.side, resting.price)
        }
    }

    /// What a FOK order could trade now: the crossing opposite orders in book order, skipping (cancelResting)
    /// or stopping at (cancelIncoming, cancelBoth) orders of its own account.
    private func fillOrKillLiquidity(for taker: ReferenceOrder) -> Int64 {
        let side = taker.side.opposite
        let candidates = book.filter { $0.side == side && taker.crosses($0.price) }.sorted {
            if $0.price != $1.price { return side == .buy ? $0.price > $1.price : $0.price < $1.price }
            return $0.priority < $1.priority
        }
        var sum: Int64 = 0
        for maker in candidates {
            if maker.account == taker.account && taker.stp != .none {
                if taker.stp == .cancelResting { continue }
                break
            }
            sum += maker.remaining
        }
        return sum
    }
}
