import BourseCore
import Foundation
import MatchingEngine

/// A monotonic clock in nanoseconds.
@inline(__always)
func monotonicNanoseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

/// Heap allocations so far, when the counting shim `scripts/malloc-count.c` is preloaded; `nil` otherwise.
func heapAllocationCount() -> UInt64? {
    guard let symbol = dlsym(nil, "bourse_malloc_count") else { return nil }
    typealias Counter = @convention(c) () -> UInt64
    return unsafeBitCast(symbol, to: Counter.self)()
}

/// The two passes of the engine benchmark.
enum EngineBenchRun {
    struct Fill {
        var taker: UInt64
        var maker: UInt64
        var price: Int64
        var quantity: Int64
    }

    struct Throughput {
        var seconds: Double
        var fills: [Fill]
        var tradedQuantity: Int64
        var tradingCommands: Int
        var events: Int
        var levelEvents: Int
        var levelChecksum: Int64
        /// Heap allocations during the timed loop (needs the preloaded counting shim).
        var allocations: UInt64?
        var restingOrders: Int
        var bidLevels: Int
        var askLevels: Int
    }

    struct Latency {
        var sorted: [Int64]
        var clockOverhead: Int64
        /// The samples of each command kind, sorted: which kind the tail belongs to.
        var byKind: [(kind: StreamOp.Kind, sorted: [Int64])]
        func percentile(_ p: Double) -> Int64 { Self.percentile(sorted, p) }
        static func percentile(_ sorted: [Int64], _ p: Double) -> Int64 {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
    }

    static func makeEngine(for ops: [StreamOp]) -> MatchingEngine {
        MatchingEngine(configuration: EngineConfiguration(expectedOrders: max(1 << 16, ops.count)))
    }

    /// Pass 1: the whole stream, timed once. Consumes every event the way a market-data publisher would.
    static func throughput(_ ops: [StreamOp], lookahead: Int = 0) -> Throughput {
        let engine = makeEngine(for: ops)
        // Written before timing so the pass does not pay first-touch page faults for the consumer's log.
        var fills = [Fill](repeating: Fill(taker: 0, maker: 0, price: 0, quantity: 0), count: ops.count)
        var fillCount = 0
        var traded: Int64 = 0
        var tradingCommands = 0
        var events = 0
        var levelEvents = 0
        var checksum: Int64 = 0
        let allocationsBefore = heapAllocationCount()
        let start = monotonicNanoseconds()
        for (i, op) in ops.enumerated() {
            if lookahead > 0 && engine.wantsLookahead { hint(engine, ops, i, lookahead) }
            engine.process(op.command(), now: 0)
            let buffer = engine.events
            events += buffer.count
            var traded_ = false
            for sequenced in buffer {
                switch sequenced.event {
                case .trade(let trade):
                    let fill = Fill(
                        taker: trade.takerID.rawValue, maker: trade.makerID.rawValue, price: trade.price.rawValue,
                        quantity: trade.quantity.rawValue)
                    if fillCount < fills.count { fills[fillCount] = fill } else { fills.append(fill) }
                    fillCount += 1
                    traded &+= trade.quantity.rawValue
                    traded_ = true
                case .level(let side, let price, let quantity):
                    levelEvents += 1
                    checksum = checksum &* 31 &+ price.rawValue &+ quantity.rawValue &+ Int64(side.rawValue)
                default:
                    break
                }
            }
            if traded_ { tradingCommands += 1 }
        }
        let seconds = Double(monotonicNanoseconds() - start) / 1e9
        let allocations = heapAllocationCount().map { $0 - allocationsBefore! }
        fills.removeLast(fills.count - fillCount)
        return Throughput(
            seconds: seconds, fills: fills, tradedQuantity: traded, tradingCommands: tradingCommands, events: events,
            levelEvents: levelEvents, levelChecksum: checksum, allocations: allocations, restingOrders: engine.restingOrderCount,
            bidLevels: engine.levels(.buy).count, askLevels: engine.levels(.sell).count)
    }

    /// The engine's lookahead before command `i`: if command `i + 2k` cancels or moves an order, that order is loaded;
    /// if command `i + k` does, its queue neighbours (the first hint brought the order in k commands ago).
    @inline(__always)
    static func hint(_ engine: MatchingEngine, _ ops: [StreamOp], _ i: Int, _ k: Int) {
        if i + 2 * k < ops.count, ops[i + 2 * k].kind.namesOrder { engine.prefetch(order: OrderID(ops[i + 2 * k].id)) }
        if i + k < ops.count, ops[i + k].kind.namesOrder { engine.prefetchNeighbours(order: OrderID(ops[i + k].id)) }
    }

    /// Pass 2: the same stream on a fresh engine, each command timed on its own.
    static func latency(_ ops: [StreamOp], lookahead: Int = 0) -> Latency {
        let engine = makeEngine(for: ops)
        var samples = [Int64](repeating: 0, count: ops.count)
        var sink: Int64 = 0
        samples.withUnsafeMutableBufferPointer { samples in
            for (i, op) in ops.enumerated() {
                let command = op.command()
                let start = monotonicNanoseconds()
                // The hints for the commands to come are part of this command's time.
                if lookahead > 0 && engine.wantsLookahead { hint(engine, ops, i, lookahead) }
                engine.process(command, now: 0)
                for sequenced in engine.events {
                    if case .level(_, let price, let quantity) = sequenced.event { sink &+= price.rawValue &+ quantity.rawValue }
                }
                samples[i] = monotonicNanoseconds() - start
            }
        }
        // What two clock reads cost on their own, to read the figures against.
        var overhead = [Int64](repeating: 0, count: 10_001)
        for i in overhead.indices {
            let start = monotonicNanoseconds()
            overhead[i] = monotonicNanoseconds() - start
        }
        overhead.sort()
        if sink == 42 { print("", terminator: "") }
        var byKind: [(kind: StreamOp.Kind, sorted: [Int64])] = []
        for kind in [StreamOp.Kind.add, .addIOC, .cancel, .move] {
            let kindSamples = ops.indices.filter { ops[$0].kind == kind }.map { samples[$0] }.sorted()
            if !kindSamples.isEmpty { byKind.append((kind, kindSamples)) }
        }
        samples.sort()
        return Latency(sorted: samples, clockOverhead: overhead[overhead.count / 2], byKind: byKind)
    }
}
