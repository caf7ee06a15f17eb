import BourseCore

/// An exact decimal `significand / 10^scale` with a 128-bit significand, for values finer or larger than the
/// book's `Int64` prices: prices net of fees (price × (10 000 ± fee) needs 4 more decimals, and at a price scale
/// of 10 a BTC price times 10 000 no longer fits 64 bits).
///
/// Two values are equal when significand and scale are equal; the book always produces one scale per kind
/// of value (price scale + 4 for net prices and net edges), so equal values compare equal.
public struct ExactDecimal: Hashable, Sendable, CustomStringConvertible {
    /// The integer count of `10^-scale` units.
    public let significand: Int128
    /// Fractional digits.
    public let scale: Int

    /// - Parameter scale: `0...38` (10^38 is the largest power of ten below 2^127).
    public init(significand: Int128, scale: Int) {
        precondition((0...38).contains(scale), "ExactDecimal scale \(scale) outside 0...38")
        self.significand = significand
        self.scale = scale
    }

    /// `true` below zero.
    public var isNegative: Bool { significand < 0 }

    /// The significand as a `FixedPoint` value at ``scale`` when it fits 64 bits and the scale is one `FixedPoint`
    /// handles (every price and size of the book), so that its text can be written by `FixedPoint`; `nil` otherwise.
    public var fixedPoint: Int64? {
        guard scale <= FixedPoint.maximumScale, significand >= Int128(Int64.min), significand <= Int128(Int64.max)
        else { return nil }
        return Int64(truncatingIfNeeded: significand)
    }

    /// The canonical text: no trailing fractional zeros, no point for whole numbers, `-` for negatives
    /// (the same rules as `FixedPoint.format`): `ExactDecimal(significand: 2_681_888_0000, scale: 6)` is
    /// `"26818.88"`.
    public var description: String {
        // Most values fit 64 bits (every price and size of the book): 64-bit division is several times faster.
        if let fixedPoint { return FixedPoint.format(fixedPoint, scale: scale) }
        // One pass from the end into the string's own storage: fractional digits with the trailing zeros left
        // out, the point, the whole part, the sign.
        var magnitude = significand.magnitude
        var fractionDigits = scale
        while fractionDigits > 0 && magnitude % 10 == 0 {
            magnitude /= 10
            fractionDigits -= 1
        }
        var digits = 0
        var rest = magnitude
        repeat {
            digits += 1
            rest /= 10
        } while rest > 0
        let integerDigits = max(1, digits - fractionDigits)
        let length = (significand < 0 ? 1 : 0) + integerDigits + (fractionDigits > 0 ? 1 + fractionDigits : 0)
        return String(unsafeUninitializedCapacity: length) { buffer in
            var index = length
            for _ in 0..<fractionDigits {
                index -= 1
                buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            }
            if fractionDigits > 0 {
                index -= 1
                buffer[index] = UInt8(ascii: ".")
            }
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if significand < 0 { buffer[0] = UInt8(ascii: "-") }
            return length
        }
    }
}
