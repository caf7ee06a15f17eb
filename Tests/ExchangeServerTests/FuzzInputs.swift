import BourseCore
import ExchangeServer
import ExchangeService
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// Generators of random and mutated inputs for ``FuzzTests``: valid requests and frames taken as seeds, then
/// bytes flipped, cut, repeated, or replaced by nasty values (negative, huge, exponent, wrong type, unknown
/// symbol, control characters, deep nesting, oversized).
struct FuzzInputs: Sendable {
    let tokens: [String]
    let users: [DemoSetup.User]

    static let orderBodies = [
        #"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"50000.00","size":"0.0001"}"#,
        #"{"symbol":"BTC-USDT","side":"sell","type":"limit","price":"50001.00","size":"0.0002","timeInForce":"ioc"}"#,
        #"{"symbol":"BTC-USDT","side":"buy","type":"market","quoteAmount":"10.00"}"#,
        #"{"symbol":"ETH-USDT","side":"sell","type":"stop_limit","price":"2000.00","triggerPrice":"2001.00","size":"0.01"}"#,
        #"{"symbol":"ETH-BTC","side":"buy","type":"limit","price":"0.05000","size":"0.010","displaySize":"0.002","postOnly":true}"#,
        #"{"symbol":"BTC-USDT","side":"sell","type":"limit","price":"49999.00","size":"0.0001","stp":"cancel_newest","clientOrderId":"f1"}"#,
    ]
    static let otherBodies = [
        #"{"size":"0.0001"}"#, #"{"price":"50000.00"}"#,
        #"{"symbol":"BTC-USDT","side":"buy","entry":{"type":"limit","price":"50000.00","size":"0.0001"},"takeProfit":"51000.00","stopLoss":"49000.00"}"#,
        #"{"account":1,"asset":"USDT","amount":"100"}"#, #"{"username":"x","password":"y"}"#,
    ]
    static let paths = [
        "/api/v1/orders", "/api/v1/orders/1", "/api/v1/orders/99999999999999999999", "/api/v1/orders?status=open",
        "/api/v1/orderbook?symbol=BTC-USDT&depth=5", "/api/v1/orderbook?symbol=NOPE", "/api/v1/orderbook?depth=-1",
        "/api/v1/trades?symbol=BTC-USDT&limit=100000", "/api/v1/balances", "/api/v1/fills?limit=abc",
        "/api/v1/instruments", "/api/v1/brackets", "/api/v1/brackets/3", "/api/v1/admin/deposits",
        "/api/v1/admin/withdrawals", "/api/v1/auth/api-keys", "/api/v1/auth/login", "/realtime", "/", "/api/v2/x",
        "/api/v1/orders/%00", "/api/v1/../../etc/passwd", "/api/v1/orderbook?symbol=%ZZ",
    ]
    static let nasty = [
        "-1", "\"-1\"", "\"1e-5\"", "1e400", "\"99999999999999999999999.99\"", "null", "[]", "{}", "\"\"", "\"\\u0000\"",
        "\"NaN\"", "0", "\"0\"", "\"0.000000001\"", ",", "\"", "}", "]]]]", "\"BTC-USDX\"", "true", "\"\\ud800\"",
        String(repeating: "[", count: 600), "\"" + String(repeating: "9", count: 400) + "\"",
        "\"\u{1F4B0}\"", "\"buy\"", "\"sell\"", "\"limit\"", "\"market\"",
    ]
    static let methods: [HTTPRequest.Method] = [.get, .post, .patch, .delete, .put, .head, .options]

