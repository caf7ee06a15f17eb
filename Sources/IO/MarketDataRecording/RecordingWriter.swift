import CZlib
import MarketData
import Synchronization

/// Writes recorded frames to a file in cryptofeed's text format (one line per item, receive time in seconds
/// with nanoseconds), gzip-compressed when the path ends in `.gz`; ``RecordingLoader`` reads it back.
///
/// Lines: `<url> <-> <ts>` (connect), `<url> <- <ts>: <text>` (sent), `<ts>: <frame>` (received),
/// `<url> -> <ts>: <body>` (REST response). Line breaks inside a payload are written as spaces (JSON allows it).
public final class RecordingWriter: Sendable {
    private let file: Mutex<gzFile?>
    /// The path written.
    public let path: String

    /// Opens (truncates) `path`.
    /// - Throws: `unreadable_file` when the file cannot be created.
    public init(path: String) throws(MarketDataError) {
        let mode = path.hasSuffix(".gz") ? "wb6" : "wbT"
        guard let handle = gzopen(path, mode) else {
            throw MarketDataError(.unreadableFile, "cannot create '\(path)': check the directory and permissions")
        }
        file = Mutex(handle)
        self.path = path
    }

    deinit { close() }

    /// Appends one item.
    public func write(_ frame: RecordedFrame) {
        var line: [UInt8] = []
        line.reserveCapacity(frame.payload.count + 64)
        let time = Array(Self.seconds(frame.time).utf8)
        let url = Array((frame.url ?? "").utf8)
        switch frame.kind {
        case .connect:
            line += url + Array(" <-> ".utf8) + time
        case .sent:
            line += url + Array(" <- ".utf8) + time + Array(": ".utf8) + Self.oneLine(frame.payload)
        case .received:
            line += time + Array(": ".utf8) + Self.oneLine(frame.payload)
        case .http:
            line += url + Array(" -> ".utf8) + time + Array(": ".utf8) + Self.oneLine(frame.payload)
        }
        line.append(UInt8(ascii: "\n"))
        file.withLock { handle in
            guard let handle else { return }
            _ = line.withUnsafeBytes { gzwrite(handle, $0.baseAddress, UInt32($0.count)) }
        }
    }

    /// Flushes and closes the file (later writes are ignored).
    public func close() {
        file.withLock { handle in
            if let open = handle { gzclose(open) }
            handle = nil
        }
    }

    /// `1795450392.494682592` from nanoseconds.
    static func seconds(_ nanoseconds: Int64) -> String {
        let fraction = String(nanoseconds % 1_000_000_000)
        return String(nanoseconds / 1_000_000_000) + "." + String(repeating: "0", count: 9 - fraction.count) + fraction
    }

    static func oneLine(_ payload: [UInt8]) -> [UInt8] {
        payload.map { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") ? UInt8(ascii: " ") : $0 }
    }
}
