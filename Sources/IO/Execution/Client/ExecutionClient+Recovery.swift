/// Crash recovery and the kill switch.
extension ExecutionClient {
    /// What ``reconcile()`` found.
    public struct Reconciliation: Sendable, Codable, Hashable {
        /// Intents read from the journal.
        public var intents = 0
        /// Unfinished intents the venues were asked about.
        public var checked = 0
        /// Of those, orders the venues had (their fills are now counted).
        public var found = 0
        /// Of those, orders the venues never received (sent before the crash? no: abandoned, never resent).
        public var neverReceived = 0
        /// Orders whose venue could not be asked (still unfinished; ask again later).
        public var unresolved = 0
    }

    /// Rebuilds the client from its journal and asks the venues about every order whose outcome it does not
    /// know, before anything else is sent. Call once at start (before ``execute(_:)``).
    ///
    /// An intent the venue does not know was never received (the crash came between journaling and sending,
    /// or the request was lost): it is abandoned, not sent, because the strategy that wanted it has restarted
    /// and decides afresh.
    public func reconcile() async -> Reconciliation {
        var result = Reconciliation()
        guard let journal, let entries = try? journal.load() else { return result }
        for entry in entries {
            switch entry {
            case .intent(let intent):
                result.intents += 1
                if orders[intent.clientOrderID] == nil { orders[intent.clientOrderID] = Tracked(intent: intent) }
                if let number = Int(intent.clientOrderID.dropFirst(configuration.idPrefix.count)),
                    intent.clientOrderID.hasPrefix(configuration.idPrefix)
                {
                    sequence = max(sequence, number)
                }
            case .report(let report):
                record(report, journaling: false)
            case .abandoned(let id):
                markAbandoned(id)
            }
        }
        for id in orders.keys.sorted() {
            guard let tracked = orders[id], !tracked.isFinished, let entry = venues[tracked.intent.venue] else { continue }
            result.checked += 1
            do {
                counters.statusQueries += 1
                let report = try await timed(.status, entry, tracked.intent)
                accept(report)
                result.found += 1
            } catch where error.code == .notFound {
                abandon(id)
                result.neverReceived += 1
            } catch {
                result.unresolved += 1
            }
        }
        return result
    }

    /// The kill switch: refuse every new order from now on and cancel every open order this client knows of,
    /// plus any open order of this client's id prefix the venues report. Returns how many were cancelled.
    @discardableResult
    public func halt() async -> Int {
        halted = true
        var cancelled = 0
        for id in orders.keys.sorted() where !(orders[id]?.isFinished ?? true) {
            if (try? await cancel(id)) != nil { cancelled += 1 }
        }
        var symbols: [String: Set<String>] = [:]
        for tracked in orders.values { symbols[tracked.intent.venue, default: []].insert(tracked.intent.symbol) }
        for (venue, names) in symbols {
            guard let entry = venues[venue] else { continue }
            for symbol in names {
                guard let open = try? await entry.openOrders(symbol: symbol) else { continue }
                for id in open where id.hasPrefix(configuration.idPrefix) {
                    if let tracked = orders[id] {
                        if (try? await entry.cancel(tracked.intent)) != nil { cancelled += 1 }
                    }
                }
            }
        }
        return cancelled
    }

    /// Asks the venues once about every unfinished order (answers lost to timeouts, resting orders that may
    /// have filled) and records what they say. Returns how many answered.
    @discardableResult
    public func settle() async -> Int {
        var answered = 0
        for id in openOrderIDs {
            if (try? await refresh(id)) != nil { answered += 1 }
        }
        return answered
    }

    /// Turns the kill switch off.
    public func resume() { halted = false }

    /// Orders not yet finished.
    public var openOrderIDs: [String] { orders.values.filter { !$0.isFinished }.map(\.intent.clientOrderID).sorted() }
}
