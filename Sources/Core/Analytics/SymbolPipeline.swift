import BourseCore
import OrderBook

/// One symbol's analytics: every book state in, the top-of-book figures and spread alerts out.
///
/// A value owned by the symbol's own task (one per symbol, running concurrently with the others).
public struct SymbolPipeline: Sendable {
    /// What one book state produced.
    public struct Output: Sendable {
        public var metrics: TopOfBookMetrics
        /// The spread just went above the threshold.
        public var alert: Bool
    }

    public let symbol: String
    public let priceScale: Int
    public let sizeScale: Int
    private var filter: SpreadAlertFilter
    /// Book states seen, states with both sides, alerts emitted.
    public private(set) var states = 0
    public private(set) var quoted = 0
    public private(set) var alerts = 0
    private var last: (bid: L2Level, ask: L2Level)?

    public init(symbol: String, priceScale: Int, sizeScale: Int, filter: SpreadAlertFilter) {
        self.symbol = symbol
        self.priceScale = priceScale
        self.sizeScale = sizeScale
        self.filter = filter
    }

    /// Handles one book state; `nil` when a side is empty or the top of book did not change.
    public mutating func observe(_ book: L2Book) -> Output? {
        states += 1
        guard let metrics = TopOfBookMetrics(book: book, priceScale: priceScale, sizeScale: sizeScale) else { return nil }
        quoted += 1
        if let last, last.bid == metrics.bid, last.ask == metrics.ask { return nil }
        last = (metrics.bid, metrics.ask)
        let alert = filter.check(metrics)
        if alert { alerts += 1 }
        return Output(metrics: metrics, alert: alert)
    }

    /// One JSON line for an output (`type` is `alert` or `top`); exact decimal texts, receive time in ns.
    public func jsonLine(_ output: Output, time: Int64) -> String {
        let m = output.metrics
        let mid = m.mid
        return "{\"type\":\"\(output.alert ? "alert" : "top")\",\"symbol\":\"\(symbol)\",\"time\":\(time),"
            + "\"bid\":\"\(FixedPoint.format(m.bid.price.rawValue, scale: priceScale))\","
            + "\"ask\":\"\(FixedPoint.format(m.ask.price.rawValue, scale: priceScale))\","
            + "\"mid\":\"\(FixedPoint.format(mid.value, scale: mid.scale))\","
            + "\"spread\":\"\(FixedPoint.format(m.spread, scale: priceScale))\","
            + "\"spread_bps\":\"\(TopOfBookMetrics.format(ratio: m.spreadBps))\","
            + "\"spread_over_ask\":\"\(TopOfBookMetrics.format(ratio: m.spreadOverAsk))\","
            + "\"microprice\":\"\(FixedPoint.format(m.microprice, scale: priceScale + TopOfBookMetrics.ratioDigits))\","
            + "\"imbalance\":\"\(TopOfBookMetrics.format(ratio: m.imbalance))\"}"
    }
}
