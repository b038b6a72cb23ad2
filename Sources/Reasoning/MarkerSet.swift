// The markers the splitter looks for in one state, compiled for a fast scan.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a marker does when it matches.
enum MarkerRole: UInt8 {
    case open, close, tool, duplicateOpen, label, wrapperOpen, wrapperClose, strayClose
    // Harmony
    case message, start, channel, end
}

struct MarkerEntry {
    var offset: Int
    var length: Int
    var role: MarkerRole
    /// Which wrapper pair, for wrapper roles.
    var index: Int
}

/// The markers active in one state, shortest first so that the shortest full match at a position wins
/// (a rule that does not depend on where chunks end).
struct MarkerSet {
    var pool: [UInt8] = []
    var entries: [MarkerEntry] = []
    /// Bitmap of first bytes.
    var first: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// The only first byte, when all markers share it (then the scan is a memchr).
    var single: UInt8? = nil

    var isEmpty: Bool { entries.isEmpty }

    init() {}

    init(_ items: [([UInt8], MarkerRole, Int)]) {
        let sorted = items.filter { !$0.0.isEmpty }.enumerated()
            .sorted { ($0.element.0.count, $0.offset) < ($1.element.0.count, $1.offset) }.map(\.element)
        var firsts = Set<UInt8>()
        for (bytes, role, index) in sorted {
            entries.append(MarkerEntry(offset: pool.count, length: bytes.count, role: role, index: index))
            pool.append(contentsOf: bytes)
            firsts.insert(bytes[0])
            let b = Int(bytes[0])
            switch b >> 6 {
            case 0: first.0 |= 1 << UInt64(b & 63)
            case 1: first.1 |= 1 << UInt64(b & 63)
            case 2: first.2 |= 1 << UInt64(b & 63)
            default: first.3 |= 1 << UInt64(b & 63)
            }
        }
        single = firsts.count == 1 ? firsts.first : nil
    }

    @inline(__always)
    func isFirst(_ b: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: return first.0 & bit != 0
        case 1: return first.1 & bit != 0
        case 2: return first.2 & bit != 0
        default: return first.3 & bit != 0
        }
    }

    /// The first offset in `[from, end)` where a marker could begin, or `end`.
    @inline(__always)
    func nextCandidate(_ buf: UnsafeRawBufferPointer, from: Int, end: Int) -> Int {
        if from >= end { return end }
        if let s = single {
            let base = buf.baseAddress!
            // Short runs are cheaper to walk than to hand to memchr.
            if end - from <= 16 {
                var i = from
                while i < end { if buf[i] == s { return i }; i += 1 }
                return end
            }
            guard let hit = memchr(base + from, Int32(s), end - from) else { return end }
            return base.distance(to: UnsafeRawPointer(hit))
        }
        var i = from
        while i < end && !isFirst(buf[i]) { i += 1 }
        return i
    }
}

enum MatchResult {
    case none
    /// The input ended while what is there is still the start of a marker.
    case partial
    case full(MarkerEntry)
}
