import BourseCore
import ExchangeCore
import Hummingbird
import Ledger

/// The BitMEX REST reads that BitMEX clients (ccxt's `bitmex`) make before they follow `/realtime`:
/// `GET /api/v1/instrument/active` and `GET /api/v1/wallet/assets`.
///
/// Markets are spot instruments (`typ` `IFXXXP`) under Bourse's own symbols (`BTC-USDT`), the symbols the
/// `/realtime` topics use. Bourse's socket sends sizes as decimal strings in whole units, so every asset's
/// `scale` is 0 here: a client that converts BitMEX raw integer amounts (`raw × 10^-scale`) leaves them as they are.
/// Decimals are strings, never binary floating point.
struct BitMEXRoutes {
    let gateway: ExchangeGateway

    func register(on api: RouterGroup<ServerContext>) {
        api.get("instrument/active") { _, _ in await activeInstruments() }
        api.get("wallet/assets") { _, _ in await assets() }
    }

    /// A row of `instrument/active`.
    struct Instrument: Encodable, Sendable {
        var symbol: String
        var rootSymbol: String
        var state = "Open"
        var typ = "IFXXXP"
        var underlying: String
        var quoteCurrency: String
        var settlCurrency: String
        var positionCurrency: String
        var isInverse = false
        var isQuanto = false
        var multiplier = 1
        var lotSize: String
        var tickSize: String
        var maxOrderQty: String
        var maxPrice: String
        var makerFee: String
        var takerFee: String
        var lastPrice: String?
        var bidPrice: String?
        var askPrice: String?
        var timestamp: String
    }

    func activeInstruments() async -> Response {
        await gateway.catalog.refresh()
        var rows: [Instrument] = []
        for d in gateway.catalog.markets {
            let i = d.instrument
            let live = await gateway.hub.instrumentRow(d.symbol)
            rows.append(
                Instrument(
                    symbol: i.symbol, rootSymbol: i.baseAsset, underlying: i.baseAsset, quoteCurrency: i.quoteAsset,
                    settlCurrency: i.quoteAsset, positionCurrency: i.baseAsset, lotSize: i.format(i.lotSize),
                    tickSize: i.format(i.tickSize), maxOrderQty: i.format(i.maxQuantity),
                    maxPrice: i.format(i.maxPrice),
                    makerFee: FixedPoint.format(d.fees.makerRate, scale: 6),
                    takerFee: FixedPoint.format(d.fees.takerRate, scale: 6), lastPrice: live?.lastPrice,
                    bidPrice: live?.bidPrice, askPrice: live?.askPrice, timestamp: Timestamp.iso(gateway.clock())))
        }
        return JSONResponse.make(rows)
    }

    /// A row of `wallet/assets`.
    struct Asset: Encodable, Sendable {
        var asset: String
        var currency: String
        var name: String
        /// Raw amounts on this dialect are whole units (see the type's comment).
        var scale = 0
        var enabled = true
        var isMarginCurrency = false
        var currencyType = "Crypto"
        var networks: [String] = []
    }

    func assets() async -> Response {
        await gateway.catalog.refresh()
        let names = gateway.catalog.assetSymbols
        return JSONResponse.make(names.map { Asset(asset: $0, currency: $0, name: $0) })
    }
}
