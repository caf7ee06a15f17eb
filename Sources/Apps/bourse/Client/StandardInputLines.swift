import Foundation

/// Lines typed on standard input as an async stream (read on a dedicated thread: `readLine` blocks).
enum StandardInputLines {
    static func stream() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        let thread = Thread {
            while let line = readLine(strippingNewline: true) { continuation.yield(line) }
            continuation.finish()
        }
        thread.start()
        return stream
    }
}

/// Where the client writes: prompts without a newline, other lines whole; unbuffered so prompts show at once.
struct TerminalOutput: Sendable {
    func line(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
    func prompt(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
}
