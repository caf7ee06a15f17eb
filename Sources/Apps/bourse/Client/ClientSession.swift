import BourseCore
import ExchangeServer
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore

/// One run of the terminal client: authenticates the socket with the API key, subscribes to the symbol's book,
/// trades and the user's orders, then places or cancels orders from the prompts while printing what arrives.
struct ClientSession: Sendable {
    let symbol: String
    let key: String
    let secret: String
    let output: TerminalOutput

    func run(url: String, input: AsyncStream<String>) async throws {
        var logger = Logger(label: "bourse.client")
        logger.logLevel = .error
        try await WebSocketClient.connect(url: url, logger: logger) { inbound, outbound, _ in
            let stamp = Int64(Date().timeIntervalSince1970 * 1_000)
            let signature = RequestSignature.hex(payload: Array("\(stamp)GET/realtime".utf8), secret: secret)
            try await outbound.write(.text(#"{"op":"authKey","args":["\#(key)",\#(stamp),"\#(signature)"],"id":"auth"}"#))
            try await outbound.write(
                .text(#"{"op":"subscribe","args":["orderBookL2:\#(symbol)","trade:\#(symbol)","order"],"id":"sub"}"#))
            output.line("Connected to \(url) as key \(key.prefix(8))…, trading \(symbol).")
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var view = ClientView(symbol: symbol, output: output)
                    for try await message in inbound.messages(maxSize: 1 << 24) {
                        if case .text(let text) = message { view.handle(text) }
                    }
                }
                group.addTask {
                    var prompts = OrderPrompts(symbol: symbol, output: output)
                    prompts.start()
                    for await line in input {
                        switch prompts.answer(line) {
                        case .none: continue
                        case .quit: return
                        case .send(let frame): try await outbound.write(.text(frame))
                        }
                    }
                }
                // Input ends (quit or end of file): give replies a moment, then close.
                try await group.next()
                try await Task.sleep(for: .milliseconds(300))
                group.cancelAll()
            }
        }
    }
}

/// Prints what the exchange sends: replies to our requests, the top of the book when it changes, trades, and
/// our orders' updates (fills in particular).
struct ClientView {
    let symbol: String
    let output: TerminalOutput
    var book = TopOfBook()
    var lastSummary = ""

    mutating func handle(_ text: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return }
        if let table = object["table"] as? String {
            let rows = object["data"] as? [[String: Any]] ?? []
            let action = object["action"] as? String ?? ""
            switch table {
            case "orderBookL2":
                book.apply(action: action, rows: rows.filter { $0["symbol"] as? String == symbol })
                let summary = book.summary
                if summary != lastSummary {
                    output.line("BOOK  \(symbol)  \(summary)")
                    lastSummary = summary
                }
            case "trade" where action != "partial":
                for row in rows {
                    output.line("TRADE \(row["symbol"] ?? "") \(row["side"] ?? "") \(row["size"] ?? "") @ \(row["price"] ?? "")")
                }
            case "order" where action != "partial":
                for row in rows { output.line(Self.describe(order: row)) }
            default: break
            }
            return
        }
        if let success = object["success"] as? Bool {
            let op = object["op"] as? String ?? ""
            if !success, let error = object["error"] as? [String: Any] {
                output.line("ERROR \(op): \(error["code"] ?? "") \(error["message"] ?? "")")
            } else if op == "order" || op == "cancel", let order = object["data"] as? [String: Any] {
                output.line((op == "order" ? "PLACED " : "CANCELLED ") + Self.describe(order: order))
            } else if op == "authKey" {
                output.line("Authenticated.")
            }
        }
    }

    /// `order 12 buy limit 0.0010 @ 50000.00: partially_filled, filled 0.0004, remaining 0.0006`.
    static func describe(order o: [String: Any]) -> String {
        let id = (o["id"] as? NSNumber)?.stringValue ?? "?"
        let price = o["price"] as? String ?? "market"
        var text = "order \(id) \(o["side"] ?? "") \(o["type"] ?? "") \(o["size"] ?? "") @ \(price): \(o["status"] ?? "")"
        if let filled = o["filled"] as? String, filled != "0" {
            text += ", filled \(filled)"
            if let average = o["avgPrice"] as? String { text += " avg \(average)" }
        }
        if let remaining = o["remaining"] as? String { text += ", remaining \(remaining)" }
        if let reason = o["reason"] as? String { text += " (\(reason))" }
        return text
    }
}
