/// The largest `r` with `r * r <= x`: the exact integer square root, by Newton's method.
///
/// Exact for every `x` in `0 ..< 2^126` (then `r * r <= x < (r + 1) * (r + 1)`). Negative `x` gives 0, and
/// `x >= 2^126`, whose root does not fit an `Int64`, saturates to `Int64.max`; neither happens for a variance
/// computed by ``RealisedVolatility``.
/// - Parameter x: the radicand.
/// - Returns: `floor(sqrt(x))`.
public func integerSquareRoot(_ x: Int128) -> Int64 {
    guard x > 0 else { return 0 }
    if x >= Int128(1) << 126 { return Int64.max }
    let value = UInt128(x)
    // Start at a power of two not below the root: 2^ceil(bits / 2) >= sqrt(value).
    let bits = UInt128.bitWidth - value.leadingZeroBitCount
    var root = UInt128(1) << ((bits + 1) / 2)
    // From above, Newton's iteration decreases strictly until it reaches floor(sqrt(value)).
    while true {
        let next = (root + value / root) / 2
        if next >= root { break }
        root = next
    }
    return Int64(root)
}
