import BourseCore
import ExchangeCore
import MatchingEngine

/// Parsing of the individual order fields shared by the REST and socket APIs. Decimal strings are parsed exactly
/// by the instrument (never through `Double`); every failure is a 400 naming the field.
enum OrderFields {
    static func side(_ text: String) throws(APIError) -> Side {
        switch text.lowercased() {
        case "buy": return .buy
        case "sell": return .sell
        default: throw APIError.badRequest("invalid_side", "side must be \"buy\" or \"sell\"")
        }
    }

    static func price(_ text: String, _ instrument: Instrument, field: String) throws(APIError) -> Price {
        guard text.utf8.count <= 40 else { throw APIError.badRequest("decimal_overflow", "\(field) is too long") }
        do { return try instrument.price(text) } catch { throw APIError(error, field: field) }
    }

    static func quantity(_ text: String, _ instrument: Instrument, field: String) throws(APIError) -> Quantity {
        guard text.utf8.count <= 40 else { throw APIError.badRequest("decimal_overflow", "\(field) is too long") }
        do { return try instrument.quantity(text) } catch { throw APIError(error, field: field) }
    }

    /// A positive amount at `scale`.
    static func amount(_ text: String, scale: Int, field: String) throws(APIError) -> Int64 {
        guard text.utf8.count <= 40 else { throw APIError.badRequest("decimal_overflow", "\(field) is too long") }
        let value: Int64
        do { value = try FixedPoint.parse(text, scale: scale, allowNegative: false) } catch {
            throw APIError.badRequest(error.code.rawValue, "\(field): \(error.message)")
        }
        guard value > 0 else { throw APIError.badRequest("amount_not_positive", "\(field) must be positive") }
        return value
    }

    static func timeInForce(_ text: String?, expiresAt: Int64?) throws(APIError) -> TimeInForce? {
        guard let text else {
            if expiresAt != nil { return .gtd(expiresAt: expiresAt!) }
            return nil
        }
        switch text.lowercased() {
        case "gtc": return .gtc
        case "ioc": return .ioc
        case "fok": return .fok
        case "gtd":
            guard let expiresAt, expiresAt > 0 else {
                throw APIError.badRequest("invalid_field", "expiresAt (ms since the epoch) is required with gtd")
            }
            return .gtd(expiresAt: expiresAt)
        default: throw APIError.badRequest("invalid_time_in_force", "timeInForce must be gtc, ioc, fok or gtd")
        }
    }

    static func selfTradePrevention(_ text: String?) throws(APIError) -> SelfTradePrevention {
        switch text {
        case nil, "none": return .none
        case "cancel_resting": return .cancelResting
        case "cancel_incoming": return .cancelIncoming
        case "cancel_both": return .cancelBoth
        default:
            throw APIError.badRequest(
                "invalid_stp", "stp must be none, cancel_resting, cancel_incoming or cancel_both")
        }
    }

    /// An order id from a path segment.
    static func orderID(_ text: String?) throws(APIError) -> OrderID {
        guard let text, let value = UInt64(text), value > 0 else {
            throw APIError.badRequest("invalid_order_id", "the order id must be a positive integer")
        }
        return OrderID(value)
    }
}
