extension JournalRecord {
    /// Checks that `records` continue a journal whose last sequence is `last`: the first is `last + 1` and
    /// each next one is one more. Stores call this inside their write transaction.
    /// - Throws: ``JournalError/Code-swift.struct/sequenceGap`` naming the first offending record;
    ///   ``JournalError/Code-swift.struct/invalidArgument`` for a sequence above `Int64.max`, which SQL
    ///   databases cannot store.
    public static func validateBatch(_ records: [JournalRecord], after last: UInt64) throws(JournalError) {
        if let huge = records.first(where: { $0.sequence > UInt64(Int64.max) }) {
            _ = try storageInteger(huge.sequence)
        }
        var expected = last &+ 1
        for (index, record) in records.enumerated() {
            guard record.sequence == expected, expected != 0 else {
                throw JournalError(
                    .sequenceGap,
                    "record \(index) of the batch has sequence \(record.sequence) but the journal expects "
                        + "\(expected) (last stored: \(last)); append records contiguously after lastSequence()"
                )
            }
            expected &+= 1
        }
    }

    /// Checks that a sequence fits the signed 64-bit integer columns of SQL databases.
    /// - Throws: ``JournalError/Code-swift.struct/invalidArgument`` above `Int64.max`.
    public static func storageInteger(_ sequence: UInt64) throws(JournalError) -> Int64 {
        guard let value = Int64(exactly: sequence) else {
            throw JournalError(.invalidArgument, "sequence \(sequence) is above Int64.max and cannot be stored")
        }
        return value
    }

    /// Checks a read limit.
    /// - Throws: ``JournalError/Code-swift.struct/invalidArgument`` when negative.
    public static func validateLimit(_ limit: Int) throws(JournalError) {
        guard limit >= 0 else {
            throw JournalError(.invalidArgument, "limit \(limit) is negative; pass 0 or more")
        }
    }
}
