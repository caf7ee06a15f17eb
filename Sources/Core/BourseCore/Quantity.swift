/// A size as an integer count of the instrument's size units (`10^-sizeScale` of the base asset).
@frozen
public struct Quantity: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: Int64

    @inlinable public init(rawValue: Int64) { self.rawValue = rawValue }
    @inlinable public init(_ rawValue: Int64) { self.rawValue = rawValue }

    @inlinable public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Zero.
    // Computed and inlinable rather than a stored global: no accessor call where it is used (it is the default
    // iceberg size of every `OrderRequest`).
    @inlinable public static var zero: Quantity { Quantity(0) }

    public var description: String { String(rawValue) }
}
