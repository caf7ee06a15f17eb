import BourseCore
import NIOCore
import NIOPosix

/// When a gRPC connection's flush reaches the socket with bytes to send: the moment a summary's bytes leave the
/// process's own code (what follows is the kernel's `writev`). ``Marker``, placed next to the socket in every
/// accepted gRPC connection, notes on the thread that runs it the time of each flush that carries bytes, and counts
/// them.
///
/// A stream takes its thread's note before its `write` and looks again after it returns. With flush coalescing
/// off (`--grpc-flush-delay-us 0`) and the stream on its connection's event loop
/// (``AggregatorServer/Configuration/pipeline``), grpc-swift writes and flushes inside that call, on that thread:
/// exactly one flush with bytes on the same thread during the call is that write's, and its time is when the
/// summary's bytes were handed to the kernel. Anything else — no such flush (coalesced for later, or run on another
/// thread), more than one, a different thread after the call — is not counted (``PipelineLatency``'s
/// `frame_to_socket_us`). One case remains inexact: a write that waits for the connection to become writable again
/// (a subscriber far behind), while exactly one other connection on the thread flushes; its frames then count with
/// that other flush's time, a lower bound. With one subscriber per connection, as in the benchmarks, it does not
/// arise.
enum SocketHandoff {
    /// The latest flush with bytes on one thread, and how many there have been.
    final class Note: @unchecked Sendable {
        var nanoseconds: Int64 = 0
        var flushes = 0
    }

    private static let notes = ThreadSpecificVariable<Note>()

    /// The calling thread's note (made on first use).
    static var current: Note {
        if let note = notes.currentValue { return note }
        let note = Note()
        notes.currentValue = note
        return note
    }

    /// Notes the time of every flush that carries bytes written since the last one; placed first in the pipeline
    /// (next to the socket).
    final class Marker: ChannelOutboundHandler, RemovableChannelHandler {
        typealias OutboundIn = ByteBuffer
        private var written = false

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            written = true
            context.write(data, promise: promise)
        }

        func flush(context: ChannelHandlerContext) {
            if written {
                written = false
                let note = SocketHandoff.current
                note.nanoseconds = WallClock.nanoseconds()
                note.flushes += 1
            }
            context.flush()
        }
    }

    /// Adds a ``Marker`` next to the socket of an accepted connection.
    static func install(on channel: any Channel) -> EventLoopFuture<Void> {
        channel.pipeline.addHandler(Marker(), position: .first)
    }

    /// Runs `write` and returns when its bytes were handed to the kernel, if that is known exactly (see above).
    static func timing(_ write: () async throws -> Void) async rethrows -> Int64? {
        let note = current
        let before = note.flushes
        try await write()
        guard current === note, note.flushes == before + 1 else { return nil }
        return note.nanoseconds
    }
}
