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
///
/// Events are numbered as they are appended: the `i`-th event of a command gets the number after the last event
/// of the previous command, plus `i`. The engine's sequence counter is thus derived from the count instead of
/// being loaded, bumped and stored for every event.
struct EventStorage {
    var base: UnsafeMutablePointer<SequencedEvent>
    var count = 0
    var capacity: Int
    /// Sequence number of the last event before the buffered ones (0 at the start of the engine's life).
    var sequenceBeforeFirst: UInt64 = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    /// Sequence number of the last event appended so far (0 before the first event).
    var lastSequence: UInt64 { sequenceBeforeFirst &+ UInt64(truncatingIfNeeded: count) }

    /// Appends `event` with the next sequence number.
    @inline(__always)
    mutating func append(_ event: EngineEvent) {
        if count == capacity { grow() }
        (base + count).initialize(
            to: SequencedEvent(sequence: sequenceBeforeFirst &+ UInt64(truncatingIfNeeded: count) &+ 1, event: event))
        count &+= 1  // below `capacity`: cannot overflow
    }

    /// Starts the next command's events (they are trivial values: nothing to deinitialise); numbering goes on.
    mutating func removeAll() {
        sequenceBeforeFirst &+= UInt64(truncatingIfNeeded: count)
        count = 0
    }

    @inline(never)
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
