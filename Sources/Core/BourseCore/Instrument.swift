/// A tradable pair and the grid its prices and sizes live on.
///
/// Prices are integers in units of `10^-priceScale` quote; sizes in units of `10^-sizeScale` base.
/// `tickSize` and `lotSize` are expressed in those units, so a price is on the grid when
/// `price % tickSize == 0`. The notional `price × size` is in units of `10^-(priceScale + sizeScale)` quote.
public struct Instrument: Hashable, Sendable {
    public let symbol: String
    public let baseAsset: String
    public let quoteAsset: String
    public let priceScale: Int
    public let sizeScale: Int
    public let tickSize: Price
    public let lotSize: Quantity
    public let minQuantity: Quantity
    public let maxQuantity: Quantity
    public let minPrice: Price
    public let maxPrice: Price

    /// Creates an instrument, checking that the definition itself is consistent.
    /// - Throws: ``InstrumentError`` with code `invalid_instrument` when a scale is outside `0...18`, tick or lot
    ///   is not positive, the min/max bounds are inverted or off the grid, or `priceScale + sizeScale > 18`.
    public init(
        symbol: String,
        baseAsset: String,
        quoteAsset: String,
        priceScale: Int,
        sizeScale: Int,
        tickSize: Price,
        lotSize: Quantity,
        minQuantity: Quantity? = nil,
        maxQuantity: Quantity = Quantity(Int64.max / 4),
        minPrice: Price? = nil,
        maxPrice: Price = Price(Int64.max / 4)
    ) throws(InstrumentError) {
        func invalid(_ why: String) -> InstrumentError {
            InstrumentError(.invalidDefinition, "instrument \(symbol): \(why)")
        }
        guard (0...FixedPoint.maximumScale).contains(priceScale), (0...FixedPoint.maximumScale).contains(sizeScale),
            priceScale + sizeScale <= FixedPoint.maximumScale
        else { throw invalid("scales \(priceScale)/\(sizeScale) must be in 0...18 and add up to at most 18") }
        guard tickSize.rawValue > 0 else { throw invalid("tick size must be positive") }
        guard lotSize.rawValue > 0 else { throw invalid("lot size must be positive") }
        let minQ = minQuantity ?? lotSize
        let minP = minPrice ?? tickSize
        guard minQ.rawValue > 0, minQ <= maxQuantity else { throw invalid("size bounds are inverted or not positive") }
        guard minP.rawValue > 0, minP <= maxPrice else { throw invalid("price bounds are inverted or not positive") }
        self.symbol = symbol
        self.baseAsset = baseAsset
        self.quoteAsset = quoteAsset
        self.priceScale = priceScale
        self.sizeScale = sizeScale
        self.tickSize = tickSize
        self.lotSize = lotSize
        self.minQuantity = minQ
        self.maxQuantity = maxQuantity
        self.minPrice = minP
        self.maxPrice = maxPrice
    }

    /// The scale of a notional (`price × size`) in quote units.
    public var notionalScale: Int { priceScale + sizeScale }

    // MARK: Decimal strings

    /// Parses an exchange price string exactly, then checks it against the grid and bounds.
    public func price(_ text: some StringProtocol) throws(InstrumentError) -> Price {
        let raw: Int64
        do { raw = try FixedPoint.parse(text, scale: priceScale) } catch {
            throw InstrumentError(.invalidDecimal, error.message, cause: error)
        }
        let price = Price(raw)
        try validate(price: price)
        return price
    }

    /// Parses an exchange size string exactly (negative sizes refused), then checks grid and bounds.
    public func quantity(_ text: some StringProtocol) throws(InstrumentError) -> Quantity {
        let raw: Int64
        do { raw = try FixedPoint.parse(text, scale: sizeScale, allowNegative: false) } catch {
            throw InstrumentError(.invalidDecimal, error.message, cause: error)
        }
        let quantity = Quantity(raw)
        try validate(quantity: quantity)
        return quantity
    }

    /// The canonical decimal text of a price (`"26818.88"`).
    public func format(_ price: Price) -> String { FixedPoint.format(price.rawValue, scale: priceScale) }
    /// The canonical decimal text of a size.
    public func format(_ quantity: Quantity) -> String { FixedPoint.format(quantity.rawValue, scale: sizeScale) }

    // MARK: Grid checks

    /// Checks that a price is positive, on the tick grid and within bounds.
    public func validate(price: Price) throws(InstrumentError) {
        guard price.rawValue > 0 else {
            throw InstrumentError(.nonPositivePrice, "price \(format(price)) must be positive")
        }
        guard price.rawValue % tickSize.rawValue == 0 else {
            throw InstrumentError(
                .priceOffTick, "price \(format(price)) is not a multiple of the tick size \(format(tickSize))")
        }
        guard price >= minPrice, price <= maxPrice else {
            throw InstrumentError(
                .priceOutOfRange, "price \(format(price)) outside \(format(minPrice))...\(format(maxPrice))")
        }
    }

    /// Checks that a size is positive, on the lot grid and within the min/max size.
    public func validate(quantity: Quantity) throws(InstrumentError) {
        guard quantity.rawValue > 0 else {
            throw InstrumentError(.nonPositiveQuantity, "size \(format(quantity)) must be positive")
        }
        guard quantity.rawValue % lotSize.rawValue == 0 else {
            throw InstrumentError(
                .quantityOffLot, "size \(format(quantity)) is not a multiple of the lot size \(format(lotSize))")
        }
        guard quantity >= minQuantity else {
            throw InstrumentError(
                .quantityBelowMinimum, "size \(format(quantity)) is below the minimum \(format(minQuantity))")
        }
        guard quantity <= maxQuantity else {
            throw InstrumentError(
                .quantityAboveMaximum, "size \(format(quantity)) is above the maximum \(format(maxQuantity))")
        }
    }
}
