/// A venue parser that reads one frame at a time from raw bytes and keeps the result in its properties.
public protocol FrameParser {
    /// What a frame turned out to be (snapshot, update, another channel, ...).
    associatedtype Kind
    /// Parses one frame held in a buffer.
    mutating func parse(_ frame: UnsafeBufferPointer<UInt8>) throws(MarketDataError) -> Kind
}

extension FrameParser {
    /// Parses one frame held in an array; see ``parse(_:)-(UnsafeBufferPointer<UInt8>)``.
    public mutating func parse(_ frame: [UInt8]) throws(MarketDataError) -> Kind {
        let result: Result<Kind, MarketDataError> = frame.withUnsafeBufferPointer { buffer in
            do throws(MarketDataError) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

/// The frames a replay could not parse: how many, and the first error (kept for the summary).
public struct ParseFailures: Sendable {
    public private(set) var count = 0
    public private(set) var first: MarketDataError?

    public init() {}

    /// Parses `payload` with `parser`; on failure counts it and returns `nil`.
    mutating func parse<P: FrameParser>(_ parser: inout P, _ payload: [UInt8]) -> P.Kind? {
        do {
            return try parser.parse(payload)
        } catch {
            record(error)
            return nil
        }
    }

    /// Counts one frame that failed with `error`.
    mutating func record(_ error: MarketDataError) {
        count += 1
        if first == nil { first = error }
    }
}
