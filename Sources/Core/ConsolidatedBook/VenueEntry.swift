import OrderBook

/// What the book keeps per venue: its status, its converters and its current levels at the book's scales.
///
/// The levels are what the venue contributes to the consolidated sides (after conversion and the depth
/// limit), best first. The next update is diffed against them, so only prices whose size changed touch the
/// consolidated sides.
struct VenueEntry: Sendable {
    var status: VenueStatus
    /// Venue price scale -> book price scale.
    let priceConverter: ScaleConverter
    /// Venue size scale -> book size scale.
    let sizeConverter: ScaleConverter
    /// Bids at the book's scales, best (highest) first; empty unless the venue is included.
    var bids: [L2Level] = []
    /// Asks at the book's scales, best (lowest) first; empty unless the venue is included.
    var asks: [L2Level] = []

    init(id: VenueID, config: VenueConfig, bookScales: BookScales) {
        status = VenueStatus(id: id, config: config)
        priceConverter = ScaleConverter(from: config.scales.price, to: bookScales.price)
        sizeConverter = ScaleConverter(from: config.scales.size, to: bookScales.size)
    }

    var name: String { status.config.name }
    var takerFee: Int { status.config.takerFeeBasisPoints }

    /// The venue's levels on one side, best first.
    func levels(_ isBid: Bool) -> [L2Level] { isBid ? bids : asks }
}
