import BourseCore
import Hummingbird
import HummingbirdWebSocket

/// The HTTP and WebSocket routes of one simulated venue (its own formats), plus `POST /_sim/fault?name=..&ms=..`
/// and `GET /_sim/status` for tests and demos.
struct VenueRoutes: Sendable {
    let venue: SimulatedVenue

    typealias Context = BasicWebSocketRequestContext

    func register(on router: Router<Context>) {
        let venue = self.venue
        router.post("_sim/fault") { request, _ -> Response in
            let name = request.uri.queryParameters.get("name") ?? ""
            let ms = request.uri.queryParameters.get("ms").flatMap { Int($0) }
            let count = request.uri.queryParameters.get("count").flatMap { Int($0) }
            guard let fault = VenueFault(name: name, milliseconds: ms, count: count) else {
                return Self.json("{\"code\":\"unknown_fault\",\"message\":\"fault names: drop, stale, resume, skip, crossed, malformed, refuse, slow, shutdown, late, lost\"}", status: .badRequest)
            }
            await venue.inject(fault)
            return Self.json("{\"ok\":true}")
        }
        router.get("_sim/status") { _, _ -> Response in
            let sent = await venue.framesSent
            let accepting = await venue.accepting
            return Self.json("{\"venue\":\"\(venue.kind.rawValue)\",\"frames_sent\":\(sent),\"accepting\":\(accepting)}")
        }
        OrderEntryRoutes(venue: venue).register(on: router)
        switch venue.kind {
        case .binance: registerBinanceMarketData(on: router, prefix: "api/v3")
        case .binanceFutures: registerBinanceMarketData(on: router, prefix: "fapi/v1")
        case .coinbase: registerCoinbase(on: router)
        case .bitstamp: registerBitstamp(on: router)
        case .bitmex: registerBitMEX(on: router)
        case .okx: registerOKX(on: router)
        case .kraken: registerKraken(on: router)
        }
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// While a `refuse` fault lasts, REST answers 503.
    func refusing() async -> Response? {
        await venue.accepting ? nil : Self.json("{\"code\":\"unavailable\",\"message\":\"simulated outage\"}", status: .serviceUnavailable)
    }

    // MARK: Venues

    /// Binance's market data: spot under `api/v3`, USD-M futures under `fapi/v1` (with `contractType` in the
    /// exchange information).
    private func registerBinanceMarketData(on router: Router<Context>, prefix: String) {
        let venue = self.venue
        let futures = venue.kind == .binanceFutures ? "\"contractType\":\"PERPETUAL\"," : ""
        router.get("\(prefix)/ping") { _, _ in Self.json("{}") }
        router.get("\(prefix)/depth") { request, _ -> Response in
            if let refused = await refusing() { return refused }
            let symbol = request.uri.queryParameters.get("symbol") ?? ""
            let limit = min(5_000, max(1, request.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 100))
            guard let body = await venue.binanceDepth(symbol: symbol, limit: limit) else {
                return Self.json("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", status: .badRequest)
            }
            return Self.json(body)
        }
        router.get("\(prefix)/exchangeInfo") { _, _ -> Response in
            let symbols = await venue.instruments.map {
                "{\"symbol\":\"\($0.symbol)\",\(futures)\"status\":\"TRADING\",\"baseAsset\":\"\($0.baseAsset)\",\"quoteAsset\":\"\($0.quoteAsset)\"}"
            }
            return Self.json("{\"timezone\":\"UTC\",\"symbols\":[\(symbols.joined(separator: ","))]}")
        }
        router.ws("ws/:stream", shouldUpgrade: shouldUpgrade) { inbound, outbound, context in
            let stream = context.requestContext.parameters.get("stream") ?? ""
            await VenueSocket(venue: venue).run(inbound: inbound, outbound: outbound, streams: [stream], combined: false)
        }
        router.ws("ws", shouldUpgrade: shouldUpgrade) { inbound, outbound, _ in
            await VenueSocket(venue: venue).run(inbound: inbound, outbound: outbound, streams: [], combined: false)
        }
        router.ws("stream", shouldUpgrade: shouldUpgrade) { inbound, outbound, context in
            let streams = context.request.uri.queryParameters.get("streams")?.split(separator: "/").map(String.init) ?? []
            await VenueSocket(venue: venue).run(inbound: inbound, outbound: outbound, streams: streams, combined: true)
        }
    }

    private func registerCoinbase(on router: Router<Context>) {
        let venue = self.venue
        router.get("products") { _, _ -> Response in
            let products = await venue.instruments.map {
                "{\"id\":\"\($0.symbol)\",\"base_currency\":\"\($0.baseAsset)\",\"quote_currency\":\"\($0.quoteAsset)\",\"status\":\"online\"}"
            }
            return Self.json("[\(products.joined(separator: ","))]")
        }
        router.ws("", shouldUpgrade: shouldUpgrade) { inbound, outbound, _ in
            await VenueSocket(venue: venue).run(inbound: inbound, outbound: outbound, streams: [], combined: false)
        }
    }

    private func registerBitstamp(on router: Router<Context>) {
        let venue = self.venue
        router.get("api/v2/order_book/:pair") { _, context -> Response in
            if let refused = await refusing() { return refused }
            let pair = context.parameters.get("pair") ?? ""
            guard let body = await venue.bitstampOrderBook(pair: pair) else {
                return Self.json("{\"status\":\"error\",\"reason\":\"Invalid pair\"}", status: .notFound)
            }
            return Self.json(body)
        }
        router.get("api/v2/trading-pairs-info") { _, _ -> Response in
            let pairs = await venue.instruments.map {
                "{\"name\":\"\($0.baseAsset)/\($0.quoteAsset)\",\"url_symbol\":\"\($0.symbol)\",\"trading\":\"Enabled\"}"
            }
            return Self.json("[\(pairs.joined(separator: ","))]")
        }
        router.ws("", shouldUpgrade: shouldUpgrade) { inbound, outbound, _ in
            await VenueSocket(venue: venue).run(inbound: inbound, outbound: outbound, streams: [], combined: false)
        }
    }

    private func registerBitMEX(on router: Router<Context>) {
        let venue = self.venue
        router.get("api/v1/instrument/active") { _, _ -> Response in
            let contractScales = venue.contractScales
            let rows = await venue.instruments.map {
                // Linear contracts: one contract is 10^-k of the base (`underlyingToPositionMultiplier` = 10^k).
                let multiplier = contractScales[$0.symbol].map { FixedPoint.powersOfTen[$0] } ?? 1
                return "{\"symbol\":\"\($0.symbol)\",\"rootSymbol\":\"\($0.baseAsset == "BTC" ? "XBT" : $0.baseAsset)\",\"state\":\"Open\","
                    + "\"quoteCurrency\":\"\($0.quoteAsset)\",\"tickSize\":\(FixedPoint.format($0.tickSize.rawValue, scale: $0.priceScale)),"
                    + "\"lotSize\":\($0.lotSize.rawValue),\"isInverse\":false,\"underlyingToPositionMultiplier\":\(multiplier)}"
            }
            return Self.json("[\(rows.joined(separator: ","))]")
        }
        router.ws("realtime", shouldUpgrade: shouldUpgrade) { inbound, outbound, _ in
            await VenueSocket(venue: venue).run(inbound: inbound, outbound: outbound, streams: [], combined: false)
        }
    }

    private func registerKraken(on router: Router<Context>) {
        let venue = self.venue
        router.ws("v2", shouldUpgrade: shouldUpgrade) { inbound, outbound, _ in
            await VenueSocket(venue: venue).run(inbound: inbound, outbound: outbound, streams: [], combined: false)
        }
    }

    private func registerOKX(on router: Router<Context>) {
        let venue = self.venue
        router.get("api/v5/public/instruments") { _, _ -> Response in
            let rows = await venue.instruments.map {
                "{\"instType\":\"SPOT\",\"instId\":\"\($0.symbol)\",\"baseCcy\":\"\($0.baseAsset)\",\"quoteCcy\":\"\($0.quoteAsset)\","
                    + "\"tickSz\":\"\(FixedPoint.format($0.tickSize.rawValue, scale: $0.priceScale))\",\"state\":\"live\"}"
            }
            return Self.json("{\"code\":\"0\",\"msg\":\"\",\"data\":[\(rows.joined(separator: ","))]}")
        }
        router.ws("ws/v5/public", shouldUpgrade: shouldUpgrade) { inbound, outbound, _ in
            await VenueSocket(venue: venue).run(inbound: inbound, outbound: outbound, streams: [], combined: false)
        }
    }

    private var shouldUpgrade: @Sendable (Request, Context) async throws -> RouterShouldUpgrade {
        let venue = self.venue
        return { _, _ in await venue.accepting ? .upgrade([:]) : .dontUpgrade }
    }
}

/// One client socket of a simulated venue: frames from the venue's queue out, client frames in.
struct VenueSocket: Sendable {
    let venue: SimulatedVenue

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, streams: [String], combined: Bool) async {
        let (id, frames) = await venue.connect()
        if !streams.isEmpty || combined { await venue.binanceFollow(id, streams: streams, combined: combined) }
        await venue.welcome(id)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await text in frames {
                    let delay = await venue.frameDelay
                    if delay > .zero { try? await Task.sleep(for: delay) }
                    do { try await outbound.write(.text(text)) } catch { break }
                }
                // The venue dropped this socket (fault or too slow): close it.
                try? await outbound.close(.goingAway, reason: "closed by the venue")
            }
            do {
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    if case .text(let text) = message { await venue.handleClientFrame(id, text) }
                }
            } catch {}
            await venue.disconnect(id)
            await group.waitForAll()
        }
    }
}