    /// One request: mostly mutated order entry, otherwise random routes, methods and credentials.
    func request(_ rng: inout SeededGenerator) -> (TestClient.Request, String) {
        var headers: HTTPFields = [:]
        let token = tokens[Int(rng.next() % UInt64(tokens.count))]
        switch rng.next() % 10 {
        case 0: break
        case 1: headers[.authorization] = "Bearer " + Self.mutate(token, &rng)
        case 2:
            // A signed request with a wrong or stale signature.
            let user = users[Int(rng.next() % UInt64(users.count))]
            let now = ExchangeSequencer.wallClockMilliseconds() - Int64(rng.next() % 2 == 0 ? 0 : 60_000)
            headers[HTTPField.Name(RequestSignature.keyHeader)!] = user.apiKey
            headers[HTTPField.Name(RequestSignature.timestampHeader)!] = String(now)
            headers[HTTPField.Name(RequestSignature.signatureHeader)!] = Self.mutate(String(repeating: "ab", count: 32), &rng)
        default: headers[.authorization] = "Bearer " + token
        }
        let roll = rng.next() % 100
        let method: HTTPRequest.Method
        let path: String
        var body: String?
        if roll < 60 {
            method = .post
            path = "/api/v1/orders"
            let seed = Self.orderBodies[Int(rng.next() % UInt64(Self.orderBodies.count))]
            // A fifth stay valid (so the exchange keeps trading); the rest are mutated.
            body = rng.next() % 5 == 0 ? seed : Self.mutate(seed, &rng)
        } else if roll < 80 {
            method = Self.methods[Int(rng.next() % UInt64(Self.methods.count))]
            path = Self.paths[Int(rng.next() % UInt64(Self.paths.count))]
            if method == .post || method == .patch || method == .put {
                body = Self.mutate(Self.otherBodies[Int(rng.next() % UInt64(Self.otherBodies.count))], &rng)
            }
        } else if roll < 90 {
            method = rng.next() % 2 == 0 ? .delete : .patch
            path = "/api/v1/orders/\(rng.next() % 5_000)"
            if method == .patch { body = Self.mutate(#"{"size":"0.0001","price":"50000.00"}"#, &rng) }
        } else {
            method = .get
            path = Self.mutate(Self.paths[Int(rng.next() % UInt64(Self.paths.count))], &rng, forPath: true)
        }
        if body != nil && rng.next() % 10 != 0 { headers[.contentType] = "application/json" }
        let request = TestClient.Request(path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return (request, "\(method) \(path) \(body ?? "")")
    }

    /// A frame for `/realtime`.
    enum Frame: Sendable {
        case text(String)
        case binary([UInt8])
    }

    static let frameSeeds = [
        #"{"op":"subscribe","args":["orderBookL2:BTC-USDT","trade:BTC-USDT"]}"#,
        #"{"op":"unsubscribe","args":"orderBookL2:BTC-USDT"}"#, #"{"op":"subscribe","args":["instrument:ETH-USDT"]}"#,
        #"{"op":"authToken","args":["nope"]}"#, #"{"op":"authKeyExpires","args":["k",1,"sig"]}"#,
        #"{"op":"order","args":{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"1.00","size":"0.0001"},"id":7}"#,
        #"{"op":"cancel","args":["12"],"id":"x"}"#, #"{"op":"ping"}"#, #"{"op":"subscribe","args":["order"]}"#,
    ]

    static func frame(_ rng: inout SeededGenerator) -> Frame {
        switch rng.next() % 20 {
        case 0: return .binary((0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        case 1: return .text(String(repeating: "x", count: 20_000))  // over the frame limit
        default:
            let seed = frameSeeds[Int(rng.next() % UInt64(frameSeeds.count))]
            return .text(rng.next() % 4 == 0 ? seed : mutate(seed, &rng))
        }
    }

    /// Bytes for a raw socket: garbage, or HTTP with a broken request line or headers.
    static func rawBytes(_ rng: inout SeededGenerator) -> [UInt8] {
        switch rng.next() % 4 {
        case 0: return (0..<Int(1 + rng.next() % 512)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        case 1: return Array(mutate("GET /api/v1/instruments HTTP/1.1\r\nHost: x\r\n\r\n", &rng).utf8)
        case 2:
            return Array("POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n{\"a\":".utf8)
        default:
            return Array("GET / HTTP/1.1\r\n\(String(repeating: "X-A: b\r\n", count: Int(rng.next() % 2_000)))\r\n".utf8)
        }
    }

    /// `text` with one to three random edits.
    static func mutate(_ text: String, _ rng: inout SeededGenerator, forPath: Bool = false) -> String {
        var bytes = Array(text.utf8)
        for _ in 0..<(1 + rng.next() % 3) {
            let at = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 6 {
            case 0 where !bytes.isEmpty: bytes[at] = UInt8(truncatingIfNeeded: forPath ? 33 + rng.next() % 94 : rng.next())
            case 1 where !bytes.isEmpty: bytes.removeSubrange(at..<min(bytes.count, at + 1 + Int(rng.next() % 8)))
            case 2 where !bytes.isEmpty: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 8)], at: at)
            case 3: bytes = Array(bytes.prefix(at))
            default:
                // Replace a quoted value (or insert) with a nasty one.
                let value = Array(nasty[Int(rng.next() % UInt64(nasty.count))].utf8)
                if let quote = bytes[at...].firstIndex(of: UInt8(ascii: ":")) {
                    let end = bytes[(quote + 1)...].firstIndex { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "}") }
                        ?? bytes.count
                    bytes.replaceSubrange((quote + 1)..<end, with: value)
                } else {
                    bytes.insert(contentsOf: value, at: at)
                }
            }
        }
        if forPath {
            // Keep the request target legal HTTP (the server, not the client library, is under test).
            bytes = bytes.flatMap { (33...126).contains($0) ? [$0] : Array("%\(String($0, radix: 16))".utf8) }
            if bytes.first != UInt8(ascii: "/") { bytes.insert(UInt8(ascii: "/"), at: 0) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
