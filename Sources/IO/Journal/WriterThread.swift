import Glibc

/// Starts a detached OS thread that runs `body` once: the group committer's writer, which blocks in the store's
/// synchronous append and must not hold a thread of the cooperative pool or of an event loop. A plain pthread keeps
/// Foundation out of this module.
enum WriterThread {
    private final class Start {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Runs `body` on a new thread.
    /// - Returns: `false` if the system refused to create the thread (`body` is then not run).
    static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        let start = Unmanaged.passRetained(Start(body))
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            Unmanaged<Start>.fromOpaque(argument).takeRetainedValue().body()
            return nil
        }, start.toOpaque())
        guard created == 0 else {
            start.release()
            return false
        }
        pthread_detach(thread)
        return true
    }
}
