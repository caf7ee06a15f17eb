/// The newest `capacity` elements of a stream, oldest first. Appending is O(1); memory is bounded.
struct Ring<Element: Sendable>: Sendable {
    private var storage: [Element] = []
    private var start = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    mutating func append(_ element: Element) {
        if storage.count < capacity {
            storage.append(element)
        } else {
            storage[start] = element
            start = (start + 1) % capacity
        }
    }

    /// The newest `limit` elements, newest first.
    func newest(_ limit: Int) -> [Element] {
        let n = min(limit, storage.count)
        var out: [Element] = []
        out.reserveCapacity(n)
        var i = 0
        while i < n {
            let index = (start + storage.count - 1 - i) % storage.count
            out.append(storage[index])
            i += 1
        }
        return out
    }

    var count: Int { storage.count }
}
