import BourseCore

/// Balances of every account in every asset, with holds, and the operations that move them.
///
/// Money only enters through ``deposit(_:_:_:)`` and leaves through ``withdraw(_:_:_:)``; every other operation
/// moves an amount between two places, so for every asset the sum over all accounts of `available + onHold`
/// equals ``supply(_:)`` at all times (``checkConservation()`` verifies it; property tests call it after every
/// event). Every operation either applies completely or throws and changes nothing.
///
/// A value type with a single owner (the exchange's sequencer): no locks.
public struct Ledger: Sendable, Equatable {
    public private(set) var assets: [Asset] = []
    var assetIndex: [String: AssetID] = [:]
    var accounts: [AccountID: [Balance]] = [:]
    var supplies: [Int64] = []

    public init() {}

    // MARK: Assets

    /// Adds an asset (or returns the existing id of one with the same symbol and scale).
    /// - Throws: `invalid_amount` when the symbol exists with another scale or the scale is outside 0...18.
    @discardableResult
    public mutating func addAsset(_ asset: Asset) throws(LedgerError) -> AssetID {
        if let id = assetIndex[asset.symbol] {
            guard assets[Int(id.rawValue)].scale == asset.scale else {
                throw LedgerError(.invalidAmount, "asset \(asset.symbol) already exists with another scale")
            }
            return id
        }
        guard (0...FixedPoint.maximumScale).contains(asset.scale) else {
            throw LedgerError(.invalidAmount, "asset scale \(asset.scale) is outside 0...18")
        }
        let id = AssetID(UInt16(assets.count))
        assets.append(asset)
        assetIndex[asset.symbol] = id
        supplies.append(0)
        for key in accounts.keys { accounts[key]!.append(.zero) }
        return id
    }

    /// The id of the asset with this symbol.
    public func asset(_ symbol: String) -> AssetID? { assetIndex[symbol] }

    /// The definition of an asset.
    public func asset(_ id: AssetID) -> Asset { assets[Int(id.rawValue)] }

    // MARK: Reading

    /// The balance of `account` in `asset` (zero for an unknown account).
    public func balance(_ account: AccountID, _ asset: AssetID) -> Balance {
        accounts[account]?[Int(asset.rawValue)] ?? .zero
    }

    /// Every asset's balance of `account`, indexed by asset id.
    public func balances(_ account: AccountID) -> [Balance] {
        accounts[account] ?? Array(repeating: .zero, count: assets.count)
    }

    /// The accounts that have ever held anything, in ascending order.
    public var accountIDs: [AccountID] { accounts.keys.sorted() }

    /// Deposits minus withdrawals of `asset` so far: what all accounts together must hold.
    public func supply(_ asset: AssetID) -> Int64 { supplies[Int(asset.rawValue)] }

    // MARK: Money in and out

    /// Credits `amount` to `account`'s available balance.
    /// - Throws: `invalid_amount` for a non-positive amount, `amount_overflow` when a balance or the supply
    ///   would not fit in 64 bits, `unknown_asset`.
    public mutating func deposit(_ account: AccountID, _ asset: AssetID, _ amount: Int64) throws(LedgerError) {
        try checkPositive(amount, asset)
        let i = Int(asset.rawValue)
        let current = balance(account, asset)
        let (available, o1) = current.available.addingReportingOverflow(amount)
        let (total, o2) = current.total.addingReportingOverflow(amount)
        let (supply, o3) = supplies[i].addingReportingOverflow(amount)
        guard !o1, !o2, !o3 else {
            throw LedgerError(.overflow, "deposit of \(self.asset(asset).format(amount)) would overflow")
        }
        _ = total
        supplies[i] = supply
        update(account, asset) { $0.available = available }
    }

