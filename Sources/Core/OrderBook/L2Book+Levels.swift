import BourseCore

extension L2Book {
    /// One side's levels in price order, best first: a view of the side's chunks, no copy.
    ///
    /// An index names a chunk and a position inside it; walking it is a step inside a chunk, or to the end of the
    /// next worse chunk. `count` is O(1).
    public struct Levels: BidirectionalCollection, Sendable {
        @usableFromInline let chunks: [[L2Level]]
        public let count: Int

        @inlinable
        init(_ side: L2BookSide) {
            chunks = side.chunks
            count = side.count
        }

        /// A place in the side: chunk `chunk`, position `position`; ``endIndex`` is chunk -1.
        public struct Index: Comparable, Hashable, Sendable {
            @usableFromInline var chunk: Int
            @usableFromInline var position: Int

            @inlinable
            init(chunk: Int, position: Int) {
                self.chunk = chunk
                self.position = position
            }

            /// Best first: the later chunk, then the later position.
            @inlinable
            public static func < (lhs: Index, rhs: Index) -> Bool {
                lhs.chunk != rhs.chunk ? lhs.chunk > rhs.chunk : lhs.position > rhs.position
            }
        }

        @inlinable
        public var startIndex: Index {
            guard let last = chunks.indices.last else { return endIndex }
            return Index(chunk: last, position: chunks[last].count - 1)
        }

        @inlinable
        public var endIndex: Index { Index(chunk: -1, position: 0) }

        @inlinable
        public var isEmpty: Bool { count == 0 }

        @inlinable
        public subscript(index: Index) -> L2Level { chunks[index.chunk][index.position] }

        @inlinable
        public func index(after index: Index) -> Index {
            if index.position > 0 { return Index(chunk: index.chunk, position: index.position - 1) }
            let chunk = index.chunk - 1
            return chunk < 0 ? endIndex : Index(chunk: chunk, position: chunks[chunk].count - 1)
        }

        @inlinable
        public func index(before index: Index) -> Index {
            if index.chunk < 0 { return Index(chunk: 0, position: 0) }
            if index.position + 1 < chunks[index.chunk].count { return Index(chunk: index.chunk, position: index.position + 1) }
            return Index(chunk: index.chunk + 1, position: 0)
        }

        /// Iterates chunk by chunk over their storage: the common way to read the best levels.
        @inlinable
        public func makeIterator() -> Iterator { Iterator(chunks: chunks) }

        public struct Iterator: IteratorProtocol {
            @usableFromInline let chunks: [[L2Level]]
            @usableFromInline var chunk: Int
            @usableFromInline var position: Int

            @inlinable
            init(chunks: [[L2Level]]) {
                self.chunks = chunks
                chunk = chunks.count - 1
                position = chunk >= 0 ? chunks[chunk].count - 1 : -1
            }

            @inlinable
            public mutating func next() -> L2Level? {
                while position < 0 {
                    chunk -= 1
                    guard chunk >= 0 else { return nil }
                    position = chunks[chunk].count - 1
                }
                defer { position -= 1 }
                return chunks[chunk][position]
            }
        }
    }
}
