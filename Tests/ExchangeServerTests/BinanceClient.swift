import Crypto
import ExchangeServer
import ExchangeService
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// A Binance REST client for the tests: signs exactly as Binance documents (hex HMAC-SHA256 of the query string
/// concatenated with the form body), with `X-MBX-APIKEY`.
struct BinanceClient: Sendable {
    let port: Int
    let user: DemoSetup.User

    /// Sends a request. `query` and `form` are raw `a=1&b=2` strings; with `sign`, `timestamp` (now unless given)
    /// is appended to the form for POST, to the query otherwise, and `signature` after it.
    func request(
        _ method: HTTPRequest.Method, _ path: String, query: String = "", form: String = "", sign: Bool = true,
        timestamp: Int64? = nil, signature: String? = nil, key: String? = nil
    ) async throws -> APIResponse {
        var query = query
        var form = form
        var headers: HTTPFields = [:]
        if sign {
            // Binance's longest recvWindow unless the test sets the time itself: under full CI load a request took
            // more than the default 5 s to be read.
            let stamp = timestamp.map { "timestamp=\($0)" }
                ?? "timestamp=\(ExchangeSequencer.wallClockMilliseconds())&recvWindow=60000"
            if method == .post {
                form = form.isEmpty ? stamp : form + "&" + stamp
            } else {
                query = query.isEmpty ? stamp : query + "&" + stamp
            }
            let mac = HMAC<SHA256>.authenticationCode(
                for: Array((query + form).utf8), using: SymmetricKey(data: Array(user.apiSecret.utf8)))
            let hex = signature ?? mac.map { String(format: "%02x", $0) }.joined()
            if method == .post {
                form += "&signature=" + hex
            } else {
                query += "&signature=" + hex
            }
            headers[HTTPField.Name("X-MBX-APIKEY")!] = key ?? user.apiKey
        }
        if !form.isEmpty { headers[.contentType] = "application/x-www-form-urlencoded" }
        let uri = query.isEmpty ? path : path + "?" + query
        let request = TestClient.Request(
            uri, method: method, headers: headers, body: form.isEmpty ? nil : ByteBuffer(string: form))
        let response = try await TestClient.withClient(host: "127.0.0.1", port: port) { try await $0.execute(request) }
        var json: Any?
        if let buffer = response.body, buffer.readableBytes > 0 {
            json = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed])
        }
        return APIResponse(status: Int(response.status.code), json: json, headers: [:])
    }

    /// A Binance error code of a response (`{"code":-1121,"msg":...}`).
    static func code(_ response: APIResponse) -> Int? { response.object["code"] as? Int }
}

/// A local order book kept by Binance's documented rules from `depthUpdate` events and a REST snapshot.
struct BinanceLocalBook {
    var lastUpdateID: UInt64
    var bids: [String: String] = [:]
    var asks: [String: String] = [:]
    var applied = 0

    init(snapshot: [String: Any]) {
        lastUpdateID = (snapshot["lastUpdateId"] as? NSNumber)?.uint64Value ?? 0
        for level in snapshot["bids"] as? [[String]] ?? [] { bids[level[0]] = level[1] }
        for level in snapshot["asks"] as? [[String]] ?? [] { asks[level[0]] = level[1] }
    }

    /// Applies one event: drops it when `u <= lastUpdateId`; a gap (`U > lastUpdateId + 1`) is a failure.
    mutating func apply(_ event: [String: Any]) throws {
        let first = try #require((event["U"] as? NSNumber)?.uint64Value)
        let last = try #require((event["u"] as? NSNumber)?.uint64Value)
        if last <= lastUpdateID { return }
        try #require(first <= lastUpdateID + 1, "gap: U=\(first) after \(lastUpdateID)")
        for level in event["b"] as? [[String]] ?? [] { bids[level[0]] = Self.isZero(level[1]) ? nil : level[1] }
        for level in event["a"] as? [[String]] ?? [] { asks[level[0]] = Self.isZero(level[1]) ? nil : level[1] }
        lastUpdateID = last
        applied += 1
    }

    static func isZero(_ text: String) -> Bool { text.allSatisfy { $0 == "0" || $0 == "." } }
}
