import BourseCore

extension EngineCore {
    /// Removes a resting order, emits `cancelled` (and the level, unless inside a sweep that reports it
    /// itself), then applies its end rules.
    mutating func cancelResting(_ slot: Int32, levelIndex: Int, reason: CancelReason, emitLevel levelEvent: Bool) {
        let node = pool.nodes[Int(slot)]
        // The extras' cache line is read only for an OCO leg: on a deep book it is one more miss per cancel.
        let partner = node.flags & OrderNode.hasOCO != 0 ? pool.extras[Int(slot)].ocoPartner : 0
        unlink(slot, levelIndex: levelIndex)
        index.remove(node.id)
        pool.free(slot)
        emit(.cancelled(OrderID(node.id), reason, remaining: Quantity(node.remaining)))
        if levelEvent {
            emitLevel(node.side, levelIndex)
            if ladder.levels[levelIndex].head < 0 { levelEmptied(levelIndex, side: node.side) }
        }
        if node.flags & OrderNode.hasOCO != 0 { cancelPartner(partner) }
        if node.flags & OrderNode.bracketEntry != 0 {
            if reason == .massCancel {
                releaseBracket(node.id)
            } else {
                queueActivation(node.id, filled: node.filled)
            }
        }
    }

    /// The position of the armed order `id` in ``armed``.
    func armedPosition(_ id: UInt64) -> Int? {
        armed.firstIndex { $0.request.id.rawValue == id }
    }

    /// Cancels an armed order at `position`, then applies the OCO rule.
    mutating func cancelArmed(at position: Int, reason: CancelReason) {
        let order = armed.remove(at: position)
        index.remove(order.request.id.rawValue)
        emit(.cancelled(order.request.id, reason, remaining: order.request.quantity))
        if let partner = order.ocoPartner { cancelPartner(partner) }
    }

    /// OCO rule: cancels the other leg if it is still live. The pair is dissolved first so the partner's own
    /// cancel does not come back here.
    mutating func cancelPartner(_ partner: UInt64) {
        guard let value = locate(partner) else { return }
        if value >= 0 {
            let slot = value
            pool.nodes[Int(slot)].flags &= ~OrderNode.hasOCO
            let levelIndex = ladder.index(of: pool.nodes[Int(slot)].price)
            cancelResting(slot, levelIndex: levelIndex, reason: .ocoPartner, emitLevel: true)
        } else if value == IndexTag.armed, let position = armedPosition(partner) {
            armed[position].ocoPartner = nil
            cancelArmed(at: position, reason: .ocoPartner)
        }
    }

    mutating func cancel(_ id: UInt64, account: UInt32) {
        guard let value = locate(id), value != IndexTag.reserved else {
            emit(.rejected(OrderID(id), .unknownOrder))
            return
        }
        if value == IndexTag.armed {
            guard let position = armedPosition(id), armed[position].request.account.rawValue == account else {
                emit(.rejected(OrderID(id), .unknownOrder))
                return
            }
            cancelArmed(at: position, reason: .userRequested)
            return
        }
        let node = pool.nodes[Int(value)]
        guard node.account == account else {
            emit(.rejected(OrderID(id), .unknownOrder))
            return
        }
        cancelResting(value, levelIndex: ladder.index(of: node.price), reason: .userRequested, emitLevel: true)
    }

    /// Cancels every live order of `account`, oldest acceptance first.
    mutating func cancelAll(_ account: UInt32) {
        var targets: [(acceptance: UInt64, id: UInt64)] = []
        for slot in 0..<pool.capacity {
            let node = pool.nodes[slot]
            if node.flags & OrderNode.inUse != 0 && node.account == account {
                targets.append((pool.extras[slot].acceptance, node.id))
            }
        }
        for order in armed where order.request.account.rawValue == account {
            targets.append((order.acceptance, order.request.id.rawValue))
        }
        targets.sort { $0.acceptance < $1.acceptance }
        for target in targets {
            guard let value = locate(target.id) else { continue }
            if value >= 0 {
                let node = pool.nodes[Int(value)]
                guard pool.extras[Int(value)].acceptance == target.acceptance else { continue }
                cancelResting(value, levelIndex: ladder.index(of: node.price), reason: .massCancel, emitLevel: true)
            } else if value == IndexTag.armed, let position = armedPosition(target.id),
                armed[position].acceptance == target.acceptance
            {
                cancelArmed(at: position, reason: .massCancel)
            }
        }
    }
}
