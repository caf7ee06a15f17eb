import Foundation

/// The execution client's write-ahead journal: every intent is written and flushed to disk (`fsync`) before it
/// is sent, and every report after it arrives. One JSON object per line, so a line cut short by a crash is
/// recognisable and ignored.
///
/// After a restart ``load()`` gives every intent with its last known report: the orders to reconcile.
public final class ExecutionJournal: @unchecked Sendable {
    /// One line.
    public enum Entry: Codable, Sendable {
        case intent(OrderIntent)
        case report(OrderReport)
        /// The venue never received the order (checked after a crash); it will not be sent.
        case abandoned(String)
    }

    public let path: String
    private let handle: FileHandle
    private let lock = NSLock()

    /// Opens (or creates) the journal at `path`.
    /// - Throws: when the file cannot be created or opened.
    public init(path: String) throws {
        self.path = path
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
    }

    deinit { try? handle.close() }

    /// Appends one entry and waits until it is on disk.
    /// - Throws: when the write or the flush fails (the caller must not send the order then).
    public func append(_ entry: Entry) throws {
        var line = try JSONEncoder().encode(entry)
        line.append(UInt8(ascii: "\n"))
        try lock.withLock {
            try handle.write(contentsOf: line)
            try handle.synchronize()
        }
    }

    /// Every readable entry in order (a torn last line is skipped).
    public func load() throws -> [Entry] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let decoder = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(Entry.self, from: Data($0)) }
    }
}
