/// Integer helpers for prices on a tick grid: floor and ceiling division that are correct for negatives.
enum GridMath {
    /// `floor(a / b)` for `b > 0`.
    static func floorDivide(_ a: Int128, _ b: Int128) -> Int128 {
        let quotient = a / b
        return (a % b != 0 && a < 0) ? quotient - 1 : quotient
    }

    /// `ceil(a / b)` for `b > 0`.
    static func ceilingDivide(_ a: Int128, _ b: Int128) -> Int128 {
        let quotient = a / b
        return (a % b != 0 && a > 0) ? quotient + 1 : quotient
    }

    /// The largest multiple of `tick` not above `value`.
    static func roundDown(_ value: Int128, tick: Int128) -> Int128 { floorDivide(value, tick) * tick }

    /// The smallest multiple of `tick` not below `value`.
    static func roundUp(_ value: Int128, tick: Int128) -> Int128 { ceilingDivide(value, tick) * tick }

    /// `value` as an `Int64`, or `nil` when it does not fit.
    static func int64(_ value: Int128) -> Int64? {
        (Int128(Int64.min)...Int128(Int64.max)).contains(value) ? Int64(value) : nil
    }
}
