import BourseCore

/// An order being executed against the book (a new order, a triggered one, an amended one, a bracket leg).
struct Incoming {
    var id: UInt64
    var account: UInt32
    var side: Side
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

    /// A base-size order at `limit`: the shape of every order but quote orders. Options default to off.
    @inline(__always)
    init(
        id: UInt64, account: UInt32, side: Side, limit: Int64, quantity: Int64, acceptance: UInt64,
        canRest: Bool, isFOK: Bool = false, stp: SelfTradePrevention, display: Int64 = 0, postOnly: Bool = false,
        expiresAt: Int64 = .max
    ) {
        self.id = id
        self.account = account
        self.side = side
        self.limit = limit
        remaining = quantity
        budget = 0
        isQuote = false
        self.canRest = canRest
        self.isFOK = isFOK
        self.expiresAt = expiresAt
        self.display = display
        self.stp = stp
        self.postOnly = postOnly
        filled = 0
        self.acceptance = acceptance
        ocoPartner = 0
        hasOCO = false
        isBracketEntry = false
    }

    /// Any accepted order without a trigger (or a triggered one, now executing).
    init(_ request: OrderRequest, acceptance: UInt64) {
        let limit: Int64
        if request.kind == .limit || request.price.rawValue != 0 {
            limit = request.price.rawValue
        } else {
            limit = request.side == .buy ? .max : .min
        }
        var isFOK = false
        if case .fok = request.timeInForce { isFOK = true }
        self.init(
            id: request.id.rawValue, account: request.account.rawValue, side: request.side, limit: limit,
            quantity: request.quantity.rawValue, acceptance: acceptance, canRest: request.canRest, isFOK: isFOK,
            stp: request.selfTradePrevention, display: request.displayQuantity.rawValue, postOnly: request.postOnly,
            expiresAt: request.expiresAt ?? .max)
        budget = request.quoteAmount
        isQuote = request.quoteAmount != 0
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
