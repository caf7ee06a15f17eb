import Synchronization

/// A continuation resumed by whichever of several tasks comes first; later results are dropped.
///
/// For waits that must end at a deadline even when the awaited work ignores cancellation (the WebSocket client's
/// upgrade): the work and a timer race to resume, and the loser's result is thrown away.
final class ResumeOnce<T: Sendable>: Sendable {
    private let slot = Mutex<CheckedContinuation<T, any Error>?>(nil)

    init() {}

    func set(_ continuation: CheckedContinuation<T, any Error>) { slot.withLock { $0 = continuation } }

    /// Resumes with `result` if nothing has yet; returns whether this call did.
    @discardableResult
    func resume(_ result: Result<T, any Error>) -> Bool {
        let continuation = slot.withLock { slot -> CheckedContinuation<T, any Error>? in
            defer { slot = nil }
            return slot
        }
        continuation?.resume(with: result)
        return continuation != nil
    }
}
