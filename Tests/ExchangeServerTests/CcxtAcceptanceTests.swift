import BourseTesting
import ExchangeServer
import Foundation
import Testing

/// Runs the real ccxt library (Python, `scripts/ccxt-check.sh`) against a real server: the Binance dialect
/// through ccxt's `binance` class and the BitMEX dialect through ccxt's `bitmex` class.
///
/// The script creates `.build/ccxt-venv` on first use (needs python3-venv and PyPI). When that is impossible the
/// test fails under CI (`CI` set) and is skipped with a message locally.
@Suite("ccxt acceptance")
struct CcxtAcceptanceTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(
        "ccxt binance: load_markets, watch_order_book, fetch_balance, create_order, cancel_order; bitmex: load_markets, watch_order_book"
    )
    func ccxt() async throws {
        try await TestExchange.with { exchange in
            // Something on the book for the BitMEX check to find.
            #expect(
                try await exchange.client().place(.key(exchange.bob), side: "buy", price: "99.5", size: "0.25").status
                    == 201)
            let (status, output) = try await Self.run(
                [
                    "bash", "scripts/ccxt-check.sh", "--port", String(exchange.port), "--key", exchange.alice.apiKey,
                    "--secret", exchange.alice.apiSecret,
                ])
            // The check's own report, in the test log (prefixed, so no line reads as a test runner's summary).
            print(output.split(separator: "\n").map { "ccxt| " + $0 }.joined(separator: "\n"))
            if let failure = ScriptRunner.verdict(status: status, output: output, check: "ccxt check").failure {
                Issue.record(Comment(rawValue: failure))
            }
        }
    }

    static func run(_ arguments: [String], timeout: Duration = .seconds(600)) async throws -> (Int32, String) {
        try await ScriptRunner.run(arguments, in: packageRoot, timeout: timeout)
    }
}
