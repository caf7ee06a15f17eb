/// Why the engine refused a command. The raw values are stable codes (journals, APIs): never renumber.
public enum RejectReason: UInt16, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case duplicateOrderID = 1
    case unknownOrder = 2
    case invalidQuantity = 3
    case quantityOffLot = 4
    case quantityBelowMinimum = 5
    case quantityAboveMaximum = 6
    case invalidPrice = 7
    case priceOffTick = 8
    case priceOutOfRange = 9
    case postOnlyWouldTake = 10
    case alreadyExpired = 11
    case invalidTimeInForce = 12
    case invalidPostOnly = 13
    case invalidIceberg = 14
    case invalidTriggerPrice = 15
    case invalidQuoteAmount = 16
    case notAmendable = 17
    case invalidOCO = 18
    case invalidBracket = 19

    /// A stable snake_case code for APIs.
    public var code: String {
        switch self {
        case .duplicateOrderID: return "duplicate_order_id"
        case .unknownOrder: return "unknown_order"
        case .invalidQuantity: return "invalid_quantity"
        case .quantityOffLot: return "quantity_off_lot"
        case .quantityBelowMinimum: return "quantity_below_minimum"
        case .quantityAboveMaximum: return "quantity_above_maximum"
        case .invalidPrice: return "invalid_price"
        case .priceOffTick: return "price_off_tick"
        case .priceOutOfRange: return "price_out_of_range"
        case .postOnlyWouldTake: return "post_only_would_take"
        case .alreadyExpired: return "already_expired"
        case .invalidTimeInForce: return "invalid_time_in_force"
        case .invalidPostOnly: return "invalid_post_only"
        case .invalidIceberg: return "invalid_iceberg"
        case .invalidTriggerPrice: return "invalid_trigger_price"
        case .invalidQuoteAmount: return "invalid_quote_amount"
        case .notAmendable: return "not_amendable"
        case .invalidOCO: return "invalid_oco"
        case .invalidBracket: return "invalid_bracket"
        }
    }

    /// A sentence for people.
    public var message: String {
        switch self {
        case .duplicateOrderID: return "an order with this id is already live"
        case .unknownOrder: return "no live order with this id belongs to this account"
        case .invalidQuantity: return "size must be positive"
        case .quantityOffLot: return "size is not a multiple of the lot size"
        case .quantityBelowMinimum: return "size is below the instrument's minimum"
        case .quantityAboveMaximum: return "size is above the instrument's maximum"
        case .invalidPrice: return "price must be positive"
        case .priceOffTick: return "price is not a multiple of the tick size"
        case .priceOutOfRange: return "price is outside the instrument's price range"
        case .postOnlyWouldTake: return "post-only order would take liquidity"
        case .alreadyExpired: return "good-till-date time is not in the future"
        case .invalidTimeInForce: return "time in force not allowed for this order type"
        case .invalidPostOnly: return "post-only needs a GTC or GTD limit order without trigger"
        case .invalidIceberg: return "iceberg display size must be on the lot grid, below the size, on a GTC/GTD limit"
        case .invalidTriggerPrice: return "trigger price must be positive, on the tick grid and in range"
        case .invalidQuoteAmount: return "quote amount is only for market buys, with no base size"
        case .notAmendable: return "only orders resting in the book can be amended"
        case .invalidOCO: return "OCO legs must share side and account, and at most one may lack a trigger"
        case .invalidBracket: return "bracket legs are inconsistent with the entry"
        }
    }

    public var description: String { code }
}

/// Why an order left the book without filling completely. Raw values are stable codes.
public enum CancelReason: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// The owner asked.
    case userRequested = 1
    /// Cancel-all for the account.
    case massCancel = 2
    /// IOC or market order: the part that could not trade at once.
    case immediateOrCancel = 3
    /// FOK order that could not fill completely.
    case fillOrKill = 4
    /// Self-trade prevention.
    case selfTrade = 5
    /// The other leg of its OCO pair traded, triggered, was cancelled or expired.
    case ocoPartner = 6

    public var description: String {
        switch self {
        case .userRequested: return "user_requested"
        case .massCancel: return "mass_cancel"
        case .immediateOrCancel: return "immediate_or_cancel"
        case .fillOrKill: return "fill_or_kill"
        case .selfTrade: return "self_trade"
        case .ocoPartner: return "oco_partner"
        }
    }
}
