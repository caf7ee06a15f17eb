import BourseCore
import Crypto
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Synchronization

/// Set by a handler whose answer must be cut off.
final class CutFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// `POST/GET/DELETE /api/v3/order` and `GET /api/v3/openOrders` of a simulated venue, signed as on Binance:
/// `X-MBX-APIKEY` header, `timestamp` within `recvWindow` (default 5000 ms), and `signature` = hex
/// HMAC-SHA256 of the query string followed by the body (both without `signature`).
struct OrderEntryRoutes: Sendable {
    let venue: SimulatedVenue

    func register(on router: Router<BasicWebSocketRequestContext>) {
        let venue = self.venue
        router.post("api/v3/order") { request, _ -> Response in
            let cut = CutFlag()
            let response = await Self.signed(request, venue: venue) { p throws(SimulatedOrderError) in
                let (order, reply) = try await venue.placeOrder(p)
                let delay = await venue.orderDelay
                if delay > .zero { try? await Task.sleep(for: delay) }
                switch reply {
                case .none: break
                case .lost: throw SimulatedOrderError.statusUnknown
                case .cut: cut.set()
                }
                return await venue.json(order)
            }
            guard cut.isSet else { return response }
            // Half an answer, then the connection drops: the client cannot know whether the order exists.
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "{\"symbol\":"))
                    throw CancellationError()
                })
        }
        router.get("api/v3/order") { request, _ -> Response in
            await Self.signed(request, venue: venue) { p throws(SimulatedOrderError) in
                await venue.json(try await venue.queryOrder(p))
            }
        }
        router.delete("api/v3/order") { request, _ -> Response in
            await Self.signed(request, venue: venue) { p throws(SimulatedOrderError) in
                await venue.json(try await venue.cancelOrder(p))
            }
        }
        router.get("api/v3/openOrders") { request, _ -> Response in
            await Self.signed(request, venue: venue) { p throws(SimulatedOrderError) in
                var parts: [String] = []
                for order in try await venue.openOrders(p) { parts.append(await venue.json(order)) }
                return "[" + parts.joined(separator: ",") + "]"
            }
        }
    }

    /// Authenticates, runs `body` with the request's parameters and answers its JSON or its error.
    static func signed(
        _ request: Request, venue: SimulatedVenue,
        _ body: ([String: String]) async throws(SimulatedOrderError) -> String
    ) async -> Response {
        do throws(SimulatedOrderError) {
            guard await venue.accepting else { throw SimulatedOrderError(-1016, "This service is no longer available.", status: 503) }
            var buffer: ByteBuffer?
            do { buffer = try await request.body.collect(upTo: 1 << 16) } catch { buffer = nil }
            let form = buffer.map { String(buffer: $0) } ?? ""
            let query = request.uri.query ?? ""
            let parameters = try Self.authenticate(request, query: query, form: form)
            return VenueRoutes.json(try await body(parameters))
        } catch {
            return VenueRoutes.json(error.json, status: .init(code: error.status))
        }
    }

    static func authenticate(_ request: Request, query: String, form: String) throws(SimulatedOrderError) -> [String: String] {
        guard let key = request.headers[HTTPField.Name("X-MBX-APIKEY")!], !key.isEmpty else {
            throw SimulatedOrderError(-2014, "API-key format invalid.", status: 401)
        }
        guard key == SimulatedVenue.demoCredentials.key else {
            throw SimulatedOrderError(-2015, "Invalid API-key, IP, or permissions for action.", status: 401)
        }
        var parameters: [String: String] = [:]
        var signature: String?
        var signed: [String] = []
        for source in [query, form] where !source.isEmpty {
            var kept: [Substring] = []
            for pair in source.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = Self.decode(parts[0])
                let value = parts.count > 1 ? Self.decode(parts[1]) : ""
                if name == "signature" { signature = value } else {
                    parameters[name] = value
                    kept.append(pair)
                }
            }
            signed.append(kept.joined(separator: "&"))
        }
        guard let timestampText = parameters["timestamp"], let timestamp = Int64(timestampText) else { throw .missing("timestamp") }
        let window = parameters["recvWindow"].flatMap { Int64($0) } ?? 5_000
        let now = SimulatedVenue.milliseconds()
        guard timestamp < now + 1_000, now - timestamp <= window else {
            throw SimulatedOrderError(-1021, "Timestamp for this request is outside of the recvWindow.")
        }
        guard let signature else { throw .missing("signature") }
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array(signed.joined().utf8), using: SymmetricKey(data: Array(SimulatedVenue.demoCredentials.secret.utf8)))
        let expected = lowercaseHex(Array(mac))
        guard expected == signature.lowercased() else { throw SimulatedOrderError(-1022, "Signature for this request is not valid.") }
        return parameters
    }

    /// Percent-decoding of a form or query component (`+` is a space).
    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
