import BourseCore
import HummingbirdWSClient
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import Synchronization

/// Latency samples of one venue endpoint, in the units a region choice needs.
public struct ProbeReport: Sendable {
    /// TCP connect times.
    public var connect: [Duration] = []
    /// TLS handshake times (empty for `ws://`).
    public var tlsHandshake: [Duration] = []
    /// From opening the WebSocket (TCP + TLS + upgrade + subscription) to the first market-data frame.
    public var firstMessage: [Duration] = []
    /// Application-level request/response round trips over one open socket (Binance `LIST_SUBSCRIPTIONS`,
    /// BitMEX `ping`, Bitstamp `bts:heartbeat`, Coinbase `subscribe`).
    public var roundTrip: [Duration] = []
    /// WebSocket ping → pong round trips (control frames, answered by the venue's WebSocket layer), over a
    /// socket of their own.
    public var pingRoundTrip: [Duration] = []
    /// Failures met while probing.
    public var errors: [String] = []

    /// `p50/p90/p99/max` of a series, in milliseconds with microsecond precision.
    public static func percentiles(_ samples: [Duration]) -> [String: String] {
        guard !samples.isEmpty else { return [:] }
        let sorted = samples.map { $0.components.seconds * 1_000_000 + $0.components.attoseconds / 1_000_000_000_000 }.sorted()
        func at(_ q: Double) -> String {
            let index = min(sorted.count - 1, Int((q * Double(sorted.count - 1)).rounded(.up)))
            return FixedPoint.format(sorted[index], scale: 3, minimumFractionDigits: 3)
        }
        return ["p50": at(0.5), "p90": at(0.9), "p99": at(0.99), "max": at(1), "n": String(sorted.count)]
    }
}

/// Measures connect, TLS handshake, first-message and round-trip times to a venue's market-data endpoint.
public struct VenueProbe: Sendable {
    public let driver: AnyVenueDriver
    public var samples: Int
    /// How long each socket measurement (first message and requests; pings) may take before it is abandoned and
    /// reported as an error: a silent venue must not hang the probe.
    public var deadline: Duration

    public init(driver: AnyVenueDriver, samples: Int = 10, deadline: Duration = .seconds(30)) {
        self.driver = driver
        self.samples = samples
        self.deadline = deadline
    }

    public func run() async -> ProbeReport {
        var report = ProbeReport()
        guard let address = WebSocketAddress(driver.streamURL) else {
            report.errors.append("cannot read \(driver.streamURL)")
            return report
        }
        for _ in 0..<samples {
            do {
                let (connect, handshake) = try await Self.connectAndHandshake(address)
                report.connect.append(connect)
                if let handshake { report.tlsHandshake.append(handshake) }
            } catch {
                report.errors.append("connect: \(error)")
            }
        }
        do {
            let deadline = self.deadline
            // Abandoned, not awaited, at the deadline: the WebSocket client does not give up an upgrade that is
            // never answered when cancelled (its socket closes when the venue, or the process, ends it).
            let (first, trips) = try await withAbandonableDeadline(
                deadline, timeout: { HTTPFetchError(code: "timeout", message: "first message and requests: nothing within \(deadline)") }
            ) {
                try await socketTimes()
            }
            report.firstMessage.append(first)
            report.roundTrip = trips
        } catch {
            report.errors.append("websocket: \(error)")
        }
        do {
            report.pingRoundTrip = try await WebSocketPing.roundTrips(address, samples: samples, deadline: deadline)
        } catch {
            report.errors.append("ping: \(error)")
        }
        return report
    }

    struct WebSocketAddress {
        var tls: Bool
        var host: String
        var port: Int
        /// The request target: path and query (`/ws/btcusdt@depth`), `/` when the URL has none.
        var target: String

        /// `host` or `host:port` when the port is not the scheme's default, for the `Host` header.
        var hostHeader: String { port == (tls ? 443 : 80) ? host : "\(host):\(port)" }

