import Foundation
import Testing

/// `bourse client` against a real `bourse exchange` process: two users type orders at the prompts; the seller
/// sees its order placed, the top of the book, the trade and its fill; a bad price gets the exchange's error.
@Suite("Terminal client")
struct TerminalClientTests {
    /// A `bourse client` child process whose standard input the test types into.
    final class ClientProcess {
        let process = Process()
        let input = Pipe()
        let logPath: String

        init(binary: URL, port: Int, data: URL, user: String) throws {
            logPath = data.appendingPathComponent("client-\(user).log").path
            FileManager.default.createFile(atPath: logPath, contents: nil)
            process.executableURL = binary
            process.arguments = [
                "client", "--url", "ws://127.0.0.1:\(port)/realtime", "--credentials",
                data.appendingPathComponent("credentials.json").path, "--user", user,
            ]
            process.standardInput = input
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            process.standardError = process.standardOutput
            try process.run()
        }

        var output: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

        func type(_ lines: String...) {
            input.fileHandleForWriting.write(Data(lines.map { $0 + "\n" }.joined().utf8))
        }

        /// Waits until the output contains `text`.
        func waitFor(_ text: String, timeout: Duration = .seconds(45)) async throws {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if output.contains(text) { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            Issue.record("no \"\(text)\" in the client's output:\n\(output)")
            throw CrashTestError("timeout")
        }

        func quit() {
            type("q")
            process.waitUntilExit()
        }
    }

    @Test("place at the prompts, see the book, the trade and the fill; errors are shown")
    func tradeFromTheTerminal() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-client-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: data) }
        let binary = try bourseExecutable()
        let exchange = try ExchangeProcess(binary: binary, data: data, round: 0)
        defer { exchange.kill() }
        try await exchange.waitUntilListening()

        let alice = try ClientProcess(binary: binary, port: exchange.port, data: data, user: "alice")
        try await alice.waitFor("Authenticated.")
        try await alice.waitFor("Buy or Sell?")
        alice.type("s", "50000.00", "0.0010")
        try await alice.waitFor("PLACED order")
        try await alice.waitFor("BOOK  BTC-USDT  bid - | ask 50000 x 0.001")

        let bob = try ClientProcess(binary: binary, port: exchange.port, data: data, user: "bob")
        try await bob.waitFor("Authenticated.")
        bob.type("b", "50000.00", "0.0004")
        try await bob.waitFor("filled 0.0004")
        // The seller sees the trade, its partial fill and the smaller ask.
        try await alice.waitFor("TRADE BTC-USDT")
        try await alice.waitFor("partially_filled, filled 0.0004")
        try await alice.waitFor("ask 50000 x 0.0006")

        // Off the tick grid: the exchange's error code is printed and nothing is placed.
        bob.type("b", "49999.001", "0.0001")
        try await bob.waitFor("ERROR order:")
        // Garbage answers are explained, not sent.
        bob.type("x")
        try await bob.waitFor("answer b (buy), s (sell)")
        alice.quit()
        bob.quit()
        #expect(alice.process.terminationStatus == 0 && bob.process.terminationStatus == 0)
    }
}
