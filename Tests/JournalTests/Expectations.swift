import Journal
import Testing

/// Expects `body` to throw a ``JournalError`` with `code`.
func expectJournalError(
    _ code: JournalError.Code,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("expected \(code), but the call succeeded", sourceLocation: sourceLocation)
    } catch let error as JournalError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a JournalError \(code), got \(error)", sourceLocation: sourceLocation)
    }
}

/// A deterministic payload for record `sequence`, with zero and 0xFF bytes in it.
func payload(_ sequence: UInt64, size: Int = 24) -> [UInt8] {
    var state = sequence &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<size).map { index in
        if index == 0 { return 0 }
        if index == 1 { return 0xFF }
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}

/// Records `first...last` with ``payload(_:size:)``.
func makeRecords(_ range: ClosedRange<UInt64>, size: Int = 24) -> [JournalRecord] {
    range.map { JournalRecord(sequence: $0, payload: payload($0, size: size)) }
}
