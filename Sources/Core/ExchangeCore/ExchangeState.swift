import BourseCore
import Ledger
import MatchingEngine

/// The whole exchange as one deterministic state machine: markets with their engines, the ledger, orders,
/// users and keys. ``apply(_:)`` takes sequenced commands in order; the same commands (with their times) always
/// produce the same state and the same events, which is what journaling and crash recovery rely on.
///
/// Single writer: one task owns the state and applies commands one at a time (no locks). Not `Sendable`.
public final class ExchangeState {
    /// Receives every trading fee.
    public static let feeAccount = AccountID(1)
    /// Receives the price improvement of `house-spread` markets.
    public static let houseAccount = AccountID(2)
    /// Accounts below this number are the exchange's own.
    public static let firstUserAccount: UInt32 = 100

    public internal(set) var ledger = Ledger()
    var markets: [Market] = []
    var marketIndex: [String: Int] = [:]
    /// Sequence number of the last applied command.
    public internal(set) var sequence: UInt64 = 0
    /// Time of the last applied command (milliseconds since the epoch; never goes back).
    public internal(set) var time: Int64 = 0
    var nextOrderID: UInt64 = 1
    var nextTradeID: UInt64 = 1
    var nextGroupID: UInt64 = 1
    var nextAccount: UInt32 = ExchangeState.firstUserAccount

    /// Every order ever accepted, by id (open and history).
    public internal(set) var orders = OrderTable()
    var clientOrderIDs: [AccountID: [String: OrderID]] = [:]
    var openOrders: [AccountID: Set<OrderID>] = [:]
    /// Every order of each account in ascending id order (orders are never removed): history listings read
    /// only the account's own orders. Derived from ``orders``, so snapshots rebuild it instead of storing it.
    var accountOrders: [AccountID: [OrderID]] = [:]
    var live: [OrderID: LiveOrder] = [:]
    var groups: [UInt64: HoldGroup] = [:]
    var brackets: [OrderID: PendingBracket] = [:]
    /// Leg id -> entry id, for legs reserved by a pending bracket.
    var bracketLegs: [OrderID: OrderID] = [:]

    public internal(set) var users: [String: UserRecord] = [:]
    public internal(set) var apiKeys: [String: APIKeyRecord] = [:]
    var accountNames: [AccountID: String] = [:]

    /// The events of the last applied command, in order.
    public internal(set) var events: [ExchangeEvent] = []
    var touchedBalances: [(AccountID, AssetID)] = []
    /// Orders finished during the current command (their hold groups are settled at its end).
    var finishedThisCommand: [OrderID] = []
    /// Orders registered during the current command.
    var registeredThisCommand: Set<OrderID> = []

    public init() {}

    // MARK: Applying commands

    /// Applies the next command. Its events are in ``events`` afterwards.
    /// - Returns: the reply for the sender, or the reason the command was refused (then nothing changed except
    ///   the sequence number and the clock, which always advance, so replay stays aligned with the journal).
    /// - Precondition: `command.sequence == sequence + 1` (the sequencer numbers commands without gaps).
    @discardableResult
    public func apply(_ command: SequencedCommand) -> Result<CommandReply, ExchangeError> {
        precondition(command.sequence == sequence &+ 1, "commands must be applied in sequence without gaps")
        sequence = command.sequence
        time = max(time, command.time)
        events.removeAll(keepingCapacity: true)
        touchedBalances.removeAll(keepingCapacity: true)
        finishedThisCommand.removeAll(keepingCapacity: true)
        registeredThisCommand.removeAll(keepingCapacity: true)
        let result: Result<CommandReply, ExchangeError>
        do throws(ExchangeError) {
            result = .success(try execute(command.command))
        } catch {
            result = .failure(error)
        }
        settleFinishedOrders()
        emitBalances()
        return result
    }

    func execute(_ command: ExchangeCommand) throws(ExchangeError) -> CommandReply {
        switch command {
        case .addAsset(let symbol, let scale):
            do { try ledger.addAsset(Asset(symbol: symbol, scale: scale)) } catch { throw ExchangeError(error) }
            return .done
        case .addMarket(let definition):
            try addMarket(definition)
            return .done
        case .createUser(let name, let passwordHash):
            return .account(try createUser(name: name, passwordHash: passwordHash))
        case .addAPIKey(let account, let key, let secret):
            try addAPIKey(account: account, key: key, secret: secret)
            return .done
        case .deposit(let account, let asset, let amount):
            try moveMoney(account: account, asset: asset, amount: amount, deposit: true)
            return .done
        case .withdraw(let account, let asset, let amount):
            try moveMoney(account: account, asset: asset, amount: amount, deposit: false)
            return .done
        case .place(let account, let symbol, let order):
            return try place(account: account, market: market(symbol), spec: order)
        case .placeOCO(let account, let symbol, let first, let second):
            return try placeOCO(account: account, market: market(symbol), first, second)
        case .placeBracket(let account, let symbol, let bracket):
            return try placeBracket(account: account, market: market(symbol), bracket)
        case .modifyBracket(let account, let symbol, let entry, let change):
            return try modifyBracket(account: account, market: market(symbol), entry, change)
        case .cancel(let account, let symbol, let reference):
            return try cancel(account: account, market: market(symbol), reference)
        case .amend(let account, let symbol, let reference, let price, let quantity):
            return try amend(account: account, market: market(symbol), reference, price: price, quantity: quantity)
        case .cancelAll(let account, let symbol):
            let targets = try symbol.map { s throws(ExchangeError) in [try market(s)] } ?? markets
            for m in targets { runEngine(m, .cancelAll(account)) }
            return .done
        case .tick:
            for m in markets { runEngine(m, .advanceClock) }
            return .done
        }
    }

