/// The events of the last command, viewed in place in the engine's own storage (no copy, no reference count).
///
/// Valid until the engine processes its next command or is released; copy it (`Array(engine.events)`) to
/// keep it longer.
public struct EventBuffer: RandomAccessCollection {
    @usableFromInline let base: UnsafePointer<SequencedEvent>
    public let count: Int

    @inlinable init(base: UnsafePointer<SequencedEvent>, count: Int) {
        self.base = base
        self.count = count
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }

    @inlinable public subscript(position: Int) -> SequencedEvent {
        precondition(position >= 0 && position < count, "event index out of range")
        return base[position]
    }
}

/// Growable storage for one command's events, reused for every command.
struct EventStorage {
    var base: UnsafeMutablePointer<SequencedEvent>
    var count = 0
    var capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    mutating func append(_ event: SequencedEvent) {
        if count == capacity { grow() }
        (base + count).initialize(to: event)
        count += 1
    }

    /// Forgets the events (they are trivial values: nothing to deinitialise).
    mutating func removeAll() { count = 0 }

    mutating func grow() {
        let bigger = UnsafeMutablePointer<SequencedEvent>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    var view: EventBuffer { EventBuffer(base: base, count: count) }

    func deallocate() { base.deallocate() }
}
