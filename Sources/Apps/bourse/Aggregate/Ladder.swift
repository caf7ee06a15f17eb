import AggregatorAPI
import Foundation

/// The text of one ladder: asks above (best at the bottom), bids below, each row with venue, price, size and a
/// bar proportional to size; then the spread, the venue states and the update rate. Fits `width` × `height`.
enum Ladder {
    static func render(_ s: Orderbook_Summary, levels: Int, width: Int, height: Int, rate: Double) -> String {
        let rows = max(1, min(levels, (height - 6 - s.venues.count) / 2))
        let asks = Array(s.asks.prefix(rows).reversed())
        let bids = Array(s.bids.prefix(rows))
        let amounts = (asks + bids).map { Double($0.amountText) ?? $0.amount }
        let largest = amounts.max() ?? 1
        let barWidth = max(0, width - 50)
        func line(_ level: Orderbook_Level, _ colour: String) -> String {
            let amount = Double(level.amountText) ?? level.amount
            let bar = String(repeating: "█", count: largest > 0 ? Int((amount / largest * Double(barWidth)).rounded()) : 0)
            let visible = pad(level.exchange, 10) + lpad(level.priceText, 18) + lpad(level.amountText, 16) + "  " + bar
            return colour + String(visible.prefix(width)) + "\u{1B}[0m"
        }
        var out = [String]()
        out.append("\(s.symbol)  spread \(s.spreadText.isEmpty ? "-" : s.spreadText)  \(String(format: "%.1f", rate)) updates/s"
                   + (s.conflated > 0 ? "  (\(s.conflated) conflated)" : ""))
        out.append(pad("venue", 10) + lpad("price", 18) + lpad("size", 16))
        out = out.map { String($0.prefix(width)) }
        out += asks.map { line($0, "\u{1B}[31m") }
        out.append(String(repeating: "─", count: max(0, min(width, 60))))
        out += bids.map { line($0, "\u{1B}[32m") }
        out.append("")
        out.append(String(s.venues.map { "\($0.exchange): \($0.state)" }.joined(separator: "  ").prefix(width)))
        // Every line fits `width` visible columns (colour codes take none).
        return out.joined(separator: "\n")
    }

    static func pad(_ text: String, _ n: Int) -> String { text.count >= n ? text : text + String(repeating: " ", count: n - text.count) }
    static func lpad(_ text: String, _ n: Int) -> String { text.count >= n ? text : String(repeating: " ", count: n - text.count) + text }
}

/// The terminal's size now (re-read on every redraw, so a resize takes effect on the next frame).
enum TerminalSize {
    static func current() -> (rows: Int, columns: Int) {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return (24, 80) }
        return (Int(size.ws_row), Int(size.ws_col))
    }
}

/// Puts the terminal in raw mode (no echo, no line buffering) so `q` quits at once; restores it afterwards.
final class RawKeyboard: Sendable {
    private let original: termios?

    init() {
        var settings = termios()
        guard tcgetattr(0, &settings) == 0 else {
            original = nil
            return
        }
        original = settings
        var raw = settings
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(0, TCSANOW, &raw)
    }

    func restore() {
        guard var settings = original else { return }
        tcsetattr(0, TCSANOW, &settings)
    }

    /// Returns when `q` (or end of input) is read.
    func waitForQuit() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                var byte: UInt8 = 0
                while read(0, &byte, 1) == 1 && byte != UInt8(ascii: "q") {}
                continuation.resume()
            }
        }
    }
}
