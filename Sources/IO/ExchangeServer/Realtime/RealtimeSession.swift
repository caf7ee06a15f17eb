#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BourseCore
import ExchangeCore
import HummingbirdWebSocket
import NIOCore
import Synchronization

/// One `/realtime` WebSocket client: reads its ops, and writes what the hub queues for it.
///
/// Two tasks: the reader handles ops (subscribe, authenticate, place and cancel orders) and queues replies; the
/// writer drains the client's bounded queue into the socket. When the queue overflows (the client reads too
/// slowly) the hub ends it, and the writer closes the socket with `policyViolation` — the exchange never waits.
struct RealtimeSession: Sendable {
    let gateway: ExchangeGateway

    /// Most topics one socket may follow.
    static let maxTopics = 64

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        let hub = gateway.hub
        let connection = await hub.connect(queueLimit: gateway.configuration.socketQueueLimit)
        let clientGone = Flag()
        connection.send(
            #"{"info":"Welcome to the Bourse Realtime API.","version":"1","timestamp":"\#(Timestamp.iso(gateway.clock()))","docs":"/api/v1"}"#
        )
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await text in connection.messages {
                    // Split into frames of at most the configured frame size (clients commonly refuse bigger frames).
                    do { try await outbound.writeTextMessage(text) } catch { break }
                }
                if !clientGone.isSet {
                    await hub.disconnect(connection.id)
                    try? await outbound.close(.policyViolation, reason: "too slow: the send queue overflowed")
                }
            }
            // The reader runs in this task (the inbound stream belongs to it).
            var state = State(connectionID: connection.id)
            do {
                for try await message in inbound.messages(maxSize: gateway.configuration.maxFrameSize) {
                    await handle(message, &state, connection)
                }
            } catch {}
            clientGone.set()
            await hub.disconnect(connection.id)
            await group.waitForAll()
        }
    }

    /// Set once the client's side of the socket has ended.
    final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        var isSet: Bool { value.load(ordering: .acquiring) }
        func set() { value.store(true, ordering: .releasing) }
    }

    /// What the reader knows about its client.
    struct State: Sendable {
        var connectionID: Int
        var principal: Principal?
        var topics = 0
    }

    private func handle(_ message: WebSocketMessage, _ state: inout State, _ connection: RealtimeConnection) async {
        guard case .text(let text) = message else {
            reply(connection, error: APIError.badRequest("invalid_frame", "send JSON text frames"), op: nil, id: nil)
            return
        }
        if text == "ping" {
            connection.send("pong")
            return
        }
        let data = Data(text.utf8)
        let header: RealtimeOps.Header
        do { header = try JSONDecoder().decode(RealtimeOps.Header.self, from: data) } catch {
            reply(
                connection, error: APIError.badRequest("invalid_json", "send {\"op\": ..., \"args\": ...}"), op: nil,
                id: nil)
            return
        }
        let id = header.id?.text
        do throws(APIError) {
            switch header.op {
            case "subscribe", "unsubscribe":
                let topics = try StrictJSON.decode(RealtimeOps.Topics.self, from: ByteBuffer(bytes: data))
                for topic in topics.args.prefix(Self.maxTopics) {
                    await subscription(topic, subscribe: header.op == "subscribe", &state, connection, id: id)
                }
            case "authKey", "authKeyExpires", "authToken":
                let args = try StrictJSON.decode(RealtimeOps.Arguments.self, from: ByteBuffer(bytes: data))
                let principal = try await authenticate(header.op, args.args)
                state.principal = principal
                await gateway.hub.authenticate(state.connectionID, account: principal.account)
                connection.send(JSONResponse.string(OpReply(success: true, op: header.op, id: id)))
            case "order":
                let principal = try authorized(state)
                let order = try StrictJSON.decode(RealtimeOps.Order.self, from: ByteBuffer(bytes: data))
                let view = try await OrderRoutes.place(order.args, for: principal, gateway: gateway)
                connection.send(JSONResponse.string(OpReply(success: true, op: "order", id: id, data: view)))
            case "cancel":
                let principal = try authorized(state)
                let cancel = try StrictJSON.decode(RealtimeOps.Cancel.self, from: ByteBuffer(bytes: data))
                let view = try await OrderRoutes.cancel(
                    OrderID(cancel.args.orderId), for: principal, gateway: gateway)
                connection.send(JSONResponse.string(OpReply(success: true, op: "cancel", id: id, data: view)))
            case "ping":
                connection.send(JSONResponse.string(OpReply(success: true, op: "pong", id: id)))
            default:
                throw APIError.badRequest(
                    "unknown_op", "op must be subscribe, unsubscribe, authKey, authKeyExpires, authToken, order, cancel or ping")
            }
        } catch {
            reply(connection, error: error, op: header.op, id: id)
        }
    }

    private func reply(_ connection: RealtimeConnection, error: APIError, op: String?, id: String?) {
        connection.send(
            JSONResponse.string(
                OpReply(
                    success: false, op: op, id: id, error: .init(code: error.code, message: error.message),
                    status: Int(error.status.code))))
    }

    /// The socket's principal, after taking a rate-limit token.
    private func authorized(_ state: State) throws(APIError) -> Principal {
        guard let principal = state.principal else {
            throw APIError.unauthorized("not_authenticated", "authenticate first (op authKey or authToken)")
        }
        try gateway.checkRate(principal.bucket, now: gateway.clock())
        return principal
    }

    private func subscription(
        _ topic: String, subscribe: Bool, _ state: inout State, _ connection: RealtimeConnection, id: String?
    ) async {
        let hub = gateway.hub
        let parts = topic.split(separator: ":", maxSplits: 1).map(String.init)
        let table = parts.first ?? ""
        let op = subscribe ? "subscribe" : "unsubscribe"
        func fail(_ error: APIError) { reply(connection, error: error, op: op, id: id) }
        if table == "order" || table == "balance" {
            let channel = MarketDataHub.PrivateChannel(rawValue: table)!
            if subscribe {
                if let error = await hub.subscribePrivate(state.connectionID, channel) { return fail(error) }
            } else {
                guard await hub.unsubscribePrivate(state.connectionID, channel) else {
                    return fail(APIError.notFound("not_subscribed", "not subscribed to \(table)"))
                }
            }
        } else {
            guard parts.count == 2, ["orderBookL2", "trade", "instrument"].contains(table) else {
                return fail(
                    APIError.badRequest(
                        "unknown_topic",
                        "topics: orderBookL2:<symbol>, trade:<symbol>, instrument:<symbol>, order, balance"))
            }
            let symbol = parts[1]
            do throws(APIError) { _ = try await gateway.catalog.market(symbol) } catch { return fail(error) }
            let target: MarketDataHub.Topic =
                table == "orderBookL2" ? .book(symbol) : table == "trade" ? .trade(symbol) : .instrument(symbol)
            if subscribe {
                guard state.topics < Self.maxTopics else {
                    return fail(APIError.badRequest("too_many_topics", "at most \(Self.maxTopics) topics per socket"))
                }
                // The ack is queued before the partial, which the hub queues when it registers the client.
                connection.send(JSONResponse.string(OpReply(success: true, subscribe: topic, id: id)))
                if await hub.subscribe(state.connectionID, to: target) { state.topics += 1 }
                return
            } else {
                guard await hub.unsubscribe(state.connectionID, from: target) else {
                    return fail(APIError.notFound("not_subscribed", "not subscribed to \(topic)"))
                }
                state.topics -= 1
            }
        }
        connection.send(
            JSONResponse.string(
                subscribe ? OpReply(success: true, subscribe: topic, id: id) : OpReply(success: true, unsubscribe: topic, id: id)))
    }

    /// Authenticates the socket: `authToken [token]`, `authKey [key, timestampMs, hex HMAC(secret,
    /// timestamp + "GET/realtime")]` within the receive window, or BitMEX's `authKeyExpires [key, expires (s),
    /// hex HMAC(secret, "GET/realtime" + expires)]` with `expires` in the future (at most an hour ahead).
    private func authenticate(_ op: String, _ args: [RealtimeOps.Scalar]) async throws(APIError) -> Principal {
        let now = gateway.clock()
        if op == "authToken" {
            guard args.count == 1, let session = gateway.sessions.session(args[0].text, now: now) else {
                throw APIError.unauthorized("invalid_token", "the session token is unknown or expired")
            }
            return Principal(account: session.account, name: session.name, credential: .session(token: args[0].text))
        }
        guard args.count == 3, let stamp = args[1].integer else {
            throw APIError.badRequest("invalid_field", "args must be [key, timestamp, signature]")
        }
        let payload: [UInt8]
        if op == "authKey" {
            let window = gateway.configuration.receiveWindow
            guard stamp >= now - window, stamp <= now + window else {
                throw APIError.unauthorized("stale_timestamp", "the timestamp is more than \(window) ms away")
            }
            payload = Array("\(stamp)GET/realtime".utf8)
        } else {
            guard stamp * 1_000 > now, stamp * 1_000 <= now + 3_600_000 else {
                throw APIError.unauthorized("stale_timestamp", "expires must be in the next hour (seconds)")
            }
            payload = Array("GET/realtime\(stamp)".utf8)
        }
        guard let (record, name) = await gateway.apiKey(args[0].text) else {
            throw APIError.unauthorized("invalid_key", "unknown API key")
        }
        guard RequestSignature.verify(signature: args[2].text, payload: payload, secret: record.secret) else {
            throw APIError.unauthorized("invalid_signature", "the signature does not match")
        }
        return Principal(account: record.account, name: name, credential: .apiKey(key: args[0].text))
    }
}