        init?(_ url: String) {
            guard let scheme = url.firstRange(of: "://") else { return nil }
            tls = url[..<scheme.lowerBound] == "wss"
            let rest = url[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            let path = rest[authority.endIndex...]
            target = path.isEmpty ? "/" : (path.first == "?" ? "/" + path : String(path))
            if let colon = authority.lastIndex(of: ":"), let port = Int(authority[authority.index(after: colon)...]) {
                host = String(authority[..<colon])
                self.port = port
            } else {
                host = String(authority)
                port = tls ? 443 : 80
            }
        }
    }

    /// One TCP connect and, for TLS, one handshake; the channel is closed afterwards.
    static func connectAndHandshake(_ address: WebSocketAddress) async throws -> (Duration, Duration?) {
        let clock = ContinuousClock()
        let start = clock.now
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: address.host, port: address.port).get()
        let connected = clock.now
        defer { channel.close(promise: nil) }
        guard address.tls else { return (connected - start, nil) }
        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
        let done = channel.eventLoop.makePromise(of: Void.self)
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: address.host))
            try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(done: done))
        }.get()
        try await done.futureResult.get()
        return (connected - start, clock.now - connected)
    }

    /// Opens the market-data socket, waits for the first frame, then times request/response round trips.
    func socketTimes() async throws -> (Duration, [Duration]) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = Mutex<(Duration?, [Duration])>((nil, []))
        let driver = self.driver
        let samples = self.samples
        var logger = Logger(label: "bourse.probe")
        logger.logLevel = .error
        try await WebSocketClient.connect(
            url: driver.streamURL, configuration: .init(maxFrameSize: 1 << 24, closeTimeout: .seconds(1)), logger: logger
        ) { inbound, outbound, _ in
            for text in driver.subscriptions { try await outbound.write(.text(text)) }
            var iterator = inbound.messages(maxSize: 1 << 24).makeAsyncIterator()
            _ = try await iterator.next()
            result.withLock { $0.0 = clock.now - start }
            for n in 1...max(1, samples) {
                let (request, marker) = Self.roundTripRequest(venue: driver.venue, symbol: driver.symbol, n: n)
                let sent = clock.now
                try await outbound.write(.text(request))
                while let message = try await iterator.next() {
                    if case .text(let text) = message, text.contains(marker) { break }
                }
                let trip = clock.now - sent
                result.withLock { $0.1.append(trip) }
            }
            try await outbound.close(.normalClosure, reason: nil)
        }
        let (first, trips) = result.withLock { $0 }
        guard let first else { throw HTTPFetchError(code: "closed", message: "no frame before the socket closed") }
        return (first, trips)
    }

    /// A request the venue answers at once, and a text its answer contains.
    static func roundTripRequest(venue: String, symbol: String, n: Int) -> (String, String) {
        switch venue {
        case "binance", "binance-futures": return ("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":\(n)}", "\"id\":\(n)}")
        case "bitmex", "okx": return ("ping", "pong")
        case "bitstamp": return ("{\"event\":\"bts:heartbeat\"}", "bts:heartbeat")
        case "kraken": return ("{\"method\":\"ping\",\"req_id\":\(n)}", "\"req_id\":\(n)")
        case "coinbase-advanced": return ("{\"type\":\"subscribe\",\"channel\":\"heartbeats\"}", "\"subscriptions\"")
        default:
            return ("{\"type\":\"subscribe\",\"product_ids\":[\"\(symbol)\"],\"channels\":[\"heartbeat\"]}", "\"subscriptions\"")
        }
    }
}

/// Completes `done` when the TLS handshake finishes (or fails).
private final class HandshakeWatcher: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let done: EventLoopPromise<Void>
    init(done: EventLoopPromise<Void>) { self.done = done }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls { done.succeed() }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        done.fail(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        done.fail(HTTPFetchError(code: "closed", message: "closed during the TLS handshake"))
    }
}
