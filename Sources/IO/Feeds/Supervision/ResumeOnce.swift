import Synchronization

/// A continuation resumed by whichever of several tasks comes first; later results are dropped.
///
/// For waits that must end at a deadline even when the awaited work ignores cancellation (the WebSocket client's
/// upgrade): the work and a timer race to resume, and the loser's result is thrown away. A result that comes
/// before the continuation is set (work that fails at once, such as a refused connection) is kept and delivered
/// when it is set.
final class ResumeOnce<T: Sendable>: Sendable {
    private enum State {
        /// Neither a continuation nor a result yet.
        case idle
        /// Waiting for the first result.
        case waiting(CheckedContinuation<T, any Error>)
        /// The first result came before the continuation.
        case early(Result<T, any Error>)
        /// The first result has been delivered.
        case done
    }

    private let state = Mutex(State.idle)

    init() {}

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        let early = state.withLock { state -> Result<T, any Error>? in
            switch state {
            case .idle:
                state = .waiting(continuation)
                return nil
            case .early(let result):
                state = .done
                return result
            case .waiting, .done:
                preconditionFailure("ResumeOnce.set called twice")
            }
        }
        if let early { continuation.resume(with: early) }
    }

    /// Resumes with `result` if no result has come yet; returns whether this call's result is the one delivered.
    @discardableResult
    func resume(_ result: Result<T, any Error>) -> Bool {
        let (first, continuation) = state.withLock { state -> (Bool, CheckedContinuation<T, any Error>?) in
            switch state {
            case .idle:
                state = .early(result)
                return (true, nil)
            case .waiting(let continuation):
                state = .done
                return (true, continuation)
            case .early, .done:
                return (false, nil)
            }
        }
        continuation?.resume(with: result)
        return first
    }
}
