import ExchangeServer
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The order-entry lane (`POST /api/v1/orders` answered on the event loop) against the general router: the same
/// answers, responses in request order on a pipelined connection, and everything it must not take left to the
/// router.
@Suite("Order-entry lane over a real socket")
struct OrderEntryLaneTests {
    /// The requests of the parity script: (label, body to post or `DELETE <id>` for a cancel, whose credentials).
    static let script: [(String, String, Int)] = [
        ("buy", #"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"100.5","size":"2"}"#, 0),
        ("sell crosses", #"{"symbol":"BTC-USDT","side":"sell","type":"limit","price":"100","size":"0.5"}"#, 1),
        ("client id", #"{"symbol":"BTC-USDT","side":"sell","type":"limit","price":"102","size":"1","clientOrderId":"c-1"}"#, 1),
        ("duplicate client id", #"{"symbol":"BTC-USDT","side":"sell","type":"limit","price":"103","size":"1","clientOrderId":"c-1"}"#, 1),
        ("insufficient balance", #"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"100","size":"1000000"}"#, 0),
        ("market by quote", #"{"symbol":"BTC-USDT","side":"buy","type":"market","quoteAmount":"10"}"#, 0),
        ("post-only would take", #"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"102","size":"1","postOnly":true}"#, 0),
        ("unknown symbol", #"{"symbol":"NOPE-USDT","side":"buy","type":"limit","price":"1","size":"1"}"#, 0),
        ("off the tick", #"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"100.001","size":"1"}"#, 0),
        ("negative size", #"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"100","size":"-1"}"#, 0),
        ("unknown field", #"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"100","size":"1","colour":"red"}"#, 0),
        ("malformed", #"{"symbol":"BTC-USDT","side":"buy""#, 0),
        ("escaped symbol", #"{"symbol":"BTC\u002dUSDT","side":"buy","type":"limit","price":"99","size":"1"}"#, 0),
        ("bad token", #"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"100","size":"1"}"#, -1),
        ("cancel own", "DELETE 1", 0),
        ("cancel again", "DELETE 1", 0),
        ("cancel another's", "DELETE 3", 0),
        ("cancel unknown", "DELETE 999", 0),
        ("cancel bad id", "DELETE abc", 0),
        ("cancel id 0", "DELETE 0", 0),
        ("cancel bad token", "DELETE 3", -1),
    ]

    /// Runs the script on a fresh exchange, authenticated by session tokens or by API-key signatures, and returns
    /// (status, JSON without the times) per request.
    static func run(lane: Bool, signed: Bool = false, rateLimit: Double = 200, script: [(String, String, Int)] = script)
        async throws -> (answers: [(Int, NSDictionary)], laneAnswers: Int)
    {
        var configuration = ExchangeServerConfiguration(
            port: 0, rateLimit: rateLimit, rateBurst: max(1, min(400, 2 * rateLimit)), receiveWindow: 60_000, bcryptCost: 4)
        configuration.orderEntryLane = lane
        let box = ResultBox()
        try await TestExchange.with(configuration) { exchange in
            let api = exchange.client()
            let auths: [Auth]
            if signed {
                auths = [.key(exchange.alice), .key(exchange.bob), .key(exchange.alice, signature: String(repeating: "ab", count: 32))]
            } else {
                auths = [.token(try await api.login(exchange.alice)), .token(try await api.login(exchange.bob)), .token("not-a-session")]
            }
            var answers: [(Int, NSDictionary)] = []
            for (_, body, who) in script {
                let auth = auths[who < 0 ? 2 : who]
                let response =
                    body.hasPrefix("DELETE ")
                    ? try await api.delete("/api/v1/orders/" + body.dropFirst(7), auth: auth)
                    : try await api.post("/api/v1/orders", body, auth: auth)
                var object = response.object
                object["createdAt"] = nil
                object["updatedAt"] = nil
                if let retry = response.headers["retry-after"] { object["Retry-After header"] = retry }
                answers.append((response.status, object as NSDictionary))
            }
            box.set(answers, exchange.server.ordersAnsweredByLane)
        }
        return box.get()
    }

    @Test("the lane gives the router's answers, and takes only what the router would place")
    func parity() async throws {
        let withLane = try await Self.run(lane: true)
        let withoutLane = try await Self.run(lane: false)
        #expect(withoutLane.laneAnswers == 0)
        for (i, (label, _, _)) in Self.script.enumerated() {
            #expect(withLane.answers[i].0 == withoutLane.answers[i].0, "\(label): status")
            #expect(withLane.answers[i].1 == withoutLane.answers[i].1, "\(label): body")
        }
        let statuses = withLane.answers.map(\.0)
        #expect(statuses == [201, 201, 201, 409, 422, 201, 422, 404, 400, 400, 400, 400, 201, 401, 200, 404, 404, 404, 400, 400, 401])
        // The lane answered what reached the sequencer from a flat body (placed or refused there: 7 requests) and
        // the two cancels of the caller's own order (done, then refused by the sequencer as no longer open); the
        // escaped, unknown, malformed, off-grid and unauthenticated ones and other accounts' orders went to the router.
        #expect(withLane.laneAnswers == 9)
    }

    @Test("signed requests: the same answers with the lane as without, once the key is known to the server")
    func signedParity() async throws {
        let withLane = try await Self.run(lane: true, signed: true)
        let withoutLane = try await Self.run(lane: false, signed: true)
        for (i, (label, _, _)) in Self.script.enumerated() {
            #expect(withLane.answers[i].0 == withoutLane.answers[i].0, "\(label): status")
            #expect(withLane.answers[i].1 == withoutLane.answers[i].1, "\(label): body")
        }
        #expect(withLane.answers.map(\.0) == [201, 201, 201, 409, 422, 201, 422, 404, 400, 400, 400, 400, 201, 401, 200, 404, 404, 404, 400, 400, 401])
        // Each key's first request goes to the router (it looks the key up); the lane answers the other seven.
        #expect(withLane.laneAnswers == 7)
    }

    @Test("a signed order over the rate limit gets the router's 429 from the lane, with Retry-After")
    func signedOverLimit() async throws {
        let order = #"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"99","size":"1"}"#
        let script = [("first", order, 0), ("second", order, 0), ("third", order, 0)]
        let withLane = try await Self.run(lane: true, signed: true, rateLimit: 0.001, script: script)
        let withoutLane = try await Self.run(lane: false, signed: true, rateLimit: 0.001, script: script)
        #expect(withLane.answers.map(\.0) == [201, 429, 429])
        #expect(withoutLane.answers.map(\.0) == [201, 429, 429])
        for i in 1..<3 {
            // The message names the wait in milliseconds, which differs from run to run.
            #expect(withLane.answers[i].1["code"] as? String == "rate_limited")
            #expect(withoutLane.answers[i].1["code"] as? String == "rate_limited")
            #expect(withLane.answers[i].1["Retry-After header"] != nil)
            #expect(withoutLane.answers[i].1["Retry-After header"] != nil)
        }
        #expect(withLane.laneAnswers == 2)
    }

    @Test("pipelined requests on one connection are answered in order, lane and router mixed")
    func pipelining() async throws {
        try await TestExchange.with { exchange in
            let token = try await exchange.client().login(exchange.alice)
            func post(_ body: String, _ extra: String = "") -> String { RawHTTP.postOrder(body, token: token, extra: extra) }
            let order = #"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"90","size":"1"}"#
            let list = "GET /api/v1/orders?status=open HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n\r\n"
            // One write: an order (lane), a list and an order behind it (router: the lane never answers while an
            // earlier request is with the router), a bad body (router), and the first 60 bytes of an order.
            let first = post(order) + list + post(order) + post(#"{"side":"#) + post(order).prefix(60)
            // Once those four are answered: the rest of that order (lane again), then one asking to close.
            let second = String(post(order).dropFirst(60)) + post(order, "Connection: close\r\n")
            let port = exchange.port
            let responses = try await onOwnThread { try RawHTTP.exchange(port: port, steps: [(first, 4), (second, 6)]) }
            #expect(responses.map(\.status) == [201, 200, 201, 400, 201, 201])
            let ids = responses.compactMap { ($0.json as? [String: Any])?["id"] as? Int }
            #expect(ids == [1, 2, 3, 4])
            // The list was answered after the first order and before the second.
            let open = try #require(responses[1].json as? [[String: Any]])
            #expect(open.compactMap { $0["id"] as? Int } == [1])
            #expect(exchange.server.ordersAnsweredByLane == 2)
            let all = try await exchange.client().get("/api/v1/orders?status=all", auth: .token(token))
            #expect(all.array.count == 4)
        }
    }

    @Test("a malformed request read while the lane's answer is pending is answered (400) after that answer, not before")
    func errorWhileAnswering() async throws {
        try await TestExchange.with { exchange in
            let token = try await exchange.client().login(exchange.alice)
            let order = RawHTTP.postOrder(
                #"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"90","size":"1"}"#, token: token)
            // A second send, so the bad bytes usually arrive while the order waits for the journal.
            let port = exchange.port
            let responses = try await onOwnThread {
                try RawHTTP.exchange(port: port, steps: [(order, 0), ("NOT HTTP AT ALL\r\n\r\n", 2)])
            }
            #expect(responses.map(\.status) == [201, 400])
            #expect((responses[0].json as? [String: Any])?["id"] as? Int == 1)
            let orders = try await exchange.client().get("/api/v1/orders?status=all", auth: .token(token))
            #expect(orders.array.count == 1)
        }
    }

    @Test("orders sent one by one without waiting for answers are answered in order, each by the lane")
    func heldWhileAnswering() async throws {
        try await TestExchange.with { exchange in
            let token = try await exchange.client().login(exchange.alice)
            func post(_ price: Int) -> String {
                RawHTTP.postOrder(
                    #"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"\#(price)","size":"1"}"#, token: token)
            }
            // Separate sends, so most arrive while the answer before them waits for the journal: the lane keeps
            // reading and holds them.
            let steps = (1...8).map { (post(80 + $0), $0 == 8 ? 8 : 0) }
            let port = exchange.port
            let responses = try await onOwnThread { try RawHTTP.exchange(port: port, steps: steps) }
            #expect(responses.map(\.status) == Array(repeating: 201, count: 8))
            let prices = responses.compactMap { ($0.json as? [String: Any])?["price"] as? String }
            #expect(prices == (1...8).map { "\(80 + $0)" })
            #expect(responses.compactMap { ($0.json as? [String: Any])?["id"] as? Int } == Array(1...8))
            #expect(exchange.server.ordersAnsweredByLane == 8)
        }
    }
}

/// Carries a result out of the `@Sendable` test body.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: ([(Int, NSDictionary)], Int) = ([], 0)
    func set(_ answers: [(Int, NSDictionary)], _ count: Int) { lock.withLock { value = (answers, count) } }
    func get() -> ([(Int, NSDictionary)], Int) { lock.withLock { value } }
}

/// HTTP/1.1 over a blocking socket: sends each step's bytes as given (so requests can be pipelined or split
/// anywhere), then reads responses (framed by `Content-Length`) until the step's total count has arrived.
enum RawHTTP {
    /// `json` is what `JSONSerialization` made: immutable once parsed, so the response may cross threads.
    struct Response: @unchecked Sendable {
        var status: Int
        var json: Any?
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// `POST /api/v1/orders` with `body`, as a session `token`'s, with `extra` header lines (each ending in CRLF).
    static func postOrder(_ body: String, token: String, extra: String = "") -> String {
        "POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n\(extra)"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    static func exchange(port: Int, steps: [(String, Int)]) throws -> [Response] {
        guard let fd = loopbackSocket(port: port, receiveTimeout: 10) else { throw Failure(description: "connect failed") }
        defer { close(fd) }
        var received: [UInt8] = []
        var responses: [Response] = []
        var buffer = [UInt8](repeating: 0, count: 8_192)
        for (text, count) in steps {
            let bytes = Array(text.utf8)
            let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent == bytes.count else { throw Failure(description: "short send") }
            while responses.count < count {
                if let (response, length) = parse(received) {
                    responses.append(response)
                    received.removeFirst(length)
                    continue
                }
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard n > 0 else {
                    throw Failure(description: "connection ended after \(responses.count) of \(count) responses")
                }
                received += buffer[..<n]
            }
        }
        return responses
    }

    /// One complete response at the start of `bytes`, and its length.
    static func parse(_ bytes: [UInt8]) -> (Response, Int)? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4,
            let end = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<$0 + 4]) == separator })
        else { return nil }
        let head = String(decoding: bytes[..<end], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        let lengthLine = lines.first { $0.lowercased().hasPrefix("content-length:") }
        let length = Int(lengthLine?.split(separator: ":")[1].trimmingCharacters(in: .whitespaces) ?? "0") ?? 0
        let total = end + 4 + length
        guard bytes.count >= total else { return nil }
        let json = try? JSONSerialization.jsonObject(with: Data(bytes[(end + 4)..<total]), options: [.fragmentsAllowed])
        return (Response(status: status, json: json), total)
    }
}
