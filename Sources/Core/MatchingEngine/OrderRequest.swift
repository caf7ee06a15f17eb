import BourseCore

/// How long an order stays open.
public enum TimeInForce: Hashable, Sendable {
    /// Good till cancelled: rests until filled or cancelled.
    case gtc
    /// Immediate or cancel: trades what it can now, the rest is cancelled.
    case ioc
    /// Fill or kill: trades its whole size now, or does nothing.
    case fok
    /// Good till date: rests until the engine's clock reaches `expiresAt` (same unit as the `now` argument).
    case gtd(expiresAt: Int64)
}

/// What happens when an incoming order would trade with a resting order of the same account.
public enum SelfTradePrevention: UInt8, Hashable, Sendable, CaseIterable {
    /// Self-trades are allowed.
    case none
    /// Cancel the resting order and keep matching.
    case cancelResting
    /// Stop matching and cancel the rest of the incoming order.
    case cancelIncoming
    /// Cancel the resting order and the rest of the incoming order.
    case cancelBoth
}

/// A trigger on the last trade price that turns a parked order into a live one.
public enum OrderTrigger: Hashable, Sendable {
    /// Stop: a buy fires when the last price rises to `price` or above, a sell when it falls to `price` or below.
    case stop(Price)
    /// Take-profit: a buy fires when the last price falls to `price` or below, a sell when it rises to it or above.
    case takeProfit(Price)

    /// The trigger price.
    @inlinable public var price: Price {
        switch self {
        case .stop(let p), .takeProfit(let p): return p
        }
    }

    /// `true` when the trigger fires as the price rises through it (`last >= price`), `false` when it fires as the
    /// price falls through it (`last <= price`).
    @inlinable public func firesOnRise(for side: Side) -> Bool {
        switch self {
        case .stop: return side == .buy
        case .takeProfit: return side == .sell
        }
    }

    /// Whether the trigger fires at last trade price `last`.
    @inlinable public func fires(for side: Side, last: Price) -> Bool {
        firesOnRise(for: side) ? last >= price : last <= price
    }
}

/// Limit or market.
public enum OrderKind: UInt8, Hashable, Sendable {
    /// Trades at `price` or better; the rest may rest in the book.
    case limit
    /// Trades at any price (or up to a protection price); never rests.
    case market
}

/// A new order, as the engine receives it. Use the static builders for the common shapes.
public struct OrderRequest: Hashable, Sendable {
    public var id: OrderID
    public var account: AccountID
    public var side: Side
    public var kind: OrderKind
    /// Limit price; for a market order the protection price (worst acceptable), or `.zero` for none.
    public var price: Price
    /// Size in base units. Zero for a market buy by quote amount.
    public var quantity: Quantity
    /// For a market buy by quote amount: what to spend, in notional units (`price × size` units). Zero otherwise.
    public var quoteAmount: Int64
    public var timeInForce: TimeInForce
    /// Rejected instead of taking liquidity (limit GTC/GTD only).
    public var postOnly: Bool
    /// Iceberg: the visible size (limit GTC/GTD only); zero for a plain order.
    public var displayQuantity: Quantity
    /// Parks the order until the last trade price reaches the trigger.
    public var trigger: OrderTrigger?
    public var selfTradePrevention: SelfTradePrevention

    public init(
        id: OrderID,
        account: AccountID,
        side: Side,
        kind: OrderKind,
        price: Price,
        quantity: Quantity,
        quoteAmount: Int64 = 0,
        timeInForce: TimeInForce = .gtc,
        postOnly: Bool = false,
        displayQuantity: Quantity = .zero,
        trigger: OrderTrigger? = nil,
        selfTradePrevention: SelfTradePrevention = .none
    ) {
        self.id = id
        self.account = account
        self.side = side
        self.kind = kind
        self.price = price
        self.quantity = quantity
        self.quoteAmount = quoteAmount
        self.timeInForce = timeInForce
        self.postOnly = postOnly
        self.displayQuantity = displayQuantity
        self.trigger = trigger
        self.selfTradePrevention = selfTradePrevention
    }

    /// A limit order.
    public static func limit(
        _ id: UInt64, account: UInt32 = 1, _ side: Side, price: Int64, quantity: Int64,
        timeInForce: TimeInForce = .gtc, postOnly: Bool = false, display: Int64 = 0,
        stp: SelfTradePrevention = .none
    ) -> OrderRequest {
        OrderRequest(
            id: OrderID(id), account: AccountID(account), side: side, kind: .limit, price: Price(price),
            quantity: Quantity(quantity), timeInForce: timeInForce, postOnly: postOnly,
            displayQuantity: Quantity(display), selfTradePrevention: stp)
    }

    /// A market order by base size, with an optional protection price (0 = none).
    public static func market(
        _ id: UInt64, account: UInt32 = 1, _ side: Side, quantity: Int64, protection: Int64 = 0,
        timeInForce: TimeInForce = .ioc, stp: SelfTradePrevention = .none
    ) -> OrderRequest {
        OrderRequest(
            id: OrderID(id), account: AccountID(account), side: side, kind: .market, price: Price(protection),
            quantity: Quantity(quantity), timeInForce: timeInForce, selfTradePrevention: stp)
    }

    /// A market buy that spends `quoteAmount` (notional units), with an optional protection price.
    public static func marketBuy(
        _ id: UInt64, account: UInt32 = 1, spending quoteAmount: Int64, protection: Int64 = 0,
        stp: SelfTradePrevention = .none
    ) -> OrderRequest {
        OrderRequest(
            id: OrderID(id), account: AccountID(account), side: .buy, kind: .market, price: Price(protection),
            quantity: .zero, quoteAmount: quoteAmount, timeInForce: .ioc, selfTradePrevention: stp)
    }

    /// A stop or take-profit order: market when `limit` is nil, limit otherwise.
    public static func triggered(
        _ id: UInt64, account: UInt32 = 1, _ side: Side, trigger: OrderTrigger, limit: Int64? = nil,
        quantity: Int64, timeInForce: TimeInForce? = nil, stp: SelfTradePrevention = .none
    ) -> OrderRequest {
        OrderRequest(
            id: OrderID(id), account: AccountID(account), side: side, kind: limit == nil ? .market : .limit,
            price: Price(limit ?? 0), quantity: Quantity(quantity),
            timeInForce: timeInForce ?? (limit == nil ? .ioc : .gtc), trigger: trigger, selfTradePrevention: stp)
    }

    /// `true` for a market buy by quote amount.
    @inlinable public var isQuoteOrder: Bool { quoteAmount != 0 }

    /// `true` when the order may rest in the book after matching.
    @inlinable public var canRest: Bool {
        switch timeInForce {
        case .gtc, .gtd: return kind == .limit
        case .ioc, .fok: return false
        }
    }

    /// The expiry time of a GTD order, `nil` otherwise.
    @inlinable public var expiresAt: Int64? {
        if case .gtd(let t) = timeInForce { return t }
        return nil
    }
}
