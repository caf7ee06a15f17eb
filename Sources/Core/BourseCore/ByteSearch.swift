extension Array where Element == UInt8 {
    /// Whether `needle` occurs in the bytes: a plain scan for rare checks (venue notices, routing by product),
    /// not for parsing.
    public func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        return withUnsafeBufferPointer { haystack in
            let first = needle[0]
            var i = 0
            let last = haystack.count - needle.count
            while i <= last {
                if haystack[i] == first {
                    var j = 1
                    while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return true }
                }
                i += 1
            }
            return false
        }
    }
}
