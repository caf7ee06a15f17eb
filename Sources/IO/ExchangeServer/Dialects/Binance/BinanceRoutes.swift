import Hummingbird
import HummingbirdWebSocket

/// The Binance spot dialect on the server's router: REST under `/api/v3` (market data, orders, account) and the
/// market streams at `/ws`, `/ws/<stream or anything>` and `/stream?streams=a/b`. The same engine, accounts
/// and API keys serve every dialect.
struct BinanceRoutes {
    let gateway: ExchangeGateway

    func register(on router: Router<ServerContext>) {
        let api = router.group("api/v3")
        BinanceMarketRoutes(gateway: gateway).register(on: api)
        BinanceOrderRoutes(gateway: gateway).register(on: api)
        BinanceAccountRoutes(gateway: gateway).register(on: api)
        let gateway = self.gateway
        router.ws("ws") { inbound, outbound, _ in
            await BinanceStreamSession(gateway: gateway, combined: false, initialStreams: [])
                .run(inbound: inbound, outbound: outbound)
        }
        router.ws("ws/**") { inbound, outbound, context in
            let path = context.request.uri.path
            let names = path.split(separator: "/").dropFirst().map(String.init)
            await BinanceStreamSession(gateway: gateway, combined: false, initialStreams: names)
                .run(inbound: inbound, outbound: outbound)
        }
        router.ws("stream") { inbound, outbound, context in
            let names = context.request.uri.queryParameters.get("streams")?.split(separator: "/").map(String.init) ?? []
            await BinanceStreamSession(gateway: gateway, combined: true, initialStreams: names)
                .run(inbound: inbound, outbound: outbound)
        }
    }
}
