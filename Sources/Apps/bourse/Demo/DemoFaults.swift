import Synchronization
import VenueSimulator

/// The faults the demo injected, in order.
final class FaultLog: Sendable {
    private let entries = Mutex<[String]>([])
    func add(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
}

/// A flag set once, read by the demo's tasks.
final class StopFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// Injects a fault into one simulated venue every `every`, rotating through the kinds a real venue produces:
/// dropped connections, a stalled feed, lost sequence numbers, a crossed snapshot, an unreadable frame, and
/// order entry that answers late or loses its answers. Each one ends (`resume`) before the next.
enum DemoFaults {
    static let rotation: [(name: String, fault: VenueFault)] = [
        ("drop", .drop),
        ("stale", .stale),
        ("skip", .skipSequence),
        ("late-orders", .lateOrders(.milliseconds(1_500))),
        ("crossed", .crossedSnapshot),
        ("lost-replies", .lostReplies(2)),
        ("malformed", .malformedFrame),
        ("cut-replies", .cutReplies(2)),
    ]

    static func run(simulator: VenueSimulator, kinds: [SimulatedVenueKind], every: Duration, log: FaultLog) async {
        var index = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: every)
            guard !Task.isCancelled else { return }
            let kind = kinds[index % kinds.count]
            let (name, fault) = rotation[index % rotation.count]
            guard let venue = simulator.venues[kind] else { continue }
            await venue.inject(fault)
            log.add("\(name)@\(kind.rawValue)")
            index += 1
            // Let the fault last a while, then end it (stale feeds and late answers do not last for ever).
            try? await Task.sleep(for: every / 2)
            await venue.inject(.resume)
        }
    }
}