    /// Debits `amount` from `account`'s available balance.
    /// - Throws: `insufficient_balance` when available is smaller; `invalid_amount`, `unknown_asset`.
    public mutating func withdraw(_ account: AccountID, _ asset: AssetID, _ amount: Int64) throws(LedgerError) {
        try checkPositive(amount, asset)
        try checkAvailable(account, asset, amount)
        supplies[Int(asset.rawValue)] -= amount
        update(account, asset) { $0.available -= amount }
    }

    // MARK: Holds

    /// Moves `amount` from available to on hold. A zero amount does nothing.
    /// - Throws: `insufficient_balance` when available is smaller; `invalid_amount` when negative.
    public mutating func hold(_ account: AccountID, _ asset: AssetID, _ amount: Int64) throws(LedgerError) {
        if amount == 0 { return }
        try checkPositive(amount, asset)
        try checkAvailable(account, asset, amount)
        update(account, asset) {
            $0.available -= amount
            $0.onHold += amount
        }
    }

    /// Moves `amount` from on hold back to available. A zero amount does nothing.
    /// - Precondition: the account has at least `amount` on hold (the caller's hold bookkeeping guarantees it;
    ///   a violation is a bug, not bad input).
    public mutating func release(_ account: AccountID, _ asset: AssetID, _ amount: Int64) {
        if amount == 0 { return }
        precondition(amount > 0 && balance(account, asset).onHold >= amount, "release of more than is on hold")
        update(account, asset) {
            $0.onHold -= amount
            $0.available += amount
        }
    }

    /// Moves `amount` out of `from`'s hold (`fromHold: true`) or available balance into `to`'s available balance
    /// (or its hold with `toHold: true`). A zero amount does nothing.
    /// - Precondition: the source has the amount (guaranteed by holds placed earlier; a violation is a bug).
    public mutating func transfer(
        _ amount: Int64, of asset: AssetID, from: AccountID, fromHold: Bool, to: AccountID, toHold: Bool = false
    ) {
        if amount == 0 { return }
        precondition(amount > 0, "negative transfer")
        let source = balance(from, asset)
        precondition((fromHold ? source.onHold : source.available) >= amount, "transfer of more than the source has")
        update(from, asset) {
            if fromHold { $0.onHold -= amount } else { $0.available -= amount }
        }
        update(to, asset) {
            if toHold { $0.onHold += amount } else { $0.available += amount }
        }
    }

    // MARK: Invariant

    /// Checks conservation (per asset, the sum of all accounts' totals equals the supply) and that no balance
    /// is negative. Returns a description of the first violation, or `nil`.
    public func checkConservation() -> String? {
        var sums = Array(repeating: Int64(0), count: assets.count)
        for (account, balances) in accounts {
            for (i, b) in balances.enumerated() {
                if b.available < 0 || b.onHold < 0 {
                    return "account \(account) has a negative \(assets[i].symbol) balance \(b)"
                }
                sums[i] += b.total
            }
        }
        for i in assets.indices where sums[i] != supplies[i] {
            return "\(assets[i].symbol): accounts hold \(sums[i]) but the supply is \(supplies[i])"
        }
        return nil
    }

    // MARK: Private

    private func checkPositive(_ amount: Int64, _ asset: AssetID) throws(LedgerError) {
        guard Int(asset.rawValue) < assets.count else {
            throw LedgerError(.unknownAsset, "no asset with id \(asset)")
        }
        guard amount > 0 else { throw LedgerError(.invalidAmount, "amount must be positive") }
    }

    private func checkAvailable(_ account: AccountID, _ asset: AssetID, _ amount: Int64) throws(LedgerError) {
        let available = balance(account, asset).available
        guard available >= amount else {
            let a = self.asset(asset)
            throw LedgerError(
                .insufficientBalance,
                "needs \(a.format(amount)) \(a.symbol) available, account has \(a.format(available))")
        }
    }

    private mutating func update(_ account: AccountID, _ asset: AssetID, _ change: (inout Balance) -> Void) {
        let count = assets.count
        change(&accounts[account, default: Array(repeating: .zero, count: count)][Int(asset.rawValue)])
    }
}
