import Feeds
import MarketData
import OrderBook

/// A type-erased driver, so one test body serves every venue.
struct AnyDriver: VenueDriver {
    var base: any VenueDriver
    init(_ base: any VenueDriver) { self.base = base }
    var venue: String { base.venue }
    var symbol: String { base.symbol }
    var streamURL: String { base.streamURL }
    var subscriptions: [String] { base.subscriptions }
    var book: L2Book { base.book }
    var isSynced: Bool { base.isSynced }
    var syncCounters: BookSyncCounters { base.syncCounters }
    var parseErrors: Int { base.parseErrors }
    var exchangeTime: Int64 { base.exchangeTime }
    var scales: DecimalScales { base.scales }
    mutating func reset() { base.reset() }
    mutating func receive(_ frame: [UInt8], at time: Int64) -> FeedDirective { base.receive(frame, at: time) }
    mutating func receiveSnapshot(_ body: [UInt8], at time: Int64) -> FeedDirective { base.receiveSnapshot(body, at: time) }
}
