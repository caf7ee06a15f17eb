import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// WebSocket ping → pong round trips, timed on the control frames themselves.
///
/// The market-data client (`HummingbirdWSClient`) answers a venue's pings and checks its own pongs inside the
/// library, where they cannot be timed, so the probe opens a socket of its own with NIO's WebSocket client
/// upgrader and sends the pings itself. A pong comes from the venue's WebSocket layer (usually its edge), below
/// any request queue of the application: this is the network's and the edge's share of the latency. The request
/// round trips (``ProbeReport/roundTrip``) add the venue's application on top.
enum WebSocketPing {
    enum Upgrade: Sendable {
        case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
        case refused
    }

    /// Opens a WebSocket to `address` (no subscription) and times `samples` pings, one at a time.
    ///
    /// A venue that stops answering (a silent path, an upgrade that never comes back) must not hang the probe: the
    /// socket is closed `deadline` after it connects, whatever it is waiting for.
    /// - Throws: ``HTTPFetchError``: `not_upgraded` when the upgrade is refused, `closed` when the socket closes
    ///   before the upgrade is answered or before every pong came back.
    static func roundTrips(_ address: VenueProbe.WebSocketAddress, samples: Int, deadline: Duration) async throws -> [Duration] {
        let upgrade: EventLoopFuture<Upgrade> = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: address.host, port: address.port) { channel in
                let timer = channel.eventLoop.scheduleTask(in: TimeAmount(deadline)) { channel.close(promise: nil) }
                channel.closeFuture.whenComplete { _ in timer.cancel() }
                return channel.eventLoop.makeCompletedFuture {
                    if address.tls {
                        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: context, serverHostname: address.host))
                    }
                    let upgrader = NIOTypedWebSocketClientUpgrader<Upgrade>(maxFrameSize: 1 << 24) { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            .websocket(try NIOAsyncChannel(wrappingChannelSynchronously: channel))
                        }
                    }
                    var headers = HTTPHeaders()
                    headers.add(name: "Host", value: address.hostHeader)
                    headers.add(name: "Content-Length", value: "0")
                    let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: address.target, headers: headers)
                    let configuration = NIOTypedHTTPClientUpgradeConfiguration<Upgrade>(
                        upgradeRequestHead: head, upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in channel.eventLoop.makeCompletedFuture { .refused } })
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                        configuration: .init(upgradeConfiguration: configuration))
                }
            }
        let upgraded: Upgrade
        do {
            upgraded = try await upgrade.get()
        } catch {
            throw HTTPFetchError(
                code: "closed",
                message: "the socket closed before the WebSocket upgrade was answered (by the venue, or at the \(deadline) deadline): \(error)")
        }
        guard case .websocket(let socket) = upgraded else {
            throw HTTPFetchError(code: "not_upgraded", message: "the venue refused the WebSocket upgrade")
        }
        return try await socket.executeThenClose { inbound, outbound in
            let clock = ContinuousClock()
            var frames = inbound.makeAsyncIterator()
            var trips: [Duration] = []
            for n in 0..<UInt64(max(0, samples)) {
                var payload = ByteBuffer()
                payload.writeInteger(n)
                let sent = clock.now
                try await outbound.write(WebSocketFrame(fin: true, opcode: .ping, maskKey: .random(), data: payload))
                // Wait for this ping's pong; data frames (a venue whose address names a stream starts sending at
                // once) are skipped, the venue's own pings answered.
                answered: while true {
                    guard let frame = try await frames.next(), frame.opcode != .connectionClose else {
                        throw HTTPFetchError(
                            code: "closed", message: "the socket closed after \(n) pongs (by the venue, or at the \(deadline) deadline)")
                    }
                    switch frame.opcode {
                    case .pong:
                        let data = frame.unmaskedData
                        if data.readableBytes == 8, data.getInteger(at: data.readerIndex, as: UInt64.self) == n {
                            trips.append(clock.now - sent)
                            break answered
                        }
                    case .ping:
                        try await outbound.write(
                            WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData))
                    default:
                        continue
                    }
                }
            }
            var close = ByteBuffer()
            close.write(webSocketErrorCode: .normalClosure)
            try? await outbound.write(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: close))
            return trips
        }
    }
}
