import BourseCore
import Crypto
import Feeds
import Foundation
import NIOHTTP1

/// Order entry in Binance's signed spot REST dialect: Binance itself, Bourse's exchange (`bourse exchange`, which
/// speaks it for ccxt) and every simulated venue of `bourse venues`. Only the address and the key differ.
///
/// Orders are `LIMIT` with `timeInForce` (`IOC`, `GTC`) or `LIMIT_MAKER` (post-only), each with its
/// `newClientOrderId`. Errors follow Binance's documented meaning: HTTP 5xx and -1007 mean the execution status
/// is unknown (never a failure), "Duplicate order sent." means the order exists.
public struct BinanceOrderEntry: OrderEntry {
    public let venue: String
    /// `http://127.0.0.1:9101` or `https://api.binance.com`.
    public var baseURL: String
    public var apiKey: String
    public var secret: String
    /// Binance's `recvWindow` in milliseconds.
    public var receiveWindow: Int64 = 5_000
    public var fetcher: HTTPFetcher

    public init(venue: String, baseURL: String, apiKey: String, secret: String, timeout: Duration = .seconds(2)) {
        self.venue = venue
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.secret = secret
        fetcher = HTTPFetcher(timeout: timeout, maximumBodySize: 4 << 20)
    }

    public func submit(_ intent: OrderIntent) async throws(OrderEntryError) -> OrderReport {
        var parameters = [
            ("symbol", intent.symbol), ("side", intent.side == "buy" ? "BUY" : "SELL"),
            ("type", intent.timeInForce == .postOnly ? "LIMIT_MAKER" : "LIMIT"),
        ]
        if intent.timeInForce != .postOnly { parameters.append(("timeInForce", intent.timeInForce == .ioc ? "IOC" : "GTC")) }
        parameters += [
            ("quantity", intent.quantityText), ("price", intent.priceText), ("newClientOrderId", intent.clientOrderID),
            ("newOrderRespType", "RESULT"),
        ]
        return try report(try await call(.POST, "/api/v3/order", parameters), intent)
    }

    public func status(_ intent: OrderIntent) async throws(OrderEntryError) -> OrderReport {
        let body = try await call(.GET, "/api/v3/order", [("symbol", intent.symbol), ("origClientOrderId", intent.clientOrderID)])
        return try report(body, intent)
    }

    public func cancel(_ intent: OrderIntent) async throws(OrderEntryError) -> OrderReport {
        do {
            let body = try await call(
                .DELETE, "/api/v3/order", [("symbol", intent.symbol), ("origClientOrderId", intent.clientOrderID)])
            return try report(body, intent)
        } catch where error.venueCode == -2011 {
            // Not open any more (filled, expired) or never there: the order's own status says which.
            return try await status(intent)
        }
    }

    public func openOrders(symbol: String) async throws(OrderEntryError) -> [String] {
        let body = try await call(.GET, "/api/v3/openOrders", [("symbol", symbol)])
        struct Row: Decodable { var clientOrderId: String }
        guard let rows = try? JSONDecoder().decode([Row].self, from: Data(body)) else {
            throw OrderEntryError(.unknownOutcome, "\(venue): unreadable openOrders response")
        }
        return rows.map(\.clientOrderId)
    }

    // MARK: Wire

    /// Signs and sends one request; returns the body of a 2xx answer.
    func call(_ method: HTTPMethod, _ path: String, _ parameters: [(String, String)]) async throws(OrderEntryError) -> [UInt8] {
        var query = parameters.map { "\($0.0)=\(percentEncoded($0.1))" }
        query.append("recvWindow=\(receiveWindow)")
        query.append("timestamp=\(WallClock.nanoseconds() / 1_000_000)")
        let payload = query.joined(separator: "&")
        let mac = HMAC<SHA256>.authenticationCode(for: Array(payload.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        let url = baseURL + path + "?" + payload + "&signature=" + lowercaseHex(Array(mac))
        let reply = try await fetcher.orderEntry(HTTPCall(method: method, url: url, headers: [("X-MBX-APIKEY", apiKey)]), venue: venue)
        if (200..<300).contains(reply.status) { return reply.body }
        struct Failure: Decodable { var code: Int; var msg: String }
        let failure = try? JSONDecoder().decode(Failure.self, from: Data(reply.body))
        let message = "\(venue): HTTP \(reply.status) \(failure.map { "\($0.code) \($0.msg)" } ?? "")"
        if reply.status >= 500 || failure?.code == -1007 {
            throw OrderEntryError(.unknownOutcome, message, venueCode: failure?.code)
        }
        switch failure?.code {
        case -2010 where failure?.msg.contains("Duplicate") == true:
            throw OrderEntryError(.duplicate, message, venueCode: -2010)
        case -2013:
            throw OrderEntryError(.notFound, message, venueCode: -2013)
        case -1003, -1015, -1016:
            throw OrderEntryError(.unreachable, message, venueCode: failure?.code)
        default:
            throw OrderEntryError(.rejected, message, venueCode: failure?.code)
        }
    }

    /// Reads an order response exactly (sizes and notionals as decimal strings, never through `Double`).
    func report(_ body: [UInt8], _ intent: OrderIntent) throws(OrderEntryError) -> OrderReport {
        struct Row: Decodable {
            var orderId: UInt64
            var clientOrderId: String
            var origClientOrderId: String?
            var executedQty: String
            var cummulativeQuoteQty: String
            var status: String
        }
        guard let row = try? JSONDecoder().decode(Row.self, from: Data(body)), let state = OrderState(binance: row.status) else {
            throw OrderEntryError(.unknownOutcome, "\(venue): unreadable order response \(String(decoding: body.prefix(200), as: UTF8.self))")
        }
        do {
            let filled = try FixedPoint.parse(row.executedQty, scale: intent.sizeScale, allowNegative: false)
            let notional = try FixedPoint.parse(
                row.cummulativeQuoteQty, scale: intent.priceScale + intent.sizeScale, allowNegative: false)
            return OrderReport(
                clientOrderID: row.origClientOrderId ?? row.clientOrderId, venueOrderID: String(row.orderId), state: state,
                filled: filled, filledNotional: notional)
        } catch {
            throw OrderEntryError(.unknownOutcome, "\(venue): \(error) in \(row.executedQty)/\(row.cummulativeQuoteQty)")
        }
    }
}
