/// The side of an order or a book level.
@frozen
public enum Side: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case buy = 0
    case sell = 1

    /// The other side: the side an order of this side trades against.
    @inlinable public var opposite: Side { self == .buy ? .sell : .buy }

    public var description: String { self == .buy ? "buy" : "sell" }
}
