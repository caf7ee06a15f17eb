import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// Why a REST fetch failed.
public struct HTTPFetchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable codes: `invalid_url`, `connect_failed`, `timeout`, `http_status`, `too_large`, `closed`.
    public let code: String
    public let message: String
    public var description: String { "\(code): \(message)" }
}

/// A small HTTP/1.1 client for venue snapshots: one `GET` per connection, plain or TLS, with a deadline and a
/// body size limit. (Snapshots are rare; a pooled client would buy nothing here.)
public struct HTTPFetcher: Sendable {
    /// The longest a fetch may take, connect included.
    public var timeout: Duration
    /// The largest body accepted.
    public var maximumBodySize: Int

    public init(timeout: Duration = .seconds(10), maximumBodySize: Int = 64 << 20) {
        self.timeout = timeout
        self.maximumBodySize = maximumBodySize
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
        guard let address = Address(url) else { throw HTTPFetchError(code: "invalid_url", message: url) }
        let sslContext: NIOSSLContext?
        if address.tls {
            do {
                sslContext = try NIOSSLContext(configuration: .makeClientConfiguration())
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
                    let promise = channel.eventLoop.makePromise(of: [UInt8].self)
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
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: address.target)
        head.headers.add(name: "Host", value: address.port == (address.tls ? 443 : 80) ? address.host : "\(address.host):\(address.port)")
        head.headers.add(name: "User-Agent", value: "bourse")
        head.headers.add(name: "Accept", value: "application/json")
        head.headers.add(name: "Connection", value: "close")
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        let timeout = self.timeout
        return try await withThrowingTaskGroup(of: [UInt8].self) { group in
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

extension Duration {
    /// Whole milliseconds (rounded down).
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}

/// Hands the response promise from the channel initializer to the caller.
private final class PromiseBox: Sendable {
    private let promise = Mutex<EventLoopPromise<[UInt8]>?>(nil)
    func set(_ promise: EventLoopPromise<[UInt8]>) { self.promise.withLock { $0 = promise } }
    func get() -> EventLoopPromise<[UInt8]>? { promise.withLock { $0 } }
}

/// Collects one response; fails on a status other than 200, an oversized body or an early close.
private final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    private let promise: EventLoopPromise<[UInt8]>
    private let limit: Int
    private var status: HTTPResponseStatus?
    private var body: [UInt8] = []
    private var done = false

    init(promise: EventLoopPromise<[UInt8]>, limit: Int) {
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
            if status == .ok {
                finish(.success(body), context)
            } else {
                let text = String(decoding: body.prefix(200), as: UTF8.self)
                finish(.failure(HTTPFetchError(code: "http_status", message: "\(status?.code ?? 0): \(text)")), context)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(HTTPFetchError(code: "closed", message: "connection closed before the response ended")), context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(HTTPFetchError(code: "closed", message: "\(error)")), context)
    }

    private func finish(_ result: Result<[UInt8], HTTPFetchError>, _ context: ChannelHandlerContext) {
        guard !done else { return }
        done = true
        promise.completeWith(result.mapError { $0 as any Error })
        context.close(promise: nil)
    }
}
