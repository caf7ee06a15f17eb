import BourseCore
import ExchangeCore

/// One fill from one account's side, as `GET fills` shows it.
struct FillView: Encodable, Sendable {
    var tradeId: UInt64
    var orderId: UInt64
    var symbol: String
    var side: String
    var price: String
    var size: String
    /// `maker` or `taker`.
    var liquidity: String
    /// Fee charged for this fill, exact decimal in ``feeAsset``.
    var fee: String
    var feeAsset: String
    var time: Int64

    /// The fill of `trade` for its maker (`maker == true`) or taker; `feeScale` is the fee asset's scale.
    init(_ trade: TradeRecord, maker: Bool, _ instrument: Instrument, feeScale: Int) {
        tradeId = trade.id
        orderId = maker ? trade.makerOrderID.rawValue : trade.takerOrderID.rawValue
        symbol = trade.symbol
        let takerBuys = trade.aggressor == .buy
        side = (maker ? !takerBuys : takerBuys) ? "buy" : "sell"
        price = instrument.format(trade.price)
        size = instrument.format(trade.quantity)
        liquidity = maker ? "maker" : "taker"
        fee = FixedPoint.format(maker ? trade.makerFee : trade.takerFee, scale: feeScale)
        feeAsset = trade.feeAsset
        time = trade.time
    }
}
