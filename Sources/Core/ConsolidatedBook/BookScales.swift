import BourseCore

/// The decimals of prices and sizes: a price `p` means `p / 10^price` quote units, a size `s` means
/// `s / 10^size` base units.
///
/// The consolidated book has one pair, chosen at creation; each venue declares its own (the scales its
/// connector parses at, e.g. Binance 8/8, BitMEX a price scale of 10) and its values are converted exactly.
public struct BookScales: Hashable, Sendable, CustomStringConvertible {
    /// Fractional digits of prices.
    public let price: Int
    /// Fractional digits of sizes.
    public let size: Int

    /// - Throws: ``ConsolidatedBookError/Code-swift.struct/invalidScale`` when a scale is outside `0...18`
    ///   (10^18 is the largest power of ten in an `Int64`).
    public init(price: Int, size: Int) throws(ConsolidatedBookError) {
        let valid = 0...FixedPoint.maximumScale
        guard valid.contains(price), valid.contains(size) else {
            throw ConsolidatedBookError(
                .invalidScale, "scales (price \(price), size \(size)) must both be in 0...\(FixedPoint.maximumScale)")
        }
        self.price = price
        self.size = size
    }

    public var description: String { "price \(price), size \(size)" }
}
