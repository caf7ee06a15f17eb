import BourseCore

/// Exact conversion of a fixed-point integer from one decimal scale to another.
///
/// Going up (`2 -> 8`) multiplies by a power of ten with an overflow check; going down (`10 -> 8`) divides and
/// is allowed only when the remainder is zero, so `12345.6789012345` at scale 10 has no value at scale 8 and is
/// refused instead of rounded. Both directions are injective: two distinct inputs never become one output, so
/// converting a venue's book never merges two of its levels.
struct ScaleConverter: Hashable, Sendable {
    /// Why a value has no exact representation at the target scale.
    enum Failure: Error, Hashable, Sendable {
        /// The value has significant digits beyond the target scale.
        case inexact
        /// The value times the power of ten does not fit an `Int64`.
        case overflow
    }

    /// `10^(target - source)` when scaling up, else 1.
    let multiplier: Int64
    /// `10^(source - target)` when scaling down, else 1.
    let divisor: Int64

    /// Both scales must be in `0...18` (``BookScales`` guarantees it).
    init(from source: Int, to target: Int) {
        if target >= source {
            multiplier = FixedPoint.powersOfTen[target - source]
            divisor = 1
        } else {
            multiplier = 1
            divisor = FixedPoint.powersOfTen[source - target]
        }
    }

    /// The value at the target scale.
    /// - Throws: ``Failure/inexact`` or ``Failure/overflow``; never rounds.
    func convert(_ value: Int64) throws(Failure) -> Int64 {
        if divisor != 1 {
            let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
            guard remainder == 0 else { throw .inexact }
            return quotient
        }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { throw .overflow }
        return product
    }
}
