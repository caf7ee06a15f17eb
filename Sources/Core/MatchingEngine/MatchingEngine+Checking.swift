import BourseCore

extension MatchingEngine {
    /// What breaks the book's structure, or `nil`: for tests, O(resting orders).
    ///
    /// Checks every occupied level's queue (links both ways, each order in use, at the level's price, one side per
    /// level, the level total equal to the visible sizes), that the id index and ``EngineCore/locate(_:)`` both find
    /// each resting order in its slot, that the pool counts exactly the queued orders, and the best prices.
    public func structureViolation() -> String? {
        let core = self.core
        var queued = 0
        var bestBid = -1
        var bestAsk = -1
        for levelIndex in 0..<core.ladder.capacity {
            let level = core.ladder.levels[levelIndex]
            if level.head < 0 {
                if level.tail >= 0 || level.total != 0 { return "level \(levelIndex): empty queue with tail \(level.tail), total \(level.total)" }
                continue
            }
            let price = core.ladder.price(at: levelIndex)
            var slot = level.head
            var previous: Int32 = -1
            var total: Int64 = 0
            var side: Side?
            while slot >= 0 {
                guard slot < core.pool.capacity else { return "level \(levelIndex): slot \(slot) outside the pool" }
                let node = core.pool.nodes[Int(slot)]
                if node.flags & OrderNode.inUse == 0 { return "slot \(slot) is queued but free" }
                if node.prev != previous { return "slot \(slot): prev \(node.prev), expected \(previous)" }
                if node.price != price { return "order \(node.id) at price \(node.price) in the level of \(price)" }
                if let side, side != node.side { return "level \(levelIndex) holds both sides" }
                side = node.side
                if node.visible <= 0 { return "order \(node.id) shows \(node.visible)" }
                if core.index.find(node.id) != slot { return "index has order \(node.id) at \(String(describing: core.index.find(node.id))), it is at \(slot)" }
                if core.locate(node.id) != slot { return "locate finds order \(node.id) at \(String(describing: core.locate(node.id))), it is at \(slot)" }
                total += node.visible
                queued += 1
                if queued > core.pool.used { return "more orders queued than the pool counts (\(core.pool.used)): a cycle?" }
                previous = slot
                slot = node.next
            }
            if level.tail != previous { return "level \(levelIndex): tail \(level.tail), last order \(previous)" }
            if level.total != total { return "level \(levelIndex): total \(level.total), orders show \(total)" }
            if side == .buy { bestBid = levelIndex } else if bestAsk < 0 { bestAsk = levelIndex }
        }
        if queued != core.pool.used { return "\(queued) orders queued, the pool counts \(core.pool.used)" }
        if bestBid != core.ladder.bestBid || bestAsk != core.ladder.bestAsk {
            return "best levels \(core.ladder.bestBid)/\(core.ladder.bestAsk), the queues say \(bestBid)/\(bestAsk)"
        }
        return nil
    }
}
