import BourseCore
import ExchangeServer
import ExchangeService
import Foundation
import HTTPTypes
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import NIOCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Throws more than 100,000 random and mutated inputs at a running server — HTTP requests over keep-alive
/// connections, WebSocket frames on `/realtime`, raw non-HTTP bytes on fresh sockets — and checks that no
/// request gets a 5xx, the server still answers, valid orders still trade, and the exchange's invariants hold.
@Suite("Fuzzing the running server")
struct FuzzTests {
    static let httpWorkers = 6
    static let requestsPerWorker = 15_500
    static let frames = 8_000
    static let rawConnections = 1_000

    @Test("100k+ random/mutated requests and frames: never a 5xx, still answering, invariants hold")
    func fuzzRunningServer() async throws {
        let configuration = ExchangeServerConfiguration(port: 0, rateLimit: 1e9, rateBurst: 1e9, receiveWindow: 60_000, bcryptCost: 4)
        try await TestExchange.with(configuration) { exchange in
            let tokens = [
                try await exchange.client().login(exchange.alice), try await exchange.client().login(exchange.bob),
            ]
            let before = await exchange.sequence()
            let totals = try await withThrowingTaskGroup(of: FuzzTally.self) { group in
                for worker in 0..<Self.httpWorkers {
                    group.addTask {
                        try await Self.httpWorker(
                            port: exchange.port, seed: UInt64(worker + 1), count: Self.requestsPerWorker,
                            inputs: FuzzInputs(tokens: tokens, users: [exchange.alice, exchange.bob]))
                    }
                }
                group.addTask { try await Self.socketWorker(port: exchange.port, seed: 77, count: Self.frames) }
                group.addTask {
                    let port = exchange.port
                    return try await onOwnThread { Self.rawWorker(port: port, seed: 99, count: Self.rawConnections) }
                }
                var total = FuzzTally()
                for try await tally in group { total.add(tally) }
                return total
            }
            #expect(totals.sent >= 100_000, "only \(totals.sent) inputs sent")
            #expect(totals.serverErrors.isEmpty, "5xx answers: \(totals.serverErrors.prefix(5))")
            // The stream must not be all rejections: valid orders went through and were journaled.
            #expect(totals.accepted > 2_000, "only \(totals.accepted) requests accepted")
            #expect(await exchange.sequence() > before + 1_000)

            // Still answering, still trading, and the books and balances still add up.
            let client = exchange.client()
            #expect(try await client.get("/api/v1/instruments").status == 200)
            // (Cancel alice's open orders first: the fuzzing may have put all her money on hold.)
            #expect(try await client.delete("/api/v1/orders", auth: .token(tokens[0])).status == 200)
            let placed = try await client.place(.token(tokens[0]), side: "buy", price: "50000.00", size: "0.0001")
            #expect(placed.status == 200 || placed.status == 201, "\(placed.status) \(placed.object)")
            #expect(await exchange.sequencer.read { $0.checkInvariants() } == nil)
        }
    }

    // MARK: Workers

    /// Random and mutated requests over one keep-alive connection at a time (reconnecting when the server closes
    /// it, as it may after a malformed request).
    static func httpWorker(port: Int, seed: UInt64, count: Int, inputs: FuzzInputs) async throws -> FuzzTally {
        var rng = SeededGenerator(seed: seed)
        var tally = FuzzTally()
        while tally.sent < count {
            let requests = (0..<min(500, count - tally.sent)).map { _ in inputs.request(&rng) }
            let box = TallyBox()
            do {
                try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                    for (request, label) in requests {
                        let response = try await client.execute(request)
                        await box.record(status: Int(response.status.code), label: label)
                    }
                }
            } catch {
                // The connection was closed under the request: count it as sent and go on with a new one.
                await box.closedUnderRequest()
            }
            tally.add(await box.tally)
        }
        return tally
    }

    /// Random, mutated and oversized frames on `/realtime`, reconnecting whenever the server closes the socket.
    static func socketWorker(port: Int, seed: UInt64, count: Int) async throws -> FuzzTally {
        var rng = SeededGenerator(seed: seed)
        var tally = FuzzTally()
        while tally.sent < count {
            let frames = (0..<min(1_000, count - tally.sent)).map { _ in FuzzInputs.frame(&rng) }
            let sent = SentCounter()
            do {
                try await WebSocketClient.connect(
                    url: "ws://127.0.0.1:\(port)/realtime", logger: Logger(label: "fuzz.realtime")
                ) { inbound, outbound, _ in
                    let drain = Task { for try await _ in inbound.messages(maxSize: 1 << 22) {} }
                    defer { drain.cancel() }
                    for frame in frames {
                        switch frame {
                        case .text(let text): try await outbound.write(.text(text))
                        case .binary(let bytes): try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
                        }
                        await sent.increment()
                    }
                    try await outbound.write(.text(#"{"op":"ping"}"#))
                }
            } catch {
                tally.closed += 1
            }
            let n = await sent.value
            tally.sent += max(n, 1)
        }
        return tally
    }

    /// Bytes that are not HTTP (or are broken HTTP) on fresh TCP connections; the server must just close them.
    static func rawWorker(port: Int, seed: UInt64, count: Int) -> FuzzTally {
        var rng = SeededGenerator(seed: seed)
        var tally = FuzzTally()
        for _ in 0..<count {
            guard let fd = loopbackSocket(port: port, receiveTimeout: 2) else {
                tally.closed += 1
                continue
            }
            defer { close(fd) }
            let bytes = FuzzInputs.rawBytes(&rng)
            _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            shutdown(fd, Int32(SHUT_WR))
            var buffer = [UInt8](repeating: 0, count: 4_096)
            var answer: [UInt8] = []
            while answer.count < 1 << 16 {
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n <= 0 { break }
                answer += buffer[..<n]
            }
            tally.sent += 1
            // Whatever the server said, it must not be a server error.
            let head = String(decoding: answer.prefix(12), as: UTF8.self)
            if head.hasPrefix("HTTP/1.1 5") { tally.serverErrors.append("raw bytes -> \(head)") }
        }
        return tally
    }
}

/// What the workers sent and what came back.
struct FuzzTally: Sendable {
    var sent = 0
    var accepted = 0
    var closed = 0
    var serverErrors: [String] = []

    mutating func record(status: Int, label: String) {
        sent += 1
        if status >= 500 { serverErrors.append("\(status) for \(label)") }
        if (200..<300).contains(status) { accepted += 1 }
    }

    mutating func add(_ other: FuzzTally) {
        sent += other.sent
        accepted += other.accepted
        closed += other.closed
        serverErrors += other.serverErrors
    }
}

actor TallyBox {
    private(set) var tally = FuzzTally()
    func record(status: Int, label: String) { tally.record(status: status, label: label) }
    func closedUnderRequest() {
        tally.sent += 1
        tally.closed += 1
    }
}

actor SentCounter {
    private(set) var value = 0
    func increment() { value += 1 }
}
