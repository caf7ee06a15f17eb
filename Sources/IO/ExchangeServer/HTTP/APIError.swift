import ExchangeCore
import Hummingbird
import BourseCore

/// An error as the API shows it: an HTTP status and a JSON body `{"code": ..., "message": ...}`.
///
/// `code` is stable (clients branch on it); `message` says what was wrong and how to fix it. Internal failures
/// are mapped to `internal_error` with a generic message, never the underlying error's text.
public struct APIError: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(ErrorBody(code: code, message: message), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    /// The JSON body of an error.
    struct ErrorBody: Encodable, Sendable {
        var code: String
        var message: String
    }

    // MARK: Common errors

    static func badRequest(_ code: String, _ message: String) -> APIError { APIError(.badRequest, code, message) }
    static func unauthorized(_ code: String, _ message: String) -> APIError { APIError(.unauthorized, code, message) }
    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, "forbidden", message) }
    static func notFound(_ code: String, _ message: String) -> APIError { APIError(.notFound, code, message) }
    static let internalError = APIError(
        .internalServerError, "internal_error", "the exchange could not process the request; try again later")
    static let unavailable = APIError(
        .serviceUnavailable, "service_unavailable", "the exchange's journal is unavailable; the outcome is unknown")

    // MARK: Mapping domain errors

    /// Maps a refusal of the exchange to its HTTP status: unknown things 404, duplicates 409, grid and shape
    /// problems 400, everything the risk checks or the engine refused 422.
    init(_ error: ExchangeError) {
        let code = error.code.rawValue
        let status: HTTPResponse.Status
        switch code {
        case "unknown_symbol", "unknown_asset", "unknown_account", "unknown_order", "unknown_bracket":
            status = .notFound
        case "duplicate_client_order_id", "duplicate_name", "duplicate_order_id", "bracket_closed":
            status = .conflict
        case "invalid_order", "invalid_amount", "invalid_definition", "invalid_decimal", "price_not_positive",
            "price_off_tick", "price_out_of_range", "quantity_not_positive", "quantity_off_lot",
            "quantity_below_minimum", "quantity_above_maximum", "invalid_quantity", "invalid_price",
            "invalid_time_in_force", "invalid_post_only", "invalid_iceberg", "invalid_trigger_price",
            "invalid_quote_amount", "invalid_oco", "invalid_bracket", "already_expired":
            status = .badRequest
        default:
            status = .unprocessableContent
        }
        self.init(status, code, error.message)
    }

    /// A price or size that does not parse or is off the instrument's grid (400), with the most specific code.
    init(_ error: InstrumentError, field: String) {
        let code = error.cause?.code.rawValue ?? error.code.rawValue
        self.init(.badRequest, code, "\(field): \(error.message)")
    }
}
