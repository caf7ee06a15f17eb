import BourseCore

extension EngineCore {
    /// Amend: size down at the same price keeps priority; size up or a new price loses it
    /// (a new price is executed like an incoming order and may trade at once).
    mutating func amend(_ id: UInt64, account: UInt32, price: Price?, quantity: Quantity?) {
        guard let value = locate(id), value != IndexTag.reserved else {
            emit(.rejected(OrderID(id), .unknownOrder))
            return
        }
        if value == IndexTag.armed {
            let owned = armedPosition(id).map { armed[$0].request.account.rawValue == account } ?? false
            emit(.rejected(OrderID(id), owned ? .notAmendable : .unknownOrder))
            return
        }
        let slot = value
        let node = pool.nodes + Int(slot)
        guard node.pointee.account == account else {
            emit(.rejected(OrderID(id), .unknownOrder))
            return
        }
        let newPrice = price?.rawValue ?? node.pointee.price
        let newQuantity = quantity?.rawValue ?? node.pointee.remaining
        if let reason = configuration.priceError(newPrice) {
            emit(.rejected(OrderID(id), reason))
            return
        }
        if newQuantity <= 0 {
            emit(.rejected(OrderID(id), .invalidQuantity))
            return
        }
        if configuration.lotSize != 1 && newQuantity % configuration.lotSize != 0 {
            emit(.rejected(OrderID(id), .quantityOffLot))
            return
        }
        if newQuantity > configuration.maxQuantity {
            emit(.rejected(OrderID(id), .quantityAboveMaximum))
            return
        }
        let side = node.pointee.side
        let levelIndex = ladder.index(of: node.pointee.price)
        let display = node.pointee.display
        if newPrice == node.pointee.price {
            if newQuantity <= node.pointee.remaining {
                let visible = display > 0 ? min(node.pointee.visible, newQuantity) : newQuantity
                ladder.levels[levelIndex].total += visible - node.pointee.visible
                node.pointee.visible = visible
                node.pointee.hidden = newQuantity - visible
                emit(.amended(OrderID(id), price: Price(newPrice), quantity: Quantity(newQuantity), keptPriority: true))
            } else {
                unlink(slot, levelIndex: levelIndex)
                let visible = display > 0 ? min(display, newQuantity) : newQuantity
                node.pointee.visible = visible
                node.pointee.hidden = newQuantity - visible
                append(slot, levelIndex: levelIndex)
                emit(.amended(OrderID(id), price: Price(newPrice), quantity: Quantity(newQuantity), keptPriority: false))
            }
            emitLevel(side, levelIndex)
            return
        }
        if node.pointee.flags & OrderNode.postOnly != 0 && wouldTake(side: side, price: newPrice) {
            emit(.rejected(OrderID(id), .postOnlyWouldTake))
            return
        }
        if !wouldTake(side: side, price: newPrice) {
            moveWithoutTrading(slot, from: levelIndex, to: newPrice, quantity: newQuantity)
            return
        }
        let old = node.pointee
        let extra = pool.extras[Int(slot)]
        var incoming = Incoming(
            id: id, account: account, side: side, limit: newPrice, quantity: newQuantity, acceptance: extra.acceptance,
            canRest: true, stp: old.stp, display: display, postOnly: old.flags & OrderNode.postOnly != 0,
            expiresAt: extra.expiresAt)
        incoming.filled = old.filled
        incoming.hasOCO = old.flags & OrderNode.hasOCO != 0
        incoming.ocoPartner = extra.ocoPartner
        incoming.isBracketEntry = old.flags & OrderNode.bracketEntry != 0
        unlink(slot, levelIndex: levelIndex)
        index.remove(id)
        pool.free(slot)
        emit(.amended(OrderID(id), price: Price(newPrice), quantity: Quantity(newQuantity), keptPriority: false))
        emitLevel(side, levelIndex)
        if ladder.levels[levelIndex].head < 0 { levelEmptied(levelIndex, side: side) }
        execute(&incoming)
    }

    /// A new price that does not cross the book: the general path (remove, then execute as an incoming order)
    /// would trade nothing and rest the order at once, under the same index entry, with the same extras (its slot
    /// may differ, which nothing observes). This moves it there directly, in its slot, with the same events:
    /// `amended`, the old level, the new level.
    @inline(__always)
    mutating func moveWithoutTrading(_ slot: Int32, from levelIndex: Int, to newPrice: Int64, quantity: Int64) {
        let node = pool.nodes + Int(slot)
        let side = node.pointee.side
        unlink(slot, levelIndex: levelIndex)
        emit(.amended(OrderID(node.pointee.id), price: Price(newPrice), quantity: Quantity(quantity), keptPriority: false))
        emitLevel(side, levelIndex)
        if ladder.levels[levelIndex].head < 0 { levelEmptied(levelIndex, side: side) }
        let newIndex = ladder.indexMakingRoom(for: newPrice)
        let display = node.pointee.display
        let visible = display > 0 ? min(display, quantity) : quantity
        node.pointee.price = newPrice
        node.pointee.visible = visible
        node.pointee.hidden = quantity - visible
        append(slot, levelIndex: newIndex)
        emitLevel(side, newIndex)
    }
}
