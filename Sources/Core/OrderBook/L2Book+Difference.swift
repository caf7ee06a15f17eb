import BourseCore

/// One level of a book difference: the size a level has in the newer book (zero: the level is gone).
public struct L2LevelDifference: Hashable, Sendable {
    public var side: Side
    public var price: Price
    public var quantity: Quantity

    public init(side: Side, price: Price, quantity: Quantity) {
        self.side = side
        self.price = price
        self.quantity = quantity
    }
}

extension L2Book {
    /// The best `depth` levels of each side as a book of their own: a slice of each sorted side, O(depth), no
    /// per-level insertion (venues that publish a fixed-depth window diff two of these).
    public func truncated(to depth: Int) -> L2Book {
        var window = L2Book()
        window.bids = L2BookSide(ascending: true, sorted: top(.buy, depth).reversed())
        window.asks = L2BookSide(ascending: false, sorted: top(.sell, depth).reversed())
        return window
    }

    /// The level updates that turn this book into `newer`: every level whose size differs, with its size in
    /// `newer` (zero for a level `newer` lacks). Bids first, then asks, each in ascending price order.
    ///
    /// A merge of the two sorted sides: O(levels of both books), no hashing. Applying the result with
    /// ``set(_:price:quantity:)`` to a copy of this book gives `newer` exactly (checked in tests).
    public func difference(to newer: L2Book) -> [L2LevelDifference] {
        var result: [L2LevelDifference] = []
        Self.merge(levels(.buy).reversed(), newer.levels(.buy).reversed(), side: .buy, into: &result)
        // Asks are stored descending; walk them ascending like the bids.
        Self.merge(levels(.sell), newer.levels(.sell), side: .sell, into: &result)
        return result
    }

    /// Merges two ascending level sequences, appending the differences.
    private static func merge<C: Collection<L2Level>>(
        _ old: C, _ new: C, side: Side, into result: inout [L2LevelDifference]
    ) {
        var i = old.startIndex
        var j = new.startIndex
        while i != old.endIndex || j != new.endIndex {
            if j == new.endIndex || (i != old.endIndex && old[i].price < new[j].price) {
                result.append(L2LevelDifference(side: side, price: old[i].price, quantity: .zero))
                old.formIndex(after: &i)
            } else if i == old.endIndex || new[j].price < old[i].price {
                result.append(L2LevelDifference(side: side, price: new[j].price, quantity: new[j].quantity))
                new.formIndex(after: &j)
            } else {
                if old[i].quantity != new[j].quantity {
                    result.append(L2LevelDifference(side: side, price: new[j].price, quantity: new[j].quantity))
                }
                old.formIndex(after: &i)
                new.formIndex(after: &j)
            }
        }
    }
}
