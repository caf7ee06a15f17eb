/// A venue's symbol (`"BTCUSDT"`) stored inline, so parsing a frame allocates nothing for it.
///
/// Holds up to ``capacity`` bytes of ASCII/UTF-8 text; compares and hashes by content.
@frozen
public struct VenueSymbol: Hashable, Sendable, CustomStringConvertible {
    /// The longest symbol that fits.
    public static let capacity = 32

    @usableFromInline var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// Length in bytes.
    public private(set) var count: Int = 0

    /// The empty symbol.
    public init() {}

    /// Copies `text`; returns `nil` when it is longer than ``capacity`` bytes.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard let symbol = bytes.withUnsafeBufferPointer({ VenueSymbol(bytes: UnsafeRawBufferPointer($0)) }) else {
            return nil
        }
        self = symbol
    }

    /// Copies the bytes; returns `nil` when there are more than ``capacity``.
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count <= Self.capacity else { return nil }
        self.init()
        withUnsafeMutableBytes(of: &words) { storage in
            for i in 0..<bytes.count { storage[i] = bytes[i] }
        }
        count = bytes.count
    }

    public static func == (lhs: VenueSymbol, rhs: VenueSymbol) -> Bool {
        lhs.count == rhs.count && lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1
            && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// The symbol as text.
    public var description: String {
        withUnsafeBytes(of: words) { String(decoding: $0.prefix(count), as: UTF8.self) }
    }
}
