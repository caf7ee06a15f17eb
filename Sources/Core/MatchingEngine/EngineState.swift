import BourseCore

/// An order being executed against the book (a new order, a triggered one, an amended one, a bracket leg).
struct Incoming {
    var id: UInt64
    var account: UInt32
    var side: Side
    var isMarket: Bool
    /// Worst acceptable price: the limit, the protection price, or unbounded (`Int64.max`/`Int64.min`).
    var limit: Int64
    var remaining: Int64
    /// Quote orders: what is left to spend (notional units).
    var budget: Int64
    var isQuote: Bool
    var canRest: Bool
    var isFOK: Bool
    var expiresAt: Int64
    var display: Int64
    var stp: SelfTradePrevention
    var postOnly: Bool
    var filled: Int64
    var acceptance: UInt64
    var ocoPartner: UInt64
    var hasOCO: Bool
    var isBracketEntry: Bool

    init(_ request: OrderRequest, acceptance: UInt64) {
        id = request.id.rawValue
        account = request.account.rawValue
        side = request.side
        isMarket = request.kind == .market
        if request.kind == .limit || request.price.rawValue != 0 {
            limit = request.price.rawValue
        } else {
            limit = request.side == .buy ? .max : .min
        }
        remaining = request.quantity.rawValue
        budget = request.quoteAmount
        isQuote = request.quoteAmount != 0
        canRest = request.canRest
        if case .fok = request.timeInForce { isFOK = true } else { isFOK = false }
        expiresAt = request.expiresAt ?? .max
        display = request.displayQuantity.rawValue
        stp = request.selfTradePrevention
        postOnly = request.postOnly
        filled = 0
        self.acceptance = acceptance
        ocoPartner = 0
        hasOCO = false
        isBracketEntry = false
    }
}

/// A stop or take-profit order waiting for its trigger.
struct ArmedOrder {
    var request: OrderRequest
    var arm: UInt64
    var acceptance: UInt64
    var ocoPartner: UInt64?
}

/// The legs a bracket entry will arm once it has finished.
struct BracketLegs {
    var request: BracketRequest
}

/// A GTD order in the expiry heap (lazily deleted: checked against the live order's acceptance number).
struct ExpiryEntry {
    var expiresAt: Int64
    var acceptance: UInt64
    var id: UInt64

    static func < (a: ExpiryEntry, b: ExpiryEntry) -> Bool {
        a.expiresAt != b.expiresAt ? a.expiresAt < b.expiresAt : a.acceptance < b.acceptance
    }
}

/// Values of ``OrderIndex`` that are not pool slots.
enum IndexTag {
    static let armed: Int32 = -1
    static let reserved: Int32 = -2
}
