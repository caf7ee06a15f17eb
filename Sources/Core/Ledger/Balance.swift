/// One account's holding of one asset, in the asset's units.
///
/// `available` can be spent, withdrawn or put on hold; `onHold` is reserved by open orders. Both are never
/// negative (the ledger refuses any operation that would make them so).
@frozen
public struct Balance: Hashable, Sendable {
    public var available: Int64
    public var onHold: Int64

    @inlinable public init(available: Int64 = 0, onHold: Int64 = 0) {
        self.available = available
        self.onHold = onHold
    }

    /// `available + onHold`.
    @inlinable public var total: Int64 { available + onHold }

    public static let zero = Balance()
}
