import BourseCore
import MatchingEngine

/// One order as the reference model sees it: resting in the book, armed, or executing as the incoming order.
///
/// `remaining` is the only record of the untraded size; `visible` matters only while the order rests
/// (`hidden` is derived), so the two can never disagree.
struct ReferenceOrder {
    let id: OrderID
    let account: AccountID
    let side: Side
    let kind: OrderKind
    /// Limit price; for a market order its protection price (0 = none).
    var price: Price
    /// Untraded base size (resting: visible + hidden).
    var remaining: Int64
    /// What a market buy by quote amount may still spend; 0 for base-size orders.
    var budget: Int64
    let isQuote: Bool
    let timeInForce: TimeInForce
    let postOnly: Bool
    /// Iceberg display size; 0 for a plain order.
    let display: Int64
    var trigger: OrderTrigger?
    let stp: SelfTradePrevention
    /// Counter value of this order's `accepted` event.
    let acceptance: Int
    /// Counter value when it was armed (0 when never armed).
    var armNumber = 0
    /// Time priority inside its level: smaller is earlier. Renewed whenever it moves to the tail.
    var priority = 0
    /// Visible part while resting.
    var visible: Int64 = 0
    /// Base size traded over the order's whole life.
    var filled: Int64 = 0

    init(_ request: OrderRequest, acceptance: Int) {
        self.id = request.id
        self.account = request.account
        self.side = request.side
        self.kind = request.kind
        self.price = request.price
        self.remaining = request.quantity.rawValue
        self.budget = request.quoteAmount
        self.isQuote = request.isQuoteOrder
        self.timeInForce = request.timeInForce
        self.postOnly = request.postOnly
        self.display = request.displayQuantity.rawValue
        self.trigger = request.trigger
        self.stp = request.selfTradePrevention
        self.acceptance = acceptance
    }

    /// Hidden part of a resting iceberg.
    var hidden: Int64 { remaining - visible }

    /// The limit the order trades up (buy) or down (sell) to; `nil` for a market order without protection.
    var limit: Price? {
        kind == .limit || price.rawValue != 0 ? price : nil
    }

    /// The expiry time of a GTD order.
    var expiresAt: Int64? {
        if case .gtd(let t) = timeInForce { return t }
        return nil
    }

    /// Whether a level at `levelPrice` on the opposite side is within this order's limit.
    func crosses(_ levelPrice: Price) -> Bool {
        guard let limit else { return true }
        return side == .buy ? levelPrice <= limit : levelPrice >= limit
    }

    /// Whether what is left may rest in the book after matching.
    var canRest: Bool {
        switch timeInForce {
        case .gtc, .gtd: return kind == .limit
        case .ioc, .fok: return false
        }
    }

    /// The visible size when (re)entering the book with `remaining`.
    var initialVisible: Int64 {
        display > 0 ? min(display, remaining) : remaining
    }
}
