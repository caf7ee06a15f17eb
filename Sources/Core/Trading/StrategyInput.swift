import BourseCore
import ConsolidatedBook

/// What a ``Strategy`` sees at one moment: the consolidated book's top levels, our position and the time.
///
/// Prices and sizes are raw at the consolidated book's scales; the strategy's configuration (tick, lot,
/// sizes) must be at the same scales.
public struct StrategyInput: Hashable, Sendable {
    /// The symbol, as the consolidated book names it.
    public var symbol: String
    /// Consolidated bids, best (highest) first.
    public var bids: [ConsolidatedLevel]
    /// Consolidated asks, best (lowest) first.
    public var asks: [ConsolidatedLevel]
    /// Our net position in raw base size: positive long, negative short.
    public var position: Int64
    /// Now, nanoseconds since the epoch.
    public var now: Int64

    /// Creates an input.
    /// - Parameters:
    ///   - symbol: the symbol.
    ///   - bids: consolidated bids, best first (e.g. `book.top(.buy, 20)`).
    ///   - asks: consolidated asks, best first.
    ///   - position: signed raw position, positive long.
    ///   - now: nanoseconds since the epoch.
    public init(symbol: String, bids: [ConsolidatedLevel], asks: [ConsolidatedLevel], position: Int64, now: Int64) {
        self.symbol = symbol
        self.bids = bids
        self.asks = asks
        self.position = position
        self.now = now
    }
}
