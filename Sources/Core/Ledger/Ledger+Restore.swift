import BourseCore

extension Ledger {
    /// A ledger with exactly these assets, balances and supplies (what a snapshot of the exchange recorded).
    /// - Parameters:
    ///   - assets: The assets in id order.
    ///   - balances: Every account's balances, indexed by asset id (one per asset).
    ///   - supplies: Deposits minus withdrawals per asset, indexed by asset id.
    /// - Throws: `invalid_amount` when the parts do not fit together: a duplicate symbol, a scale outside
    ///   0...18, a balance list of the wrong length, a negative balance, or totals that differ from the supply.
    public init(assets: [Asset], balances: [AccountID: [Balance]], supplies: [Int64]) throws(LedgerError) {
        self.init()
        for asset in assets {
            guard self.asset(asset.symbol) == nil else {
                throw LedgerError(.invalidAmount, "asset \(asset.symbol) appears twice")
            }
            try addAsset(asset)
        }
        guard supplies.count == assets.count else {
            throw LedgerError(.invalidAmount, "\(supplies.count) supplies for \(assets.count) assets")
        }
        for (account, list) in balances {
            guard list.count == assets.count else {
                throw LedgerError(.invalidAmount, "account \(account) has \(list.count) balances for \(assets.count) assets")
            }
        }
        // Conservation, checked without trapping on overflow (the input may be corrupt).
        var sums = Array(repeating: Int64(0), count: assets.count)
        for (account, list) in balances {
            for (i, b) in list.enumerated() {
                let (total, o1) = b.available.addingReportingOverflow(b.onHold)
                let (sum, o2) = sums[i].addingReportingOverflow(total)
                guard b.available >= 0, b.onHold >= 0, !o1, !o2 else {
                    throw LedgerError(.invalidAmount, "account \(account) has an invalid \(assets[i].symbol) balance")
                }
                sums[i] = sum
            }
        }
        guard sums == supplies else { throw LedgerError(.invalidAmount, "balances do not add up to the supplies") }
        self.accounts = balances
        self.supplies = supplies
    }
}
