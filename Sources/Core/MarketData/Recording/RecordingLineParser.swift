import BourseCore

/// Parses the lines of the recorders whose captures live in `shared/data`.
public enum RecordingLineParser {
    /// One line of cryptofeed's raw-data text format:
    /// `<url> <-> <ts>` (connect), `<url> <- <ts>: <json>` (sent), `<ts>: <frame>` (received),
    /// `<url> -> <ts>: <body>` (REST response); `<ts>` is seconds since the epoch with a fraction.
    /// - Throws: `malformed_recording` (offset = `lineNumber`) for any other shape.
    public static func cryptofeed(_ line: ArraySlice<UInt8>, lineNumber: Int) throws(MarketDataError) -> RecordedFrame {
        func bad(_ why: String) -> MarketDataError {
            MarketDataError(.malformedRecording, "cryptofeed line \(lineNumber): \(why)", offset: lineNumber)
        }
        guard let first = line.first else { throw bad("empty line") }
        if first &- UInt8(ascii: "0") < 10 {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw bad("no ': ' after the time") }
            let time = try seconds(line[line.startIndex..<colon], lineNumber: lineNumber)
            return RecordedFrame(time: time, kind: .received, payload: Array(payloadAfter(colon, in: line)))
        }
        guard let space = line.firstIndex(of: UInt8(ascii: " ")) else { throw bad("no space after the address") }
        let url = String(decoding: line[line.startIndex..<space], as: UTF8.self)
        let rest = line[(space + 1)...]
        let kind: RecordedFrame.Kind
        let marker: Int
        if rest.starts(with: "<-> ".utf8) {
            kind = .connect
            marker = 4
        } else if rest.starts(with: "<- ".utf8) {
            kind = .sent
            marker = 3
        } else if rest.starts(with: "-> ".utf8) {
            kind = .http
            marker = 3
        } else {
            throw bad("expected '<->', '<-' or '->' after the address")
        }
        let afterMarker = rest.dropFirst(marker)
        if kind == .connect {
            return RecordedFrame(
                time: try seconds(afterMarker, lineNumber: lineNumber), kind: .connect, url: url,
                payload: [])
        }
        guard let colon = afterMarker.firstIndex(of: UInt8(ascii: ":")) else { throw bad("no ': ' after the time") }
        let time = try seconds(afterMarker[afterMarker.startIndex..<colon], lineNumber: lineNumber)
        return RecordedFrame(time: time, kind: kind, url: url, payload: Array(payloadAfter(colon, in: line)))
    }

    /// One line of hftbacktest's raw capture: `<receive time ns> <json>`.
    /// - Throws: `malformed_recording` when the line does not start with an integer and a space.
    public static func hftbacktest(_ line: ArraySlice<UInt8>, lineNumber: Int) throws(MarketDataError) -> RecordedFrame
    {
        guard let space = line.firstIndex(of: UInt8(ascii: " ")), space > line.startIndex else {
            throw MarketDataError(
                .malformedRecording, "hftbacktest line \(lineNumber): expected '<ns> <json>'",
                offset: lineNumber)
        }
        var time: Int64 = 0
        for byte in line[line.startIndex..<space] {
            let digit = byte &- UInt8(ascii: "0")
            let (m, o1) = time.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(digit))
            guard digit < 10, !o1, !o2 else {
                throw MarketDataError(
                    .malformedRecording, "hftbacktest line \(lineNumber): bad time",
                    offset: lineNumber)
            }
            time = a
        }
        return RecordedFrame(time: time, kind: .received, payload: Array(line[(space + 1)...]))
    }

    private static func payloadAfter(_ colon: Int, in line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = colon + 1
        if start < line.endIndex && line[start] == UInt8(ascii: " ") { start += 1 }
        return line[start...]
    }

    /// `"1633998512.0633569"` -> nanoseconds, exactly (digits beyond nanoseconds are truncated).
    static func seconds(_ text: ArraySlice<UInt8>, lineNumber: Int) throws(MarketDataError) -> Int64 {
        var digits = Array(text)
        if let point = digits.firstIndex(of: UInt8(ascii: ".")), digits.count - point - 1 > 9 {
            digits.removeLast(digits.count - point - 1 - 9)
        }
        let result: Result<Int64, DecimalError> = digits.withUnsafeBufferPointer { buffer in
            do throws(DecimalError) {
                return .success(try FixedPoint.parse(buffer, scale: 9, allowNegative: false))
            } catch { return .failure(error) }
        }
        switch result {
        case .success(let value): return value
        case .failure(let error):
            throw MarketDataError(
                .malformedRecording, "line \(lineNumber): bad time: \(error.message)",
                offset: lineNumber, decimal: error)
        }
    }
}
