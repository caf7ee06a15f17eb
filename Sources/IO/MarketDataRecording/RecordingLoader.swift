import MarketData

/// Loads recordings into one time-ordered stream of frames.
public enum RecordingLoader {
    /// The recorder that wrote a file.
    public enum Format: Hashable, Sendable {
        /// cryptofeed's raw text format (`<EXCH>.ws.<n>.0`, `<EXCH>.http.0.0`, `<EXCH>.0`).
        case cryptofeed
        /// hftbacktest's `<ns> <json>` lines (usually gzipped).
        case hftbacktest
    }

    /// Guesses a file's format from its first line: `<digits> {` is hftbacktest, anything else cryptofeed.
    public static func format(ofFirstLine line: ArraySlice<UInt8>) -> Format {
        guard let space = line.firstIndex(of: UInt8(ascii: " ")), space > line.startIndex else { return .cryptofeed }
        let digitsOnly = line[line.startIndex..<space].allSatisfy { $0 &- UInt8(ascii: "0") < 10 }
        let next = line.index(after: space)
        return digitsOnly && next < line.endIndex && line[next] == UInt8(ascii: "{") ? .hftbacktest : .cryptofeed
    }

    /// What ``load(paths:progress:)`` reports while it works (for a progress line on a terminal).
    public enum Progress: Sendable {
        /// `path` is being read (and decompressed): the slow part of a large capture. `bytes` of the file's `total`
        /// are read (compressed bytes for a `.gz`); reported as reading starts (`bytes` 0), after each block of
        /// about 1 MiB of content, and at the end (`bytes == total`).
        case reading(path: String, bytes: Int, total: Int)
        /// `lines` of `path`'s `total` lines are parsed (every 100,000 lines, and once at the end: `lines == total`).
        case parsed(path: String, lines: Int, total: Int)
    }

    /// Reads one file.
    /// - Throws: `unreadable_file` or `malformed_recording` (with the line number).
    public static func load(path: String, progress: ((Progress) -> Void)? = nil) throws(MarketDataError) -> [RecordedFrame] {
        progress?(.reading(path: path, bytes: 0, total: 0))
        let lines = try RecordingFile.lines(path: path, progress: progress.map { report in { report(.reading(path: path, bytes: $0, total: $1)) } })
        guard let first = lines.first else {
            progress?(.parsed(path: path, lines: 0, total: 0))
            return []
        }
        let format = format(ofFirstLine: first)
        var frames: [RecordedFrame] = []
        frames.reserveCapacity(lines.count)
        for (n, line) in lines.enumerated() {
            switch format {
            case .cryptofeed: frames.append(try RecordingLineParser.cryptofeed(line, lineNumber: n + 1))
            case .hftbacktest: frames.append(try RecordingLineParser.hftbacktest(line, lineNumber: n + 1))
            }
            if n % 100_000 == 99_999 && n + 1 < lines.count { progress?(.parsed(path: path, lines: n + 1, total: lines.count)) }
        }
        progress?(.parsed(path: path, lines: lines.count, total: lines.count))
        return frames
    }

    /// Reads several files and merges them by receive time (``RecordingMerge/byTime(_:)``: each file keeps its
    /// own line order, equal times favour the earlier file), so a websocket capture and its REST snapshots
    /// become one stream, and consecutive files of one capture follow each other.
    public static func load(paths: [String], progress: ((Progress) -> Void)? = nil) throws(MarketDataError) -> [RecordedFrame] {
        var streams: [[RecordedFrame]] = []
        for path in paths { streams.append(try load(path: path, progress: progress)) }
        return streams.count == 1 ? streams[0] : RecordingMerge.byTime(streams)
    }
}
