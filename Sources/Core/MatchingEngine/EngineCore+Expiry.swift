import BourseCore

extension EngineCore {
    mutating func pushExpiry(_ entry: ExpiryEntry) {
        expiries.append(entry)
        var child = expiries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if !(expiries[child] < expiries[parent]) { break }
            expiries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popExpiry() -> ExpiryEntry {
        let top = expiries[0]
        let last = expiries.removeLast()
        if !expiries.isEmpty {
            expiries[0] = last
            var parent = 0
            while true {
                let left = parent * 2 + 1
                let right = left + 1
                var smallest = parent
                if left < expiries.count && expiries[left] < expiries[smallest] { smallest = left }
                if right < expiries.count && expiries[right] < expiries[smallest] { smallest = right }
                if smallest == parent { break }
                expiries.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }

    /// Expires every live GTD order whose time has come, in (expiry, acceptance) order.
    mutating func expireDue() {
        var due: [ExpiryEntry] = []
        while !expiries.isEmpty && expiries[0].expiresAt <= clock { due.append(popExpiry()) }
        for entry in due {
            guard let value = locate(entry.id) else { continue }
            if value >= 0 {
                let node = pool.nodes[Int(value)]
                let extra = pool.extras[Int(value)]
                guard extra.acceptance == entry.acceptance else { continue }
                let levelIndex = ladder.index(of: node.price)
                unlink(value, levelIndex: levelIndex)
                index.remove(node.id)
                pool.free(value)
                emit(.expired(OrderID(node.id), remaining: Quantity(node.remaining)))
                emitLevel(node.side, levelIndex)
                if ladder.levels[levelIndex].head < 0 { levelEmptied(levelIndex, side: node.side) }
                if node.flags & OrderNode.hasOCO != 0 { cancelPartner(extra.ocoPartner) }
                if node.flags & OrderNode.bracketEntry != 0 { queueActivation(node.id, filled: node.filled) }
            } else if value == IndexTag.armed, let position = armedPosition(entry.id),
                armed[position].acceptance == entry.acceptance
            {
                let order = armed.remove(at: position)
                index.remove(entry.id)
                emit(.expired(order.request.id, remaining: order.request.quantity))
                if let partner = order.ocoPartner { cancelPartner(partner) }
            }
            drainActivations()
        }
    }
}
