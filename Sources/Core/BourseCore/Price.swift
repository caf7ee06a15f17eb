/// A price as an integer count of the instrument's price units (`10^-priceScale` of the quote asset).
///
/// The engine works in these units; ``Instrument`` converts to and from the exchanges' decimal strings.
@frozen
public struct Price: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: Int64

    @inlinable public init(rawValue: Int64) { self.rawValue = rawValue }
    @inlinable public init(_ rawValue: Int64) { self.rawValue = rawValue }

    @inlinable public static func < (lhs: Price, rhs: Price) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Zero: used as "no price" by market orders without protection.
    // Computed and inlinable rather than a stored global: no accessor call where it is used.
    @inlinable public static var zero: Price { Price(0) }

    public var description: String { String(rawValue) }
}
