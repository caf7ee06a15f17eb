import Glibc

/// Detached OS threads for journal work that must not hold a thread of the cooperative pool or of an event loop:
/// the group committer's writer, which blocks in the store's synchronous append, and the encoding of a state
/// snapshot, which takes tens of milliseconds of CPU and is given a low scheduling priority so that the threads
/// answering orders preempt it. A plain pthread keeps Foundation out of this module.
public enum JournalThread {
    private final class Start {
        let niceness: Int32
        let body: @Sendable () -> Void
        init(niceness: Int32, _ body: @escaping @Sendable () -> Void) {
            self.niceness = niceness
            self.body = body
        }
    }

    /// The niceness of background work (the lowest priority Linux gives a normal thread).
    public static let background: Int32 = 19

    /// Runs `body` on a new thread at `niceness` (0: the process's own priority; 19: `background`).
    /// - Returns: `false` if the system refused to create the thread (`body` is then not run).
    public static func start(niceness: Int32 = 0, _ body: @escaping @Sendable () -> Void) -> Bool {
        let start = Unmanaged.passRetained(Start(niceness: niceness, body))
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            let start = Unmanaged<Start>.fromOpaque(argument).takeRetainedValue()
            if start.niceness != 0 {
                // On Linux a nice value belongs to the thread, and `who` 0 names the calling one (not the whole
                // process). Best effort: a refusal leaves the thread at the process's priority.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, start.niceness)
            }
            start.body()
            return nil
        }, start.toOpaque())
        guard created == 0 else {
            start.release()
            return false
        }
        pthread_detach(thread)
        return true
    }

    /// Runs `body` on a new thread at `niceness` and returns its result; runs it on the caller's thread if no
    /// thread can be created.
    public static func run<T: Sendable>(niceness: Int32 = 0, _ body: @escaping @Sendable () -> T) async -> T {
        let result: T? = await withCheckedContinuation { (done: CheckedContinuation<T?, Never>) in
            let started = start(niceness: niceness) { done.resume(returning: body()) }
            if !started { done.resume(returning: nil) }
        }
        return result ?? body()
    }
}
