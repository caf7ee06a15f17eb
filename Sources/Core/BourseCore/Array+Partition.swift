extension Array {
    /// The first index whose element satisfies `predicate`, for a predicate that is false for a prefix and true
    /// for the rest (binary search, O(log n)). `endIndex` when it holds for no element.
    public func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = startIndex
        var high = endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
