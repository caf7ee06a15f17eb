import BourseCore
import Crypto
import Feeds
import Foundation
import NIOHTTP1

/// Order entry on Bourse's own exchange API (`/api/v1`), signed with an API key: `X-BOURSE-KEY`,
/// `X-BOURSE-TIMESTAMP` and `X-BOURSE-SIGNATURE` = hex HMAC-SHA256 of timestamp + method + path (+ `?query`) +
/// body. Orders carry their `clientOrderId`; status and cancel go by it (`/api/v1/orders/client/{id}`), so a
/// client that timed out can ask without knowing the exchange's id.
public struct BourseOrderEntry: OrderEntry {
    public let venue: String
    /// `http://127.0.0.1:8080`.
    public var baseURL: String
    public var apiKey: String
    public var secret: String
    public var fetcher: HTTPFetcher

    public init(venue: String = "bourse", baseURL: String, apiKey: String, secret: String, timeout: Duration = .seconds(2)) {
        self.venue = venue
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.secret = secret
        fetcher = HTTPFetcher(timeout: timeout, maximumBodySize: 4 << 20)
    }

    struct NewOrder: Encodable {
        var symbol: String
        var side: String
        var type = "limit"
        var price: String
        var size: String
        var timeInForce: String
        var postOnly: Bool
        var clientOrderId: String
    }

    public func submit(_ intent: OrderIntent) async throws(OrderEntryError) -> OrderReport {
        let order = NewOrder(
            symbol: intent.symbol, side: intent.side, price: intent.priceText, size: intent.quantityText,
            timeInForce: intent.timeInForce == .ioc ? "ioc" : "gtc", postOnly: intent.timeInForce == .postOnly,
            clientOrderId: intent.clientOrderID)
        let body = (try? JSONEncoder().encode(order)).map { Array($0) } ?? []
        return try report(try await call(.POST, "/api/v1/orders", body: body), intent)
    }

    public func status(_ intent: OrderIntent) async throws(OrderEntryError) -> OrderReport {
        try report(try await call(.GET, "/api/v1/orders/client/" + percentEncoded(intent.clientOrderID)), intent)
    }

    public func cancel(_ intent: OrderIntent) async throws(OrderEntryError) -> OrderReport {
        try report(try await call(.DELETE, "/api/v1/orders/client/" + percentEncoded(intent.clientOrderID)), intent)
    }

    public func openOrders(symbol: String) async throws(OrderEntryError) -> [String] {
        let body = try await call(.GET, "/api/v1/orders", query: "status=open&symbol=" + percentEncoded(symbol))
        struct Row: Decodable { var clientOrderId: String? }
        guard let rows = try? JSONDecoder().decode([Row].self, from: Data(body)) else {
            throw OrderEntryError(.unknownOutcome, "\(venue): unreadable order list")
        }
        return rows.compactMap(\.clientOrderId)
    }

    // MARK: Wire

    func call(_ method: HTTPMethod, _ path: String, query: String? = nil, body: [UInt8] = []) async throws(OrderEntryError) -> [UInt8] {
        let timestamp = WallClock.nanoseconds() / 1_000_000
        var payload = Array("\(timestamp)\(method.rawValue)\(path)".utf8)
        if let query { payload += Array(("?" + query).utf8) }
        payload += body
        let mac = HMAC<SHA256>.authenticationCode(for: payload, using: SymmetricKey(data: Array(secret.utf8)))
        let headers = [
            ("X-BOURSE-KEY", apiKey), ("X-BOURSE-TIMESTAMP", String(timestamp)), ("X-BOURSE-SIGNATURE", lowercaseHex(Array(mac))),
            ("Content-Type", "application/json"),
        ]
        let url = baseURL + path + (query.map { "?" + $0 } ?? "")
        let reply = try await fetcher.orderEntry(HTTPCall(method: method, url: url, headers: headers, body: body), venue: venue)
        if (200..<300).contains(reply.status) { return reply.body }
        struct Failure: Decodable { var code: String; var message: String }
        let failure = try? JSONDecoder().decode(Failure.self, from: Data(reply.body))
        let message = "\(venue): HTTP \(reply.status) \(failure.map { "\($0.code): \($0.message)" } ?? "")"
        switch (reply.status, failure?.code) {
        case (500..., _): throw OrderEntryError(.unknownOutcome, message)
        case (429, _): throw OrderEntryError(.unreachable, message)
        case (_, "duplicate_client_order_id"): throw OrderEntryError(.duplicate, message)
        case (404, "unknown_order"): throw OrderEntryError(.notFound, message)
        default: throw OrderEntryError(.rejected, message)
        }
    }

    /// Reads an order view (`filled` and `cost` as exact decimals).
    func report(_ body: [UInt8], _ intent: OrderIntent) throws(OrderEntryError) -> OrderReport {
        struct View: Decodable {
            var id: UInt64
            var clientOrderId: String?
            var filled: String
            var cost: String
            var status: String
        }
        guard let view = try? JSONDecoder().decode(View.self, from: Data(body)) else {
            throw OrderEntryError(.unknownOutcome, "\(venue): unreadable order \(String(decoding: body.prefix(200), as: UTF8.self))")
        }
        let state: OrderState
        switch view.status {
        case "new", "untriggered": state = .open
        case "partially_filled": state = .partiallyFilled
        case "filled": state = .filled
        case "cancelled": state = .cancelled
        case "expired": state = .expired
        default: state = .rejected
        }
        do {
            return OrderReport(
                clientOrderID: view.clientOrderId ?? intent.clientOrderID, venueOrderID: String(view.id), state: state,
                filled: try FixedPoint.parse(view.filled, scale: intent.sizeScale, allowNegative: false),
                filledNotional: try FixedPoint.parse(view.cost, scale: intent.priceScale + intent.sizeScale, allowNegative: false))
        } catch {
            throw OrderEntryError(.unknownOutcome, "\(venue): \(error) in \(view.filled)/\(view.cost)")
        }
    }
}
