import BourseCore

/// An asset's index in the exchange's asset table (dense: 0, 1, 2, ...), so balances are arrays, not maps.
@frozen
public struct AssetID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    @inlinable public init(rawValue: UInt16) { self.rawValue = rawValue }
    @inlinable public init(_ rawValue: UInt16) { self.rawValue = rawValue }
    @inlinable public static func < (lhs: AssetID, rhs: AssetID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}

/// An asset (`BTC`, `USDT`) and the decimal scale its balances are kept in: an amount is an `Int64` count of
/// `10^-scale` units of the asset.
public struct Asset: Hashable, Sendable {
    public let symbol: String
    public let scale: Int

    public init(symbol: String, scale: Int) {
        self.symbol = symbol
        self.scale = scale
    }

    /// Canonical decimal text of an amount of this asset.
    public func format(_ amount: Int64) -> String { FixedPoint.format(amount, scale: scale) }
}
