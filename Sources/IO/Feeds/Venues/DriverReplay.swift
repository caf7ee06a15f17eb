import MarketData

/// Feeds a recording through a venue driver, the code a live connector runs: a `connect` starts a new
/// connection (the driver resets), received frames and REST bodies go in as they did live.
public struct DriverReplay<Driver: VenueDriver> {
    /// The driver and its book.
    public private(set) var driver: Driver
    /// Directives the driver gave (snapshot requests, resubscribes), counted: a recording holds what the live
    /// connector did about them.
    public private(set) var directives = 0

    public init(driver: Driver) { self.driver = driver }

    /// Handles one recorded item.
    public mutating func feed(_ frame: RecordedFrame) {
        let directive: FeedDirective
        switch frame.kind {
        case .connect:
            driver.reset()
            return
        case .sent:
            return
        case .received:
            directive = driver.receive(frame.payload, at: frame.time)
        case .http:
            directive = driver.receiveSnapshot(frame.payload, at: frame.time)
        }
        if directive != .none { directives += 1 }
    }
}
