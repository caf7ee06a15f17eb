import CZlib
import MarketData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads recording files line by line; gzip-compressed files (`.gz`) are inflated on the fly by zlib, plain
/// files are read as they are (zlib's `gzread` passes them through).
public enum RecordingFile {
    /// All lines of a file, without their line breaks; empty lines are dropped.
    /// - Throws: `unreadable_file` when the file cannot be opened or is corrupt.
    /// - Parameter progress: as for ``read(path:progress:)``.
    public static func lines(
        path: String, progress: ((_ read: Int, _ total: Int) -> Void)? = nil
    ) throws(MarketDataError) -> [ArraySlice<UInt8>] {
        let contents = try read(path: path, progress: progress)
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
    /// - Parameter progress: called after each block of about 1 MiB of content and once at the end, with the bytes
    ///   of the file read so far (compressed bytes for a `.gz`) and the file's size: what a progress line shows
    ///   while a large capture is decompressed.
    /// - Throws: `unreadable_file` when the file cannot be opened or is corrupt.
    public static func read(
        path: String, progress: ((_ read: Int, _ total: Int) -> Void)? = nil
    ) throws(MarketDataError) -> [UInt8] {
        guard let file = gzopen(path, "rb") else {
            throw MarketDataError(.unreadableFile, "cannot open '\(path)': check the path and permissions")
        }
        defer { gzclose(file) }
        gzbuffer(file, 1 << 20)
        var size = 0
        if progress != nil {
            var info = stat()
            if stat(path, &info) == 0 { size = Int(info.st_size) }
        }
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
            // `gzoffset`: how far into the file zlib has read (for a plain file, where it reads through).
            if let progress { progress(min(Int(gzoffset(file)), size), size) }
        }
        progress?(size, size)
        return contents
    }
}
