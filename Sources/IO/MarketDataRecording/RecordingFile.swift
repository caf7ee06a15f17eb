import CZlib
import MarketData

/// Reads recording files line by line; gzip-compressed files (`.gz`) are inflated on the fly by zlib, plain
/// files are read as they are (zlib's `gzread` passes them through).
public enum RecordingFile {
    /// All lines of a file, without their line breaks; empty lines are dropped.
    /// - Throws: `unreadable_file` when the file cannot be opened or is corrupt.
    public static func lines(path: String) throws(MarketDataError) -> [ArraySlice<UInt8>] {
        let contents = try read(path: path)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for (i, byte) in contents.enumerated() where byte == UInt8(ascii: "\n") {
            var end = i
            if end > start && contents[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            if end > start { lines.append(contents[start..<end]) }
            start = i + 1
        }
        if start < contents.count { lines.append(contents[start...]) }
        return lines
    }

    /// The whole (inflated) content of a file.
    /// - Throws: `unreadable_file` when the file cannot be opened or is corrupt.
    public static func read(path: String) throws(MarketDataError) -> [UInt8] {
        guard let file = gzopen(path, "rb") else {
            throw MarketDataError(.unreadableFile, "cannot open '\(path)': check the path and permissions")
        }
        defer { gzclose(file) }
        gzbuffer(file, 1 << 20)
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if count < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown zlib error"
                throw MarketDataError(.unreadableFile, "cannot read '\(path)': \(message)")
            }
            if count == 0 { break }
            contents.append(contentsOf: chunk[0..<Int(count)])
        }
        return contents
    }
}
