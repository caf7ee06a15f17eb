/// A venue taking part in a consolidated book: its name, the scales its connector delivers and its taker fee.
public struct VenueConfig: Hashable, Sendable {
    /// The venue (`binance`, `bitmex`, ...): unique within a book, and the last tie-breaker of every ordering.
    public let name: String
    /// The decimals of the prices and sizes in the venue's ``L2Book``.
    public let scales: BookScales
    /// The taker fee in basis points (`10` = 0.10 %), used for prices net of fees and net cross edges.
    public let takerFeeBasisPoints: Int

    /// - Parameters:
    ///   - name: unique within the book.
    ///   - scales: the scales of the venue's prices and sizes.
    ///   - takerFeeBasisPoints: `0...9_999`; 0 (the default) reads prices gross.
    /// - Throws: ``ConsolidatedBookError/Code-swift.struct/invalidFee`` for a fee outside `0...9_999` (a fee of
    ///   100 % or more would make every net bid zero or negative and its ordering meaningless).
    public init(name: String, scales: BookScales, takerFeeBasisPoints: Int = 0) throws(ConsolidatedBookError) {
        guard (0...9_999).contains(takerFeeBasisPoints) else {
            throw ConsolidatedBookError(
                .invalidFee, "taker fee \(takerFeeBasisPoints) bp is outside 0...9999 bp", venue: name)
        }
        self.name = name
        self.scales = scales
        self.takerFeeBasisPoints = takerFeeBasisPoints
    }
}
