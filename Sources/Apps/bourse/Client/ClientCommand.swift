import ArgumentParser
import Foundation

/// `bourse client`: an interactive terminal client for `bourse exchange`. It asks Buy/Sell, price and size,
/// places the order over the `/realtime` WebSocket with the user's API key, and prints the top of the book,
/// trades and the user's order updates (fills) as they happen.
struct ClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Interactive terminal client: place and cancel orders, watch fills and the top of the book."
    )

    @Option(help: "The exchange's WebSocket address.")
    var url: String = "ws://127.0.0.1:8080/realtime"

    @Option(help: "Credentials file written by `bourse exchange` on its first start.")
    var credentials: String = "./data/credentials.json"

    @Option(help: "Demo user whose API key to use (from --credentials).")
    var user: String = "alice"

    @Option(help: "API key (instead of --credentials/--user).")
    var key: String?

    @Option(help: "API secret for --key.")
    var secret: String?

    @Option(help: "Market to trade and watch.")
    var symbol: String = "BTC-USDT"

    func run() async throws {
        let (key, secret) = try apiKey()
        let session = ClientSession(symbol: symbol, key: key, secret: secret, output: TerminalOutput())
        try await session.run(url: url, input: StandardInputLines.stream())
    }

    /// The API key to sign with: given on the command line or read from the credentials file.
    func apiKey() throws -> (String, String) {
        if let key, let secret { return (key, secret) }
        guard let data = FileManager.default.contents(atPath: credentials) else {
            throw ValidationError("cannot read \(credentials); pass --credentials or --key and --secret")
        }
        struct User: Decodable {
            var username: String
            var apiKey: String
            var apiSecret: String
        }
        struct File: Decodable {
            var admin: User
            var users: [User]
        }
        let file = try JSONDecoder().decode(File.self, from: data)
        guard let entry = ([file.admin] + file.users).first(where: { $0.username == user }) else {
            throw ValidationError("no user \(user) in \(credentials)")
        }
        return (entry.apiKey, entry.apiSecret)
    }
}
