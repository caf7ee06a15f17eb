/// CRC-32 (IEEE 802.3, the zlib/PNG polynomial), as Kraken and OKX use for their book checksums.
public enum CRC32 {
    /// `tables[0]` is the classic byte table; `tables[k][n]` is the CRC of byte `n` followed by `k` zero bytes,
    /// which lets ``checksum(_:continuing:)-(UnsafeBufferPointer<UInt8>,_)`` take eight bytes per step
    /// ("slicing by 8").
    static let tables: [[UInt32]] = {
        var tables = [(0..<256).map { n -> UInt32 in
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            return c
        }]
        for k in 1..<8 {
            tables.append((0..<256).map { n in
                let previous = tables[k - 1][n]
                return tables[0][Int(previous & 0xFF)] ^ (previous >> 8)
            })
        }
        return tables
    }()

    /// The eight tables in one array, `flat[k * 256 + n] == tables[k][n]` (one bounds check per lookup).
    static let flat: [UInt32] = tables.flatMap { $0 }

    /// The checksum of `bytes`, continuing from `crc` (0 to start), a byte at a time.
    public static func checksum(_ bytes: some Sequence<UInt8>, continuing crc: UInt32 = 0) -> UInt32 {
        let table = flat
        var c = ~crc
        for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return ~c
    }

    /// The checksum of contiguous bytes, eight bytes per step (the book checksums run on every message).
    public static func checksum(_ bytes: UnsafeBufferPointer<UInt8>, continuing crc: UInt32 = 0) -> UInt32 {
        flat.withUnsafeBufferPointer { t in
            var c = ~crc
            var i = 0
            let count = bytes.count
            while i + 8 <= count {
                let low = c ^ (UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
                c = t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                    ^ t[3 * 256 + Int(bytes[i + 4])] ^ t[2 * 256 + Int(bytes[i + 5])]
                    ^ t[1 * 256 + Int(bytes[i + 6])] ^ t[Int(bytes[i + 7])]
                i += 8
            }
            while i < count {
                c = t[Int((c ^ UInt32(bytes[i])) & 0xFF)] ^ (c >> 8)
                i += 1
            }
            return ~c
        }
    }
}
