import BourseCore
import ExchangeCore
import ExchangeService
import Synchronization

/// Everything the routes and sockets share: the sequencer, the caches in front of it, the credentials and the
/// market data hub. One per server.
final class ExchangeGateway: Sendable {
    let sequencer: ExchangeSequencer
    let configuration: ExchangeServerConfiguration
    let catalog: InstrumentCatalog
    let sessions: SessionStore
    let limiter: RateLimiter
    let replays: ReplayGuard
    let hasher: PasswordHasher
    let hub: MarketDataHub
    let clock: @Sendable () -> Int64
    /// API keys seen so far (keys never change once added), so signed requests do not wait for the sequencer.
    private let keyCache = Mutex<[String: (record: APIKeyRecord, name: String)]>([:])
    /// The order-entry lanes' submitters, one per event loop.
    let submitters: LoopSubmitters
    /// Orders the ``OrderEntryLane`` answered since the server started.
    let laneAnswers = Atomic<Int>(0)
    /// Bracket entries placed through this server since it started (see ``isBracketEntry(_:)``).
    private let bracketEntries = Mutex<Set<OrderID>>([])

    init(sequencer: ExchangeSequencer, configuration: ExchangeServerConfiguration, clock: @escaping @Sendable () -> Int64)
    {
        self.sequencer = sequencer
        self.configuration = configuration
        self.clock = clock
        catalog = InstrumentCatalog(sequencer: sequencer)
        sessions = SessionStore(lifetime: configuration.sessionLifetime)
        limiter = RateLimiter(ratePerSecond: configuration.rateLimit, burst: configuration.rateBurst)
        replays = ReplayGuard(window: configuration.receiveWindow)
        hasher = PasswordHasher(cost: configuration.bcryptCost)
        submitters = LoopSubmitters(sequencer: sequencer)
        hub = MarketDataHub(
            sequencer: sequencer, catalog: catalog, tradeHistory: configuration.tradeHistory,
            fillHistory: configuration.fillHistory)
    }

    /// Submits a command and waits until it is durable.
    /// - Returns: the exchange's reply.
    /// - Throws: ``APIError`` mapped from the exchange's refusal (then nothing changed), or 503 when the journal
    ///   failed (the outcome is unknown until the service restarts).
    func submit(_ command: ExchangeCommand) async throws(APIError) -> CommandReply {
        let result: Result<CommandReply, ExchangeError>
        do {
            result = try await sequencer.submit(command)
        } catch {
            throw APIError.unavailable
        }
        switch result {
        case .success(let reply): return reply
        case .failure(let error): throw APIError(error)
        }
    }

    /// Submits a command that creates or changes one order and returns that order.
    func submitOrder(_ command: ExchangeCommand) async throws(APIError) -> (OrderRecord, [OrderID]) {
        let reply = try await submit(command)
        guard case .order(let record, let others) = reply else { throw APIError.internalError }
        return (record, others)
    }

    /// The key record of an API key and the name of its user, if this server has seen the key before (no wait).
    func cachedKey(_ key: String) -> (record: APIKeyRecord, name: String)? { keyCache.withLock { $0[key] } }

    /// The key record of an API key and the name of its user.
    func apiKey(_ key: String) async -> (record: APIKeyRecord, name: String)? {
        if let entry = cachedKey(key) { return entry }
        guard key.utf8.count <= 128 else { return nil }
        let found = await sequencer.read { state -> (APIKeyRecord, String)? in
            guard let record = state.apiKeys[key] else { return nil }
            return (record, state.userName(record.account) ?? "")
        }
        guard let (record, name) = found else { return nil }
        keyCache.withLock { $0[key] = (record, name) }
        return (record, name)
    }

    func rememberBracket(_ entry: OrderID) { _ = bracketEntries.withLock { $0.insert(entry) } }
    func placedBracket(_ entry: OrderID) -> Bool { bracketEntries.withLock { $0.contains(entry) } }
}
