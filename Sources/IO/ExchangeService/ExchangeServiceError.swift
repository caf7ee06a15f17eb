/// Failures of the exchange service itself (not refusals of a command, which are ``ExchangeCore/ExchangeError``).
public struct ExchangeServiceError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The journal could not be read or written.
        public static let storage = Code("storage_unavailable")
        /// A journal record does not decode or is out of order.
        public static let corruptJournal = Code("corrupt_journal")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
