import Foundation

/// The question-and-answer loop of the terminal client: side, then price, then size; or `c ID` to cancel,
/// `q` to quit. Each complete answer becomes one `/realtime` frame. Input is checked only for shape here
/// (the exchange validates grid, balance and limits and its error is printed).
struct OrderPrompts {
    enum Outcome: Equatable {
        case none
        case send(String)
        case quit
    }

    enum Step {
        case side
        case price(side: String)
        case size(side: String, price: String)
    }

    let symbol: String
    let output: TerminalOutput
    var step = Step.side
    var nextID = 1

    func start() { ask() }

    mutating func answer(_ raw: String) -> Outcome {
        let line = raw.trimmingCharacters(in: .whitespaces)
        if line == "q" || line == "quit" { return .quit }
        defer { ask() }
        switch step {
        case .side:
            switch line.lowercased() {
            case "b", "buy": step = .price(side: "buy")
            case "s", "sell": step = .price(side: "sell")
            case let c where c.hasPrefix("c "):
                let id = c.dropFirst(2).trimmingCharacters(in: .whitespaces)
                guard let number = UInt64(id) else {
                    output.line("cancel needs an order id: c 42")
                    return .none
                }
                return .send(#"{"op":"cancel","args":{"orderId":\#(number)},"id":"c\#(number)"}"#)
            case "": break
            default: output.line("answer b (buy), s (sell), c ID (cancel) or q (quit)")
            }
        case .price(let side):
            if line.isEmpty || line == "m" || line == "market" {
                step = .size(side: side, price: "")
            } else if Self.isDecimal(line) {
                step = .size(side: side, price: line)
            } else {
                output.line("price is a decimal number such as 50000.00 (or m for a market order)")
            }
        case .size(let side, let price):
            guard Self.isDecimal(line) else {
                output.line("size is a decimal number such as 0.0010")
                return .none
            }
            step = .side
            let id = nextID
            nextID += 1
            let type = price.isEmpty ? #""type":"market""# : #""type":"limit","price":"\#(price)""#
            return .send(
                #"{"op":"order","args":{"symbol":"\#(symbol)","side":"\#(side)",\#(type),"size":"\#(line)"},"id":"o\#(id)"}"#)
        }
        return .none
    }

    private func ask() {
        switch step {
        case .side: output.prompt("Buy or Sell? [b/s, c ID to cancel, q to quit] ")
        case .price: output.prompt("Price (m for market): ")
        case .size: output.prompt("Size: ")
        }
    }

    static func isDecimal(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}
