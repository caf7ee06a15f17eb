import BourseCore
import ExchangeCore
import ExchangeService
import Ledger
import Synchronization

/// The markets and assets, cached outside the sequencer (they change only when a market or asset is added), so
/// parsing a request never waits for the single writer.
final class InstrumentCatalog: Sendable {
    struct Snapshot: Sendable {
        var markets: [MarketDefinition] = []
        var index: [String: Int] = [:]
        var assets: [String: Asset] = [:]
        var assetOrder: [String] = []
    }

    private let snapshot = Mutex(Snapshot())
    let sequencer: ExchangeSequencer

    init(sequencer: ExchangeSequencer) { self.sequencer = sequencer }

    /// Reloads from the exchange state.
    func refresh() async {
        let (definitions, assets) = await sequencer.read { state in
            (state.symbols.compactMap { state.definition($0) }, state.ledger.assets)
        }
        var fresh = Snapshot()
        fresh.markets = definitions
        for (i, d) in definitions.enumerated() { fresh.index[d.symbol] = i }
        for asset in assets {
            fresh.assets[asset.symbol] = asset
            fresh.assetOrder.append(asset.symbol)
        }
        snapshot.withLock { $0 = fresh }
    }

    var markets: [MarketDefinition] { snapshot.withLock { $0.markets } }

    /// The definition of a market, reloading once if it is not known yet.
    /// - Throws: ``APIError`` 404 `unknown_symbol`.
    func market(_ symbol: String) async throws(APIError) -> MarketDefinition {
        if let d = cached(symbol) { return d }
        guard symbol.utf8.count <= 32 else { throw Self.unknown(symbol) }
        await refresh()
        guard let d = cached(symbol) else { throw Self.unknown(symbol) }
        return d
    }

    /// The index of a market in the order markets were added (stable; used in level ids).
    func marketIndex(_ symbol: String) -> Int? { snapshot.withLock { $0.index[symbol] } }

    func cached(_ symbol: String) -> MarketDefinition? {
        snapshot.withLock { s in s.index[symbol].map { s.markets[$0] } }
    }

    func asset(_ symbol: String) -> Asset? { snapshot.withLock { $0.assets[symbol] } }

    /// The asset symbols in the order they were added.
    var assetSymbols: [String] { snapshot.withLock { $0.assetOrder } }

    /// The asset, reloading once if it is not known yet.
    /// - Throws: ``APIError`` 404 `unknown_asset`.
    func requireAsset(_ symbol: String) async throws(APIError) -> Asset {
        if let a = asset(symbol) { return a }
        await refresh()
        guard let a = asset(symbol) else {
            throw APIError.notFound("unknown_asset", "no asset \(symbol.prefix(32))")
        }
        return a
    }

    private static func unknown(_ symbol: String) -> APIError {
        APIError.notFound("unknown_symbol", "no market \(symbol.prefix(32)); see GET /api/v1/instruments")
    }
}
