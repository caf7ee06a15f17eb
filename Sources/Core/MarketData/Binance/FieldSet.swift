/// The known fields seen in one frame, and those whose value had the wrong type (bit sets).
struct FieldSet: OptionSet {
    var rawValue: UInt32
    /// Bits 16... mirror the field bits: "present but of the wrong type".
    private static let wrongShift: UInt32 = 16

    static let eventType = FieldSet(rawValue: 1 << 0)
    static let eventTime = FieldSet(rawValue: 1 << 1)
    static let symbol = FieldSet(rawValue: 1 << 2)
    static let first = FieldSet(rawValue: 1 << 3)
    static let final = FieldSet(rawValue: 1 << 4)
    static let previous = FieldSet(rawValue: 1 << 5)
    static let bids = FieldSet(rawValue: 1 << 6)
    static let asks = FieldSet(rawValue: 1 << 7)
    static let lastUpdateId = FieldSet(rawValue: 1 << 8)
    static let snapshotBids = FieldSet(rawValue: 1 << 9)
    static let snapshotAsks = FieldSet(rawValue: 1 << 10)
    static let stream = FieldSet(rawValue: 1 << 11)
    static let data = FieldSet(rawValue: 1 << 12)

    mutating func markWrong(_ field: FieldSet) { rawValue |= field.rawValue << Self.wrongShift }
    /// `true` when any field of `field` is marked wrong.
    func isWrong(_ field: FieldSet) -> Bool { rawValue & (field.rawValue << Self.wrongShift) != 0 }
}

extension FieldSet {
    /// Field bits and their JSON keys, for error messages.
    static let names: [(FieldSet, String)] = [
        (.eventType, "e"), (.eventTime, "E"), (.symbol, "s"), (.first, "U"), (.final, "u"), (.previous, "pu"),
        (.bids, "b"), (.asks, "a"), (.lastUpdateId, "lastUpdateId"), (.snapshotBids, "bids"),
        (.snapshotAsks, "asks"), (.stream, "stream"), (.data, "data"),
    ]

}
