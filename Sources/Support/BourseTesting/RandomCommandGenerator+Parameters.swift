import BourseCore
import MatchingEngine

extension RandomCommandGenerator {
    /// The grid of the generated instrument and the shape of the stream.
    public struct Parameters: Hashable, Sendable, CustomStringConvertible {
        /// Price grid.
        public var tickSize: Int64
        /// Size grid.
        public var lotSize: Int64
        /// Minimum order size, in lots (> 1 makes `quantityBelowMinimum` reachable).
        public var minLots: Int64
        /// Maximum order size, in lots.
        public var maxLots: Int64
        /// Accounts `1...accounts` place orders; few accounts make self-trade prevention fire often.
        public var accounts: UInt32
        /// The mid price at the start, in ticks.
        public var startTicks: Int64
        /// The engine's expected number of orders: small values make orders share home slots and overflow the
        /// engine's order pool, which then grows.
        public var expectedOrders: Int

        /// - Parameters:
        ///   - tickSize: price grid (> 0).
        ///   - lotSize: size grid (> 0).
        ///   - minLots: minimum size in lots (>= 1).
        ///   - maxLots: maximum size in lots (>= 60, the largest generated valid size).
        ///   - accounts: number of accounts (>= 2).
        ///   - startTicks: initial mid in ticks (>= 40).
        ///   - expectedOrders: the engine's expected number of orders (>= 1).
        public init(
            tickSize: Int64 = 1, lotSize: Int64 = 1, minLots: Int64 = 1, maxLots: Int64 = 500,
            accounts: UInt32 = 4, startTicks: Int64 = 1_000, expectedOrders: Int = 1 << 10
        ) {
            precondition(tickSize > 0 && lotSize > 0 && minLots >= 1 && maxLots >= 60, "bad grid")
            precondition(accounts >= 2 && startTicks >= 40, "bad stream shape")
            self.tickSize = tickSize
            self.lotSize = lotSize
            self.minLots = minLots
            self.maxLots = maxLots
            self.accounts = accounts
            self.startTicks = startTicks
            precondition(expectedOrders >= 1, "bad capacity")
            self.expectedOrders = expectedOrders
        }

        /// The engine configuration for this grid; prices range from one tick to a million ticks.
        public var configuration: EngineConfiguration {
            EngineConfiguration(
                tickSize: tickSize, lotSize: lotSize, minQuantity: minLots * lotSize, maxQuantity: maxLots * lotSize,
                minPrice: tickSize, maxPrice: 1_000_000 * tickSize, expectedOrders: expectedOrders)
        }

        public var description: String {
            "tick \(tickSize) lot \(lotSize) min \(minLots) max \(maxLots) lots, \(accounts) accounts"
                + (expectedOrders == 1 << 10 ? "" : ", \(expectedOrders) expected orders")
        }
    }
}
