import NIOCore
import NIOPosix

/// A thread of its own that runs both NIO channels and Swift tasks: a one-thread event loop group and a
/// `TaskExecutor` over its loop, for `withTaskExecutorPreference(_:)`, `Task(executorPreference:)` and
/// `TaskGroup.addTask(executorPreference:)`.
///
/// A task that prefers this executor runs its nonisolated code on the loop's thread. When it waits on a channel of
/// the same loop (a WebSocket's inbound messages, a gRPC stream's writer), the channel resumes it with a job queued
/// on that same thread: no other thread is woken, and the frame that arrived is handled before the loop goes back
/// to the kernel. That keeps the aggregator's path from a frame to its summary's gRPC write on one thread
/// (``FeedConfiguration/pipeline``; DESIGN.md, "The pipeline thread").
///
/// Each job is queued with `EventLoop.execute` (one closure per job); from another thread that wakes the loop as
/// any `execute` does. Nothing here may block: a blocked job stalls every channel of the loop.
public final class EventLoopTaskExecutor: TaskExecutor {
    /// The group of the one loop (what NIO bootstraps and the gRPC transport take).
    public let group: MultiThreadedEventLoopGroup
    /// The loop the jobs and the channels run on.
    public let loop: any EventLoop

    /// Starts the thread.
    public init() {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        loop = group.next()
    }

    /// Stops the thread. Call it once every task that prefers this executor has ended (jobs queued afterwards are
    /// dropped, and their tasks never resume).
    public func shutdown() async throws {
        try await group.shutdownGracefully()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
