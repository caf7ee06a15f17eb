import ExchangeCore
import Hummingbird

/// An error in Binance's shape: `{"code":-1022,"msg":"Signature for this request is not valid."}` with the HTTP
/// status Binance uses (400 for request and order problems, 401 for API-key problems, 429, 5xx).
///
/// Codes are Binance's (negative integers), so client libraries map them to their own exception classes.
struct BinanceError: Error, Sendable, CustomStringConvertible {
    var status: HTTPResponse.Status
    var code: Int
    var msg: String

    init(_ code: Int, _ msg: String, status: HTTPResponse.Status = .badRequest) {
        self.code = code
        self.msg = msg
        self.status = status
    }

    var description: String { "\(status.code) \(code): \(msg)" }

    /// The JSON response of the error.
    var response: Response { JSONResponse.make(Body(code: code, msg: msg), status: status) }

    struct Body: Encodable, Sendable {
        var code: Int
        var msg: String
    }

    // MARK: Binance's codes

    static let unknown = BinanceError(-1000, "An unknown error occurred while processing the request.")
    static let internalError = BinanceError(
        -1001, "Internal error; unable to process your request. Please try again.", status: .serviceUnavailable)
    static func tooManyRequests(_ message: String) -> BinanceError {
        BinanceError(-1003, message, status: .tooManyRequests)
    }
    static let staleTimestamp = BinanceError(-1021, "Timestamp for this request is outside of the recvWindow.")
    static let futureTimestamp = BinanceError(
        -1021, "Timestamp for this request was 1000ms ahead of the server's time.")
    static let invalidSignature = BinanceError(-1022, "Signature for this request is not valid.")
    static func illegalCharacters(_ name: String) -> BinanceError {
        BinanceError(
            -1100,
            "Illegal characters found in parameter '\(name.prefix(32))'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'."
        )
    }
    static func duplicateParameter(_ name: String) -> BinanceError {
        BinanceError(-1101, "Duplicate values for a parameter detected: '\(name.prefix(32))'.")
    }
    static func mandatory(_ name: String) -> BinanceError {
        BinanceError(-1102, "Mandatory parameter '\(name.prefix(32))' was not sent, was empty/null, or malformed.")
    }
    static func notRequired(_ name: String) -> BinanceError {
        BinanceError(-1106, "Parameter '\(name.prefix(32))' sent when not required.")
    }
    static let invalidTimeInForce = BinanceError(-1115, "Invalid timeInForce.")
    static let invalidOrderType = BinanceError(-1116, "Invalid orderType.")
    static let invalidSide = BinanceError(-1117, "Invalid side.")
    static let invalidSymbol = BinanceError(-1121, "Invalid symbol.")
    static let badRecvWindow = BinanceError(-1131, "recvWindow must be less than 60000")
    static func filterFailure(_ filter: String) -> BinanceError { BinanceError(-1013, "Filter failure: \(filter)") }
    static func newOrderRejected(_ message: String) -> BinanceError { BinanceError(-2010, message) }
    static let cancelRejected = BinanceError(-2011, "Unknown order sent.")
    static let noSuchOrder = BinanceError(-2013, "Order does not exist.")
    static let badAPIKeyFormat = BinanceError(-2014, "API-key format invalid.", status: .unauthorized)
    static let rejectedAPIKey = BinanceError(
        -2015, "Invalid API-key, IP, or permissions for action.", status: .unauthorized)

    // MARK: Mapping Bourse's errors

    /// Maps a refusal of a new order to Binance's code: grid problems are filter failures (-1013), unknown
    /// symbols -1121, everything else -2010 with Binance's wording where there is one.
    static func newOrder(_ error: APIError) -> BinanceError {
        switch error.code {
        case "unknown_symbol": return .invalidSymbol
        case "insufficient_balance":
            return .newOrderRejected("Account has insufficient balance for requested action.")
        case "duplicate_client_order_id": return .newOrderRejected("Duplicate order sent.")
        case "post_only_would_take", "post_only_would_cross":
            return .newOrderRejected("Order would immediately match and take.")
        case "price_off_tick", "price_out_of_range", "price_not_positive": return .filterFailure("PRICE_FILTER")
        case "quantity_off_lot", "quantity_below_minimum", "quantity_above_maximum", "quantity_not_positive":
            return .filterFailure("LOT_SIZE")
        case "price_outside_band": return .filterFailure("PERCENT_PRICE_BY_SIDE")
        case "rate_limited": return .tooManyRequests(error.message)
        case "service_unavailable", "internal_error": return .internalError
        default: return .newOrderRejected(error.message)
        }
    }

    /// Maps any other refusal (queries, cancels): unknown orders as `missingOrder`.
    static func other(_ error: APIError, missingOrder: BinanceError) -> BinanceError {
        switch error.code {
        case "unknown_symbol": return .invalidSymbol
        case "unknown_order": return missingOrder
        case "rate_limited": return .tooManyRequests(error.message)
        case "service_unavailable", "internal_error": return .internalError
        default:
            if error.status == .notFound || error.status == .unprocessableContent { return missingOrder }
            return BinanceError(-1000, error.message)
        }
    }
}
