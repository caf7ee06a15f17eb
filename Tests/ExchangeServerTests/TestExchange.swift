import BourseCore
import ExchangeCore
import ExchangeServer
import ExchangeService
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Journal
import Logging
import ServiceLifecycle
import Testing

/// A real exchange server on 127.0.0.1 (port 0) over an in-memory journal, with the demo markets, an admin and
/// two funded traders (alice, bob) whose credentials the tests use.
struct TestExchange: Sendable {
    let port: Int
    let sequencer: ExchangeSequencer
    let server: ExchangeServer
    let credentials: DemoSetup.Credentials

    var alice: DemoSetup.User { credentials.users[0] }
    var bob: DemoSetup.User { credentials.users[1] }
    var admin: DemoSetup.User { credentials.admin }

    /// Runs `body` against a fresh exchange and stops it afterwards.
    static func with(
        // A 60 s receive window: under full CI load a signed request took more than 5 s to be read.
        _ configuration: ExchangeServerConfiguration = ExchangeServerConfiguration(port: 0, receiveWindow: 60_000, bcryptCost: 4),
        _ body: @escaping @Sendable (TestExchange) async throws -> Void
    ) async throws {
        let store = InMemoryJournalStore()
        var configuration = configuration
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "test.exchange")
        logger.logLevel = .warning
        let credentials = try await withThrowingTaskGroup(of: Void.self) { group in
            // A writer just for the setup; finished before the service group starts its own.
            let setup = try await ExchangeSequencer.open(store: store)
            group.addTask { await setup.run() }
            let credentials = try await DemoSetup.create(on: setup, traders: ["alice", "bob"], bcryptCost: 4)
            setup.finish()
            try await group.waitForAll()
            return credentials
        }
        let sequencer = try await ExchangeSequencer.open(store: store)
        let server = ExchangeServer(
            sequencer: sequencer, configuration: configuration, logger: logger,
            onListening: { _, port in portContinuation.yield(port) })
        let services = ServiceGroup(
            services: [
                SequencerService(sequencer: sequencer), TickService(server: server, interval: .milliseconds(100)), server,
            ], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let exchange = TestExchange(port: port, sequencer: sequencer, server: server, credentials: credentials)
            do {
                try await body(exchange)
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
            // Graceful shutdown: the server stops first, then the journal writer drains.
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }

    /// The last sequence number (a refused request must not change it: nothing was journaled).
    func sequence() async -> UInt64 { await sequencer.read { $0.sequence } }

    /// A new HTTP client connection.
    func client() -> APIClient { APIClient(port: port) }
}

/// How a test request authenticates.
enum Auth: Sendable {
    case none
    case token(String)
    case key(DemoSetup.User, timestamp: Int64? = nil, signature: String? = nil)
}

/// A decoded response: the status and the JSON body.
struct APIResponse: @unchecked Sendable {
    var status: Int
    var json: Any?
    var headers: [String: String]

    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
    var code: String? { object["code"] as? String }
}

/// A minimal HTTP/1.1 client over a real socket (Hummingbird's `TestClient`, a fresh connection per request).
struct APIClient: Sendable {
    let port: Int

    func request(_ method: HTTPRequest.Method, _ uri: String, body: String? = nil, auth: Auth = .none) async throws
        -> APIResponse
    {
        var headers: HTTPFields = [:]
        let bytes = Array((body ?? "").utf8)
        switch auth {
        case .none: break
        case .token(let token): headers[.authorization] = "Bearer \(token)"
        case .key(let user, let timestamp, let signature):
            let now = timestamp ?? ExchangeSequencer.wallClockMilliseconds()
            let parts = uri.split(separator: "?", maxSplits: 1).map(String.init)
            let sig =
                signature
                ?? RequestSignature.sign(
                    secret: user.apiSecret, timestamp: now, method: method.rawValue, path: parts[0],
                    query: parts.count > 1 ? parts[1] : nil, body: bytes)
            headers[HTTPField.Name(RequestSignature.keyHeader)!] = user.apiKey
            headers[HTTPField.Name(RequestSignature.timestampHeader)!] = String(now)
            headers[HTTPField.Name(RequestSignature.signatureHeader)!] = sig
        }
        if body != nil { headers[.contentType] = "application/json" }
        let request = TestClient.Request(
            uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let response = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.execute(request)
        }
        var json: Any?
        if let buffer = response.body, buffer.readableBytes > 0 {
            json = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed])
        }
        var map: [String: String] = [:]
        for field in response.headers { map[field.name.canonicalName] = field.value }
        return APIResponse(status: Int(response.status.code), json: json, headers: map)
    }

    func get(_ uri: String, auth: Auth = .none) async throws -> APIResponse {
        try await request(.get, uri, auth: auth)
    }

    func post(_ uri: String, _ body: String, auth: Auth = .none) async throws -> APIResponse {
        try await request(.post, uri, body: body, auth: auth)
    }

    func delete(_ uri: String, auth: Auth = .none) async throws -> APIResponse {
        try await request(.delete, uri, auth: auth)
    }

    /// Logs a user in and returns the session token.
    func login(_ user: DemoSetup.User) async throws -> String {
        let response = try await post(
            "/api/v1/auth/login", #"{"username":"\#(user.username)","password":"\#(user.password)"}"#)
        #expect(response.status == 200)
        return try #require(response.object["token"] as? String)
    }

    /// Places an order and returns the response.
    func place(_ auth: Auth, side: String, price: String, size: String, symbol: String = "BTC-USDT", extra: String = "")
        async throws -> APIResponse
    {
        try await post(
            "/api/v1/orders",
            #"{"symbol":"\#(symbol)","side":"\#(side)","type":"limit","price":"\#(price)","size":"\#(size)"\#(extra)}"#,
            auth: auth)
    }

    /// One asset's balance row of the caller.
    func balance(_ auth: Auth, _ asset: String) async throws -> (available: String, onHold: String) {
        let rows = try await get("/api/v1/balances", auth: auth).array
        let row = try #require(rows.first { $0["asset"] as? String == asset })
        return (row["available"] as? String ?? "", row["onHold"] as? String ?? "")
    }
}
