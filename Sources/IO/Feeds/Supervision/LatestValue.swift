import Synchronization

/// A bounded, conflating channel: one slot holding the newest value and a version number.
///
/// The producer never waits and memory never grows: ``publish(_:)`` overwrites the slot. Each consumer keeps the
/// version it saw last and asks for anything newer; a slow consumer skips the values it missed and always gets
/// the newest one. Any number of consumers may wait at once.
///
/// An observer (``observe(_:)``) is the exception to conflation: it sees every value, synchronously, on the
/// publisher's own task, with no task switch in between (the aggregator merges venue books this way). It must be
/// quick and must not publish to the same channel.
///
/// ``publish(_:)`` and ``current`` are inlinable so that they are specialized for the concrete `Value` in the
/// publishing module: the generic versions look up the metadata of their tuple and continuation types on every
/// call, which cost more than the rest of a publication.
public final class LatestValue<Value: Sendable>: Sendable {
    @usableFromInline typealias Observer = (token: UInt64, body: @Sendable (Value, UInt64) -> Void)

    @usableFromInline struct State {
        @usableFromInline var value: Value
        @usableFromInline var version: UInt64 = 0
        @usableFromInline var finished = false
        @usableFromInline var waiters: [UInt64: CheckedContinuation<(Value, UInt64)?, Never>] = [:]
        @usableFromInline var nextWaiter: UInt64 = 0
        @usableFromInline var observers: [Observer] = []

        init(value: Value) { self.value = value }
    }

    @usableFromInline let state: Mutex<State>

    public init(_ initial: Value) {
        state = Mutex(State(value: initial))
    }

    /// The newest value and its version (0 for the initial value).
    @inlinable
    public var current: (value: Value, version: UInt64) {
        state.withLock { ($0.value, $0.version) }
    }

    /// Replaces the value, calls the observers in registration order and wakes every waiting consumer.
    @inlinable
    public func publish(_ value: Value) {
        // The observer list is handed out as is (copy-on-write: a reference, no allocation per publish).
        let woken = state.withLock { state -> ([CheckedContinuation<(Value, UInt64)?, Never>], UInt64, [Observer]) in
            state.value = value
            state.version &+= 1
            guard !state.waiters.isEmpty else { return ([], state.version, state.observers) }
            let waiters = Array(state.waiters.values)
            state.waiters.removeAll(keepingCapacity: true)
            return (waiters, state.version, state.observers)
        }
        for observer in woken.2 { observer.body(value, woken.1) }
        for waiter in woken.0 { waiter.resume(returning: (value, woken.1)) }
    }

    /// Calls `body` with every value published from now on (and its version), on the publisher's task, until the
    /// returned token is passed to ``stopObserving(_:)``.
    public func observe(_ body: @escaping @Sendable (Value, UInt64) -> Void) -> UInt64 {
        state.withLock { state in
            state.nextWaiter &+= 1
            state.observers.append((state.nextWaiter, body))
            return state.nextWaiter
        }
    }

    /// Ends an observation.
    public func stopObserving(_ token: UInt64) {
        state.withLock { $0.observers.removeAll { $0.token == token } }
    }

    /// Ends the channel: waiting and future ``next(after:)`` calls return `nil` once the newest value is seen.
    public func finish() {
        let woken = state.withLock { state -> [CheckedContinuation<(Value, UInt64)?, Never>] in
            state.finished = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in woken { waiter.resume(returning: nil) }
    }

    /// The newest value once its version is above `version`; waits if there is none yet. The value is the newest
    /// at the moment the caller runs again, not the one whose publication woke it: publications that came in
    /// between (the waiter's task may run only after several) are skipped, never delivered late.
    /// - Returns: `nil` after ``finish()`` (or when the task is cancelled while waiting).
    public func next(after version: UInt64) async -> (value: Value, version: UInt64)? {
        guard let woken = await wait(after: version) else { return nil }
        return state.withLock { $0.version > woken.1 ? ($0.value, $0.version) : woken }
    }

    private func wait(after version: UInt64) async -> (Value, UInt64)? {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<(Value, UInt64)?, Never>) in
                let immediate = state.withLock { state -> (Value, UInt64)?? in
                    if state.version > version { return .some((state.value, state.version)) }
                    if state.finished || Task.isCancelled { return .some(nil) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: nil)
        }
    }
}
