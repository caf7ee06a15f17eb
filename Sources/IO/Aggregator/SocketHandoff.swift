import BourseCore
import NIOCore
import NIOPosix

/// When a gRPC connection's flush reaches the socket: the moment a summary's bytes leave the process's own code
/// (what follows is the kernel's `writev`). ``Marker``, placed next to the socket in every accepted gRPC
/// connection, notes the time of each flush on the thread that runs it.
///
/// A stream reads its own thread's note after its `write` returns. With flush coalescing off
/// (`--grpc-flush-delay-us 0`) and the stream on its connection's event loop (``AggregatorServer/Configuration/pipeline``),
/// grpc-swift writes and flushes inside that call, so a note taken during the call is the moment that summary's
/// bytes were handed to the kernel; otherwise (a flush left for later, or run on another thread) no note falls
/// within the call and the summary is not counted (``PipelineLatency``'s `frame_to_socket_us` counts only exact
/// times).
enum SocketHandoff {
    /// The time of the latest flush on one thread.
    final class Note: @unchecked Sendable {
        var nanoseconds: Int64 = 0
    }

    private static let notes = ThreadSpecificVariable<Note>()

    /// The calling thread's note (made on first use).
    static var current: Note {
        if let note = notes.currentValue { return note }
        let note = Note()
        notes.currentValue = note
        return note
    }

    /// Notes the time of every flush that passes it; placed first in the pipeline (next to the socket).
    final class Marker: ChannelOutboundHandler, RemovableChannelHandler {
        typealias OutboundIn = ByteBuffer

        func flush(context: ChannelHandlerContext) {
            SocketHandoff.current.nanoseconds = WallClock.nanoseconds()
            context.flush()
        }
    }

    /// Adds a ``Marker`` next to the socket of an accepted connection.
    static func install(on channel: any Channel) -> EventLoopFuture<Void> {
        channel.pipeline.addHandler(Marker(), position: .first)
    }
}
