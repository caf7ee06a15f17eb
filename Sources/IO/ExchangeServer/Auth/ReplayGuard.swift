import Synchronization

/// Remembers the signatures of state-changing signed requests seen within the receive window, so a captured
/// request cannot be replayed even inside the window. Entries older than the window are dropped (a request that
/// old is refused as stale anyway), which bounds the memory.
final class ReplayGuard: Sendable {
    private struct State {
        var seen: Set<String> = []
        var queue: [(time: Int64, signature: String)] = []
        var head = 0
    }

    private let state = Mutex(State())
    let window: Int64

    init(window: Int64) { self.window = window }

    /// Records a signature; `false` when it was already seen within the window.
    func firstUse(_ signature: String, timestamp: Int64, now: Int64) -> Bool {
        state.withLock { s in
            while s.head < s.queue.count, s.queue[s.head].time < now - 2 * window {
                s.seen.remove(s.queue[s.head].signature)
                s.head += 1
            }
            if s.head > 1_024 && s.head * 2 > s.queue.count {
                s.queue.removeFirst(s.head)
                s.head = 0
            }
            guard s.seen.insert(signature.lowercased()).inserted else { return false }
            s.queue.append((now, signature.lowercased()))
            return true
        }
    }
}
