import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// Why a REST fetch failed.
public struct HTTPFetchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable codes: `invalid_url`, `connect_failed`, `timeout`, `http_status`, `too_large`, `closed`, and from the
    /// probe `not_upgraded` (a WebSocket upgrade refused).
    public let code: String
    public let message: String
    public var description: String { "\(code): \(message)" }
}

/// A small HTTP/1.1 client for venue snapshots and order entry: one request per connection, plain or TLS, with a
/// deadline and a body size limit. (Snapshots and orders are rare next to market data; a pooled client would buy
/// little here.)
public struct HTTPFetcher: Sendable {
    /// The longest a fetch may take, connect included.
    public var timeout: Duration
    /// The largest body accepted.
    public var maximumBodySize: Int
    /// TLS settings of `https://` requests (by default the system's trust roots and full verification).
    public var tls: TLSConfiguration

    public init(timeout: Duration = .seconds(10), maximumBodySize: Int = 64 << 20, tls: TLSConfiguration = .makeClientConfiguration()) {
        self.timeout = timeout
        self.maximumBodySize = maximumBodySize
        self.tls = tls
    }

    /// A parsed `http://` or `https://` address.
    struct Address {
        var tls: Bool
        var host: String
        var port: Int
        var target: String

        init?(_ url: String) {
            let rest: Substring
            if url.hasPrefix("http://") {
                tls = false
                rest = url.dropFirst(7)
            } else if url.hasPrefix("https://") {
                tls = true
                rest = url.dropFirst(8)
            } else {
                return nil
            }
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            let authority = rest[..<slash]
            target = slash == rest.endIndex ? "/" : String(rest[slash...])
            if let colon = authority.lastIndex(of: ":"), let port = Int(authority[authority.index(after: colon)...]) {
                host = String(authority[..<colon])
                self.port = port
            } else {
                host = String(authority)
                port = tls ? 443 : 80
            }
            guard !host.isEmpty else { return nil }
        }
    }

    /// Fetches `url` and returns the body of a 200 response.
    /// - Throws: ``HTTPFetchError``.
    public func get(_ url: String) async throws -> [UInt8] {
        let response = try await send(HTTPCall(method: .GET, url: url))
        guard response.status == 200 else {
            let text = String(decoding: response.body.prefix(200), as: UTF8.self)
            throw HTTPFetchError(code: "http_status", message: "\(response.status): \(text)")
        }
        return response.body
    }

    /// Sends one request and returns the response whatever its status (order entry reads the venue's error
    /// body). One connection per call, closed afterwards.
    /// - Throws: ``HTTPFetchError`` (`invalid_url`, `connect_failed`, `timeout`, `too_large`, `closed`). A
    ///   `timeout` or `closed` after the request was written means the outcome is unknown to the caller.
    public func send(_ call: HTTPCall) async throws -> HTTPReply {
        guard let address = Address(call.url) else { throw HTTPFetchError(code: "invalid_url", message: call.url) }
        let sslContext: NIOSSLContext?
        if address.tls {
            do {
                sslContext = try NIOSSLContext(configuration: tls)
            } catch {
                throw HTTPFetchError(code: "connect_failed", message: "TLS setup: \(error)")
            }
        } else {
            sslContext = nil
        }
        let promiseBox = PromiseBox()
        let limit = maximumBodySize
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(timeout.milliseconds))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        let handler = try NIOSSLClientHandler(context: sslContext, serverHostname: address.host)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    let promise = channel.eventLoop.makePromise(of: HTTPReply.self)
                    promiseBox.set(promise)
                    try channel.pipeline.syncOperations.addHandler(ResponseCollector(promise: promise, limit: limit))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: address.host, port: address.port).get()
        } catch {
            let failure = HTTPFetchError(code: "connect_failed", message: "\(address.host):\(address.port): \(error)")
            promiseBox.get()?.fail(failure)
            throw failure
        }
        guard let promise = promiseBox.get() else {
            channel.close(promise: nil)
            throw HTTPFetchError(code: "closed", message: "no response handler")
        }
        var head = HTTPRequestHead(version: .http1_1, method: call.method, uri: address.target)
        head.headers.add(name: "Host", value: address.port == (address.tls ? 443 : 80) ? address.host : "\(address.host):\(address.port)")
        head.headers.add(name: "User-Agent", value: "bourse")
        head.headers.add(name: "Accept", value: "application/json")
        head.headers.add(name: "Connection", value: "close")
        for (name, value) in call.headers { head.headers.add(name: name, value: value) }
        if !call.body.isEmpty || call.method == .POST || call.method == .PUT {
            head.headers.add(name: "Content-Length", value: String(call.body.count))
        }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if !call.body.isEmpty {
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: call.body))), promise: nil)
        }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        let timeout = self.timeout
        return try await withThrowingTaskGroup(of: HTTPReply.self) { group in
            group.addTask { try await promise.futureResult.get() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw HTTPFetchError(code: "timeout", message: "no complete response in \(timeout)")
            }
            defer {
                group.cancelAll()
                channel.close(promise: nil)
            }
            return try await group.next()!
        }
    }
}

/// One HTTP request: method, absolute URL, extra headers and body.
public struct HTTPCall: Sendable {
    public var method: HTTPMethod
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: HTTPMethod, url: String, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A complete HTTP response.
public struct HTTPReply: Sendable {
    /// The status code.
    public var status: Int
    /// The body.
    public var body: [UInt8]
}

extension Duration {
    /// Whole milliseconds (rounded down).
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}

/// Hands the response promise from the channel initializer to the caller.
private final class PromiseBox: Sendable {
    private let promise = Mutex<EventLoopPromise<HTTPReply>?>(nil)
    func set(_ promise: EventLoopPromise<HTTPReply>) { self.promise.withLock { $0 = promise } }
    func get() -> EventLoopPromise<HTTPReply>? { promise.withLock { $0 } }
}

/// Collects one response; fails on an oversized body or an early close.
private final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    private let promise: EventLoopPromise<HTTPReply>
    private let limit: Int
    private var status: HTTPResponseStatus?
    private var body: [UInt8] = []
    private var done = false

    init(promise: EventLoopPromise<HTTPReply>, limit: Int) {
        self.promise = promise
        self.limit = limit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status
        case .body(var buffer):
            guard body.count + buffer.readableBytes <= limit else {
                return finish(.failure(HTTPFetchError(code: "too_large", message: "body above \(limit) bytes")), context)
            }
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            finish(.success(HTTPReply(status: Int(status?.code ?? 0), body: body)), context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(HTTPFetchError(code: "closed", message: "connection closed before the response ended")), context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(HTTPFetchError(code: "closed", message: "\(error)")), context)
    }

    private func finish(_ result: Result<HTTPReply, HTTPFetchError>, _ context: ChannelHandlerContext) {
        guard !done else { return }
        done = true
        promise.completeWith(result.mapError { $0 as any Error })
        context.close(promise: nil)
    }
}
