import BourseCore
import Execution
import Foundation
import Synchronization
import Trading

/// The demo's live terminal view: venues, the consolidated top of book, the trader book, orders, fills and
/// P&L, redrawn once a second (only on a terminal; otherwise silent).
enum DemoPanel {
    static func run(world: DemoSession.World, addresses: [String], faults: FaultLog, panel: Bool, stop: StopFlag) async {
        guard panel else { return }
        while !Task.isCancelled && !stop.isSet {
            var lines = ["Bourse demo — \(world.symbol)   (Ctrl-C stops and prints the summary)", ""]
            lines += addresses
            lines.append("")
            let summary = world.aggregator.summaries.current.value
            lines.append("venues: " + summary.venues.map { "\($0.exchange) \($0.state)\($0.included ? "" : "(out)")" }.joined(separator: "  "))
            let bid = summary.bids.first.map { "\($0.price) \($0.amount) @\($0.exchange)" } ?? "-"
            let ask = summary.asks.first.map { "\($0.price) \($0.amount) @\($0.exchange)" } ?? "-"
            lines.append("consolidated  bid \(bid)   ask \(ask)   spread \(summary.spread?.description ?? "-")")
            if let book = world.aggregator.traderBooks.current.value {
                let scales = DemoSession.scales
                func text(_ q: TraderQuote) -> String {
                    "\(FixedPoint.format(q.price.rawValue, scale: scales.price))×\(FixedPoint.format(q.quantity.rawValue, scale: scales.size))"
                }
                lines.append("trader book #\(book.generation)  bids " + book.bids.map(text).joined(separator: " ") )
                lines.append("                 asks " + book.asks.map(text).joined(separator: " "))
            }
            let counters = await world.client.counters
            let statistics = await world.desk.statistics
            let ledger = await world.desk.ledger
            let mark = Price(world.aggregator.snapshots.current.value.mid ?? 0)
            lines.append(
                "orders \(counters.intents)  sends \(counters.sends)  status queries \(counters.statusQueries)  "
                    + "unknown outcomes \(counters.unknownOutcomes)  routes \(statistics.routes)  quotes posted \(statistics.quotesPosted)")
            lines.append(
                "position \(DemoSummary.decimal(Int128(ledger.position), scale: DemoSession.scales.size))  "
                    + "P&L \(DemoSummary.decimal(ledger.total(mark: mark), scale: DemoSession.scales.price + DemoSession.scales.size))")
            lines.append("faults: " + faults.all.suffix(6).joined(separator: ", "))
            FileHandle.standardOutput.write(Data(("\u{1B}[H\u{1B}[2J" + lines.joined(separator: "\n") + "\n").utf8))
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
