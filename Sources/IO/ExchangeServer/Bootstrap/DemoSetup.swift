import BourseCore
import ExchangeCore
import ExchangeService
import HummingbirdBcrypt
import Ledger
import NIOPosix

/// The demo exchange created on the first start of `bourse exchange`: assets BTC, ETH, USDT; markets BTC-USDT,
/// ETH-USDT, ETH-BTC; an `admin` user with the admin API key; demo traders with random passwords, API keys and
/// deposits. Every secret is random (never demo/demo); the caller writes them once to a file.
public enum DemoSetup {
    /// One created user and its credentials.
    public struct User: Codable, Sendable {
        public var username: String
        public var password: String
        public var apiKey: String
        public var apiSecret: String
        public var account: UInt32
    }

    /// The credentials of the demo setup.
    public struct Credentials: Codable, Sendable {
        public var admin: User
        public var users: [User]
    }

    /// The markets of the demo setup.
    public static func markets() throws -> [MarketDefinition] {
        let fees = try FeeSchedule(makerRate: 500, takerRate: 1_000)  // 0.05% maker, 0.1% taker
        return [
            MarketDefinition(
                instrument: try Instrument(
                    symbol: "BTC-USDT", baseAsset: "BTC", quoteAsset: "USDT", priceScale: 2, sizeScale: 6,
                    tickSize: Price(1), lotSize: Quantity(100)), fees: fees, bandBasisPoints: 1_000),
            MarketDefinition(
                instrument: try Instrument(
                    symbol: "ETH-USDT", baseAsset: "ETH", quoteAsset: "USDT", priceScale: 2, sizeScale: 4,
                    tickSize: Price(1), lotSize: Quantity(10)), fees: fees, bandBasisPoints: 1_000),
            MarketDefinition(
                instrument: try Instrument(
                    symbol: "ETH-BTC", baseAsset: "ETH", quoteAsset: "BTC", priceScale: 5, sizeScale: 3,
                    tickSize: Price(1), lotSize: Quantity(1)), fees: fees, bandBasisPoints: 1_000),
        ]
    }

    /// Whether the exchange is empty (nothing journaled yet).
    public static func isEmpty(_ sequencer: ExchangeSequencer) async -> Bool {
        await sequencer.read { $0.sequence == 0 }
    }

    /// Creates the demo exchange on an empty sequencer.
    /// - Parameters:
    ///   - traders: names of the demo traders.
    ///   - bcryptCost: bcrypt cost of the password hashes.
    /// - Returns: every credential created (write them somewhere only the operator can read).
    /// - Throws: ``DemoSetupError`` when a command is refused or the journal fails.
    public static func create(
        on sequencer: ExchangeSequencer, traders: [String] = ["alice", "bob", "carol"], bcryptCost: UInt8 = 10
    ) async throws -> Credentials {
        func run(_ command: ExchangeCommand) async throws -> CommandReply {
            switch try await sequencer.submit(command) {
            case .success(let reply): return reply
            case .failure(let error): throw DemoSetupError(message: "\(command): \(error)")
            }
        }
        for (asset, scale) in [("BTC", 8), ("ETH", 8), ("USDT", 8)] {
            _ = try await run(.addAsset(symbol: asset, scale: scale))
        }
        for market in try markets() { _ = try await run(.addMarket(market)) }
        func user(_ name: String) async throws -> User {
            let password = Hex.random(bytes: 12)
            let hash = try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: bcryptCost) }
            guard case .account(let account) = try await run(.createUser(name: name, passwordHash: hash)) else {
                throw DemoSetupError(message: "createUser \(name) returned no account")
            }
            let key = "bk" + Hex.random(bytes: 16)
            let secret = Hex.random(bytes: 32)
            _ = try await run(.addAPIKey(account: account, key: key, secret: secret))
            return User(username: name, password: password, apiKey: key, apiSecret: secret, account: account.rawValue)
        }
        let admin = try await user(Principal.adminName)
        var users: [User] = []
        for name in traders {
            let u = try await user(name)
            let account = AccountID(u.account)
            let one: Int64 = 100_000_000
            _ = try await run(.deposit(account: account, asset: "USDT", amount: 1_000_000 * one))
            _ = try await run(.deposit(account: account, asset: "BTC", amount: 10 * one))
            _ = try await run(.deposit(account: account, asset: "ETH", amount: 200 * one))
            users.append(u)
        }
        return Credentials(admin: admin, users: users)
    }
}

/// A step of the demo setup was refused.
public struct DemoSetupError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { "demo setup failed: \(message)" }
}
