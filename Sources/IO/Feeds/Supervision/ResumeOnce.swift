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

/// Runs `body` in a task of its own and returns its result, unless `deadline` passes first and `abandon()` agrees:
/// then it throws `timeout()`, cancels `body` and leaves it to finish on its own. For work that may ignore
/// cancellation (the WebSocket client waiting for an upgrade answer that never comes), where a structured wait
/// would hang with it.
///
/// `abandon` is asked at the deadline (and when the caller is cancelled); returning `false` keeps waiting for
/// `body`, as the connector does once the venue has answered and the session is being served.
func withAbandonableDeadline<T: Sendable>(
    _ deadline: Duration, abandon: @escaping @Sendable () -> Bool = { true },
    timeout: @escaping @Sendable () -> any Error, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let outcome = ResumeOnce<T>()
    let work = Task {
        do { outcome.resume(.success(try await body())) } catch { outcome.resume(.failure(error)) }
    }
    let timer = Task {
        try? await Task.sleep(for: deadline)
        guard !Task.isCancelled, abandon() else { return }
        if outcome.resume(.failure(timeout())) { work.cancel() }
    }
    defer { timer.cancel() }
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { outcome.set($0) }
    } onCancel: {
        work.cancel()
        // Stopping must not wait for work that ignores cancellation either.
        if abandon() { outcome.resume(.failure(CancellationError())) }
    }
}