    // MARK: Reading

    /// The symbols of the markets, in the order they were added.
    public var symbols: [String] { markets.map(\.symbol) }

    /// The definition of a market.
    public func definition(_ symbol: String) -> MarketDefinition? {
        marketIndex[symbol].map { markets[$0].definition }
    }

    /// The visible book of a market: (price, size) per level, best first.
    public func book(_ symbol: String, side: Side) -> [(price: Price, quantity: Quantity)] {
        guard let i = marketIndex[symbol] else { return [] }
        return markets[i].engine.levels(side)
    }

    /// Last trade price of a market.
    public func lastPrice(_ symbol: String) -> Price? {
        marketIndex[symbol].flatMap { markets[$0].engine.lastTradePrice }
    }

    /// The ids of `account`'s open orders, ascending.
    public func openOrderIDs(_ account: AccountID) -> [OrderID] { (openOrders[account] ?? []).sorted() }

    /// Every order the account ever placed (open and history), ascending by id.
    public func orderIDs(_ account: AccountID) -> [OrderID] { accountOrders[account] ?? [] }

    /// The user owning an account.
    public func userName(_ account: AccountID) -> String? { accountNames[account] }

    func market(_ symbol: String) throws(ExchangeError) -> Market {
        guard let i = marketIndex[symbol] else {
            throw ExchangeError(.unknownSymbol, "no market \(symbol); known: \(symbols.joined(separator: ", "))")
        }
        return markets[i]
    }

    // MARK: Markets, users, money

    /// Adds a market; `engine` (a restored one) replaces the empty engine a new market starts with.
    func addMarket(_ d: MarketDefinition, engine: MatchingEngine? = nil) throws(ExchangeError) {
        guard marketIndex[d.symbol] == nil else {
            throw ExchangeError(.duplicateName, "market \(d.symbol) exists")
        }
        guard let base = ledger.asset(d.instrument.baseAsset), let quote = ledger.asset(d.instrument.quoteAsset) else {
            throw ExchangeError(.unknownAsset, "market \(d.symbol) needs assets \(d.instrument.baseAsset) and \(d.instrument.quoteAsset)")
        }
        let baseScale = ledger.asset(base).scale - d.instrument.sizeScale
        let quoteScale = ledger.asset(quote).scale - d.instrument.notionalScale
        guard baseScale >= 0, quoteScale >= 0, d.bandBasisPoints >= 0, d.bandBasisPoints < 10_000 else {
            throw ExchangeError(
                .invalidDefinition,
                "market \(d.symbol): asset scales must be at least the size scale (base) and price+size scale (quote), band in 0..<10000 bp")
        }
        let m = Market(
            definition: d, index: markets.count, base: base, quote: quote,
            baseFactor: FixedPoint.powersOfTen[baseScale], quoteFactor: FixedPoint.powersOfTen[quoteScale],
            engine: engine)
        marketIndex[d.symbol] = markets.count
        markets.append(m)
    }

    func createUser(name: String, passwordHash: String) throws(ExchangeError) -> AccountID {
        guard !name.isEmpty, name.utf8.count <= 64 else {
            throw ExchangeError(.invalidDefinition, "user name must be 1 to 64 bytes")
        }
        guard users[name] == nil else { throw ExchangeError(.duplicateName, "user \(name) exists") }
        let account = AccountID(nextAccount)
        nextAccount += 1
        users[name] = UserRecord(name: name, passwordHash: passwordHash, account: account)
        accountNames[account] = name
        return account
    }

    func addAPIKey(account: AccountID, key: String, secret: String) throws(ExchangeError) {
        try requireAccount(account)
        guard apiKeys[key] == nil else { throw ExchangeError(.duplicateName, "API key exists") }
        apiKeys[key] = APIKeyRecord(key: key, secret: secret, account: account)
    }

    func requireAccount(_ account: AccountID) throws(ExchangeError) {
        guard accountNames[account] != nil || account.rawValue < Self.firstUserAccount else {
            throw ExchangeError(.unknownAccount, "no account \(account)")
        }
    }

    func moveMoney(account: AccountID, asset symbol: String, amount: Int64, deposit: Bool) throws(ExchangeError) {
        try requireAccount(account)
        guard let asset = ledger.asset(symbol) else { throw ExchangeError(.unknownAsset, "no asset \(symbol)") }
        do {
            if deposit { try ledger.deposit(account, asset, amount) } else { try ledger.withdraw(account, asset, amount) }
        } catch { throw ExchangeError(error) }
        touch(account, asset)
    }

    // MARK: Events

    func touch(_ account: AccountID, _ asset: AssetID) { touchedBalances.append((account, asset)) }

    func emitBalances() {
        var seen = Set<UInt64>()
        for (account, asset) in touchedBalances {
            let key = UInt64(account.rawValue) << 16 | UInt64(asset.rawValue)
            if seen.insert(key).inserted {
                events.append(
                    .balance(account: account, asset: ledger.asset(asset).symbol, ledger.balance(account, asset)))
            }
        }
    }
}
