import HummingbirdWebSocket

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One Binance market-stream socket: `/ws`, `/ws/<anything>` (raw events) or `/stream?streams=a/b` (each event
/// wrapped as `{"stream":"btcusdt@depth@100ms","data":{...}}`).
///
/// Serves `<symbol>@depth` (1000 ms) and `<symbol>@depth@100ms` diff events (see ``BinanceDepthFeed``). Streams
/// named in the path or the `streams` query are followed from the start; frames
/// `{"method":"SUBSCRIBE"|"UNSUBSCRIBE","params":[...],"id":1}` answer `{"result":null,"id":1}`,
/// `LIST_SUBSCRIPTIONS` answers the names. A bad frame answers Binance's `{"error":{"code":2,"msg":...},"id":..}`
/// and changes nothing. Like ``RealtimeSession``, a client that falls behind its queue is disconnected.
struct BinanceStreamSession: Sendable {
    let gateway: ExchangeGateway
    /// Whether events come in the combined-stream envelope.
    let combined: Bool
    /// Stream names from the URL (names that are not streams, such as ccxt's `/ws/0`, are ignored).
    let initialStreams: [String]

    /// Most streams one socket may follow (Binance allows 1024).
    static let maxStreams = 1_024

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        let hub = gateway.hub
        let connection = await hub.binanceConnect(
            queueLimit: gateway.configuration.socketQueueLimit, combined: combined)
        let clientGone = RealtimeSession.Flag()
        let initial = await resolve(initialStreams.filter { BinanceDepthFeed.parse($0) != nil })
        if case .success(let streams) = initial, !streams.isEmpty {
            await hub.binanceSubscribe(connection.id, streams, reply: nil)
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await text in connection.messages {
                    do { try await outbound.writeTextMessage(text) } catch { break }
                }
                if !clientGone.isSet {
                    await hub.disconnect(connection.id)
                    try? await outbound.close(.policyViolation, reason: "too slow: the send queue overflowed")
                }
            }
            do {
                for try await message in inbound.messages(maxSize: gateway.configuration.maxFrameSize) {
                    await handle(message, connection)
                }
            } catch {}
            clientGone.set()
            await hub.disconnect(connection.id)
            await group.waitForAll()
        }
    }

    /// A client frame: `{"method": ..., "params": [...], "id": ...}`.
    struct Frame: Decodable, Sendable {
        var method: String
        var params: [String]?
        var id: RequestID?
    }

    /// A request id as the client sent it (Binance allows an integer, a string or null), echoed verbatim.
    enum RequestID: Decodable, Sendable {
        case integer(Int64)
        case text(String)

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int64.self) { self = .integer(i) } else { self = .text(try c.decode(String.self)) }
        }

        var json: String {
            switch self {
            case .integer(let i): return String(i)
            case .text(let s): return JSONResponse.string(s)
            }
        }
    }

    private func handle(_ message: WebSocketMessage, _ connection: RealtimeConnection) async {
        guard case .text(let text) = message else {
            return fail(connection, 3, "Invalid JSON: expected a text frame", nil)
        }
        let frame: Frame
        do { frame = try JSONDecoder().decode(Frame.self, from: Data(text.utf8)) } catch {
            return fail(connection, 3, "Invalid JSON: expected {\"method\":..,\"params\":[..],\"id\":..}", nil)
        }
        let id = frame.id?.json ?? "null"
        let hub = gateway.hub
        switch frame.method {
        case "SUBSCRIBE", "UNSUBSCRIBE":
            guard let names = frame.params, !names.isEmpty else {
                return fail(connection, 2, "Invalid request: params must name streams", id)
            }
            let streams: [(BinanceDepthFeed.Stream, String)]
            switch await resolve(names) {
            case .success(let s): streams = s
            case .failure(let message): return fail(connection, 2, "Invalid request: \(message)", id)
            }
            let reply = #"{"result":null,"id":\#(id)}"#
            if frame.method == "SUBSCRIBE" {
                let current = await hub.binanceSubscriptions(connection.id).count
                guard current + streams.count <= Self.maxStreams else {
                    return fail(connection, 2, "Invalid request: at most \(Self.maxStreams) streams", id)
                }
                await hub.binanceSubscribe(connection.id, streams, reply: reply)
            } else {
                await hub.binanceUnsubscribe(connection.id, streams.map(\.0), reply: reply)
            }
        case "LIST_SUBSCRIPTIONS":
            let names = await hub.binanceSubscriptions(connection.id)
            connection.send(#"{"result":\#(JSONResponse.string(names)),"id":\#(id)}"#)
        default:
            fail(connection, 2, "Invalid request: method must be SUBSCRIBE, UNSUBSCRIBE or LIST_SUBSCRIPTIONS", id)
        }
    }

    /// Maps stream names to streams of known markets.
    /// - Returns: the streams with their names as given, or why a name is refused (unknown stream or symbol).
    private func resolve(_ names: [String]) async -> Result<[(BinanceDepthFeed.Stream, String)], StreamError> {
        var out: [(BinanceDepthFeed.Stream, String)] = []
        for name in names.prefix(Self.maxStreams) {
            guard name.utf8.count <= 64, let (symbol, speed) = BinanceDepthFeed.parse(name) else {
                return .failure(StreamError("unsupported stream \(name.prefix(64)); serve <symbol>@depth[@100ms]"))
            }
            do throws(BinanceError) {
                let market = try await gateway.catalog.binanceMarket(symbol)
                out.append((BinanceDepthFeed.Stream(symbol: market.symbol, speed: speed), name))
            } catch {
                return .failure(StreamError("unknown symbol \(symbol.prefix(32))"))
            }
        }
        return .success(out)
    }

    struct StreamError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private func fail(_ connection: RealtimeConnection, _ code: Int, _ message: String, _ id: String?) {
        connection.send(#"{"error":{"code":\#(code),"msg":\#(JSONResponse.string(message))},"id":\#(id ?? "null")}"#)
    }
}
