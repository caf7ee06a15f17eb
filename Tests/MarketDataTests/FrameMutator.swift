import BourseCore

/// Random edits of a frame's bytes for the fuzz tests: most keep the frame close to valid JSON (digit and
/// punctuation changes) so that both acceptance and rejection paths are exercised.
enum FrameMutator {
    static let interesting =
        Array(#"{}[],:"0123456789.-+eE \tnulltruefalse\u00e9Z"#.utf8) + [0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xFF]

    static func mutate(_ bytes: inout [UInt8], using random: inout SeededGenerator) {
        guard !bytes.isEmpty else {
            bytes.append(interesting.randomElement(using: &random)!)
            return
        }
        let at = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<8, using: &random) {
        case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
        case 1, 2: bytes[at] = interesting.randomElement(using: &random)!
        case 3: bytes.remove(at: at)
        case 4: bytes.insert(interesting.randomElement(using: &random)!, at: at)
        case 5:
            let end = min(bytes.count, at + Int.random(in: 1...12, using: &random))
            bytes.removeSubrange(at..<end)
        case 6:
            let end = min(bytes.count, at + Int.random(in: 1...24, using: &random))
            let copy = bytes[at..<end]
            bytes.insert(contentsOf: copy, at: Int.random(in: 0...bytes.count, using: &random))
        default:
            // Swap a digit for another digit: stays valid JSON, changes a price, size or id.
            for _ in 0..<20 {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                if bytes[index] &- 48 < 10 {
                    bytes[index] = UInt8.random(in: 48...57, using: &random)
                    return
                }
            }
            bytes = Array(bytes.prefix(at))
        }
    }
}
