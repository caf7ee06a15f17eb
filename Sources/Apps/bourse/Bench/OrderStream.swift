import BourseCore
import Foundation
import MatchingEngine

/// One command of a benchmark stream, in a compact form (24 bytes) so the stream itself stays cache-friendly
/// and the engine's `EngineCommand` is built on the fly, as a gateway would.
struct StreamOp {
    enum Kind: UInt8 {
        /// New GTC limit order.
        case add
        /// New IOC limit order.
        case addIOC
        /// Cancel.
        case cancel
        /// Move: amend the price (loses priority, may trade).
        case move

        /// Whether the command names a resting order (cancel, move): what the engine's lookahead hints.
        var namesOrder: Bool { self == .cancel || self == .move }
    }

    var id: UInt64
    var price: Int64
    var quantity: Int32
    var kind: Kind
    var side: Side

    /// The engine command. Replayed streams carry no accounts: each order is its own account.
    @inline(__always)
    func command() -> EngineCommand {
        let account = AccountID(UInt32(truncatingIfNeeded: id))
        switch kind {
        case .add, .addIOC:
            return .submit(
                OrderRequest(
                    id: OrderID(id), account: account, side: side, kind: .limit, price: Price(price),
                    quantity: Quantity(Int64(quantity)), timeInForce: kind == .add ? .gtc : .ioc))
        case .cancel:
            return .cancel(OrderID(id), account: account)
        case .move:
            return .amend(OrderID(id), account: account, price: Price(price), quantity: nil)
        }
    }
}

/// Why a stream file could not be read.
struct StreamError: Error, CustomStringConvertible {
    let line: Int
    let message: String
    var description: String { "line \(line): \(message)" }
}

enum OrderStream {
    /// Reads `A,<id>,<B|S>,<price>,<qty>` (GTC limit) and `C,<id>` (cancel) lines; also `I,...` like `A` for
    /// IOC and `M,<id>,<price>` for a move. Blank lines and lines starting with `#` are skipped.
    static func read(path: String) throws -> [StreamOp] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var ops: [StreamOp] = []
        ops.reserveCapacity(data.count / 16)
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if fields.count == 1 && fields[0].isEmpty || fields[0].hasPrefix("#") { continue }
            func number<T: FixedWidthInteger>(_ index: Int, _ what: String) throws -> T {
                guard index < fields.count, let value = T(fields[index]) else {
                    throw StreamError(line: lineNumber, message: "\(what) is not an integer")
                }
                return value
            }
            func side(_ index: Int) throws -> Side {
                switch index < fields.count ? fields[index] : "" {
                case "B", "b": return .buy
                case "S", "s": return .sell
                default: throw StreamError(line: lineNumber, message: "side must be B or S")
                }
            }
            let kind = fields.removeFirst()
            switch kind {
            case "A", "I":
                guard fields.count == 4 else { throw StreamError(line: lineNumber, message: "expected \(kind),id,side,price,qty") }
                let quantity: Int32 = try number(3, "quantity")
                let price: Int64 = try number(2, "price")
                guard quantity > 0, price > 0 else {
                    throw StreamError(line: lineNumber, message: "price and quantity must be positive")
                }
                ops.append(
                    StreamOp(id: try number(0, "id"), price: price, quantity: quantity, kind: kind == "A" ? .add : .addIOC,
                        side: try side(1)))
            case "C":
                guard fields.count == 1 else { throw StreamError(line: lineNumber, message: "expected C,id") }
                ops.append(StreamOp(id: try number(0, "id"), price: 0, quantity: 0, kind: .cancel, side: .buy))
            case "M":
                guard fields.count == 2 else { throw StreamError(line: lineNumber, message: "expected M,id,price") }
                ops.append(StreamOp(id: try number(0, "id"), price: try number(1, "price"), quantity: 0, kind: .move, side: .buy))
            default:
                throw StreamError(line: lineNumber, message: "unknown command '\(kind)'")
            }
        }
        return ops
    }

    /// Writes a stream in the CSV format ``read(path:)`` accepts.
    static func write(_ ops: [StreamOp], to path: String) throws {
        var text = ""
        text.reserveCapacity(ops.count * 24)
        for op in ops {
            switch op.kind {
            case .add, .addIOC:
                text += "\(op.kind == .add ? "A" : "I"),\(op.id),\(op.side == .buy ? "B" : "S"),\(op.price),\(op.quantity)\n"
            case .cancel: text += "C,\(op.id)\n"
            case .move: text += "M,\(op.id),\(op.price)\n"
            }
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
