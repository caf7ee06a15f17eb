import BourseCore

/// The grid and limits an engine enforces, taken from an ``Instrument``.
public struct EngineConfiguration: Hashable, Sendable {
    public var tickSize: Int64
    public var lotSize: Int64
    public var minQuantity: Int64
    public var maxQuantity: Int64
    public var minPrice: Int64
    public var maxPrice: Int64
    /// Orders the engine preallocates room for; it grows beyond this when needed (amortised).
    public var expectedOrders: Int

    public init(instrument: Instrument, expectedOrders: Int = 1 << 16) {
        self.tickSize = instrument.tickSize.rawValue
        self.lotSize = instrument.lotSize.rawValue
        self.minQuantity = instrument.minQuantity.rawValue
        self.maxQuantity = instrument.maxQuantity.rawValue
        self.minPrice = instrument.minPrice.rawValue
        self.maxPrice = instrument.maxPrice.rawValue
        self.expectedOrders = expectedOrders
    }

    /// A configuration with tick and lot of 1, as used by the CSV benchmark streams (integer ticks and lots).
    public init(
        tickSize: Int64 = 1, lotSize: Int64 = 1, minQuantity: Int64 = 1, maxQuantity: Int64 = Int64.max / 4,
        minPrice: Int64 = 1, maxPrice: Int64 = Int64.max / 4, expectedOrders: Int = 1 << 16
    ) {
        self.tickSize = tickSize
        self.lotSize = lotSize
        self.minQuantity = minQuantity
        self.maxQuantity = maxQuantity
        self.minPrice = minPrice
        self.maxPrice = maxPrice
        self.expectedOrders = expectedOrders
    }

    /// Why `price` is not a valid limit price here (`invalidPrice`, `priceOffTick`, `priceOutOfRange`), or `nil`.
    // Tick and lot sizes of 1 (integer grids) skip the division, which costs tens of cycles.
    @inlinable @inline(__always) public func priceError(_ price: Int64) -> RejectReason? {
        if price <= 0 { return .invalidPrice }
        if tickSize != 1 && price % tickSize != 0 { return .priceOffTick }
        if price < minPrice || price > maxPrice { return .priceOutOfRange }
        return nil
    }

    @inlinable @inline(__always) func quantityError(_ quantity: Int64) -> RejectReason? {
        if quantity <= 0 { return .invalidQuantity }
        if lotSize != 1 && quantity % lotSize != 0 { return .quantityOffLot }
        if quantity < minQuantity { return .quantityBelowMinimum }
        if quantity > maxQuantity { return .quantityAboveMaximum }
        return nil
    }
}

extension EngineConfiguration {
    /// The checks that need no book: grid, bounds, and which options go together. Shared by the engine and the
    /// reference model so both reject the same orders for the same first reason.
    /// - Returns: the first failing rule, in the order listed in `docs/engine-semantics.md`, or `nil`.
    @inlinable
    public func staticRejectReason(for order: OrderRequest, now: Int64) -> RejectReason? {
        // 1. Size.
        if order.quoteAmount != 0 {
            if order.quoteAmount < 0 || order.kind != .market || order.side != .buy || order.quantity.rawValue != 0
                || order.trigger != nil
            {
                return .invalidQuoteAmount
            }
            if order.timeInForce != .ioc { return .invalidTimeInForce }
        } else if let reason = quantityError(order.quantity.rawValue) {
            return reason
        }
        // 2. Price (a market order's protection price is optional).
        if order.kind == .limit || order.price.rawValue != 0, let reason = priceError(order.price.rawValue) {
            return reason
        }
        // 3. Time in force.
        switch order.timeInForce {
        case .gtc:
            if order.kind == .market { return .invalidTimeInForce }
        case .gtd(let expiresAt):
            if order.kind == .market { return .invalidTimeInForce }
            if expiresAt <= now { return .alreadyExpired }
        case .ioc, .fok:
            break
        }
        // 4. Post-only.
        if order.postOnly && (order.kind != .limit || order.trigger != nil || !order.canRest) {
            return .invalidPostOnly
        }
        // 5. Iceberg.
        let display = order.displayQuantity.rawValue
        if display != 0 {
            if display < 0 || display % lotSize != 0 || display >= order.quantity.rawValue || order.kind != .limit
                || order.trigger != nil || !order.canRest
            {
                return .invalidIceberg
            }
        }
        // 6. Trigger.
        if let trigger = order.trigger, priceError(trigger.price.rawValue) != nil {
            return .invalidTriggerPrice
        }
        return nil
    }

    /// Whether `order` is a valid plain limit order: GTC, IOC or FOK, without post-only, iceberg, trigger or quote
    /// amount. This is the common case, decided in a few comparisons instead of walking every rule of
    /// ``staticRejectReason(for:now:)``; `false` decides nothing (ask ``staticRejectReason(for:now:)``).
    @inlinable @inline(__always)
    func isValidPlainLimit(_ order: OrderRequest) -> Bool {
        guard order.kind == .limit && order.quoteAmount == 0 && !order.postOnly && order.trigger == nil
            && order.displayQuantity.rawValue == 0
        else { return false }
        switch order.timeInForce {
        case .gtc, .ioc, .fok: break
        case .gtd: return false
        }
        let quantity = order.quantity.rawValue
        let price = order.price.rawValue
        return quantity > 0 && quantity >= minQuantity && quantity <= maxQuantity
            && (lotSize == 1 || quantity % lotSize == 0)
            && price > 0 && price >= minPrice && price <= maxPrice && (tickSize == 1 || price % tickSize == 0)
    }

    /// Checks of a bracket that need no book (the entry's own checks first).
    @inlinable
    public func staticRejectReason(for bracket: BracketRequest, now: Int64) -> RejectReason? {
        if let reason = staticRejectReason(for: bracket.entry, now: now) { return reason }
        let entry = bracket.entry
        if entry.trigger != nil || entry.isQuoteOrder { return .invalidBracket }
        let ids = [entry.id, bracket.takeProfitID, bracket.stopLossID]
        if Set(ids).count != 3 { return .invalidBracket }
        if priceError(bracket.takeProfitPrice.rawValue) != nil || priceError(bracket.stopLossTrigger.rawValue) != nil {
            return .invalidBracket
        }
        if let limit = bracket.stopLossLimit, priceError(limit.rawValue) != nil { return .invalidBracket }
        // A long entry takes profit above its stop; a short one below.
        let tp = bracket.takeProfitPrice.rawValue
        let sl = bracket.stopLossTrigger.rawValue
        if entry.side == .buy ? !(sl < tp) : !(sl > tp) { return .invalidBracket }
        if entry.kind == .limit {
            let p = entry.price.rawValue
            if entry.side == .buy ? !(sl < p && p < tp) : !(tp < p && p < sl) { return .invalidBracket }
        }
        return nil
    }

    /// Checks of an OCO pair that need no book (each leg's own checks first, first leg first).
    @inlinable
    public func staticRejectReason(forOCO first: OrderRequest, _ second: OrderRequest, now: Int64) -> RejectReason? {
        if let reason = staticRejectReason(for: first, now: now) { return reason }
        if let reason = staticRejectReason(for: second, now: now) { return reason }
        if first.id == second.id || first.side != second.side || first.account != second.account {
            return .invalidOCO
        }
        if first.trigger == nil && second.trigger == nil { return .invalidOCO }
        if first.isQuoteOrder || second.isQuoteOrder { return .invalidOCO }
        return nil
    }
}
