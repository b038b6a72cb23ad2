// The markers the splitter looks for in one state, compiled for a fast scan.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a marker does when it matches.
@usableFromInline
enum MarkerRole: UInt8, Sendable {
    case open, close, tool, duplicateOpen, label, wrapperOpen, wrapperClose, strayClose
    // Harmony
    case message, start, channel, end
}

@usableFromInline
struct MarkerEntry: Sendable {
    @usableFromInline var offset: Int
    @usableFromInline var length: Int
    @usableFromInline var role: MarkerRole
    /// Which wrapper pair, for wrapper roles.
    @usableFromInline var index: Int
}

/// The markers active in one state, shortest first so that the shortest full match at a position wins
/// (a rule that does not depend on where chunks end). A plain value of pointers and bits, so the hot loop
/// reads it without reference counting; `MarkerStorage` owns the memory.
@usableFromInline
struct MarkerSet: @unchecked Sendable {  // points into immutable MarkerStorage memory
    @usableFromInline var entries: UnsafePointer<MarkerEntry>? = nil
    @usableFromInline var count = 0
    @usableFromInline var pool: UnsafePointer<UInt8>? = nil
    /// Bitmap of first bytes.
    @usableFromInline var first: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// The only first byte, when all markers share it (then the scan is a memchr); -1 otherwise.
    @usableFromInline var single = -1
    /// Bitmap of second bytes, when every marker has one: a quick reject for near misses like `< b`.
    @usableFromInline var second: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    @usableFromInline var hasSecond = false
    /// The only second byte, when every marker has one and they all share it (a pair scan finds candidates); -1 otherwise.
    @usableFromInline var secondSingle = -1

    @inlinable var isEmpty: Bool { count == 0 }

    @inlinable
    func isFirst(_ b: UInt8) -> Bool { MarkerSet.has(first, b) }

    @inlinable
    func isSecond(_ b: UInt8) -> Bool { MarkerSet.has(second, b) }

    @inlinable @inline(__always)
    static func has(_ map: (UInt64, UInt64, UInt64, UInt64), _ b: UInt8) -> Bool {
        // Selects rather than a switch: no jump table, no copy of the map to memory.
        let low = b < 64 ? map.0 : map.1, high = b < 192 ? map.2 : map.3
        return (b < 128 ? low : high) &>> UInt64(b & 63) & 1 != 0
    }

    static func set(_ map: inout (UInt64, UInt64, UInt64, UInt64), _ byte: UInt8) {
        let b = Int(byte)
        switch b >> 6 {
        case 0: map.0 |= 1 << UInt64(b & 63)
        case 1: map.1 |= 1 << UInt64(b & 63)
        case 2: map.2 |= 1 << UInt64(b & 63)
        default: map.3 |= 1 << UInt64(b & 63)
        }
    }

    /// The first offset in `[from, end)` where a marker could begin, or `end`.
    @inlinable
    func nextCandidate(_ buf: UnsafeRawBufferPointer, from: Int, end: Int) -> Int {
        if from >= end { return end }
        let base = buf.baseAddress!
        if single >= 0 {
            let s = UInt8(truncatingIfNeeded: single)
            // Short runs are cheaper to walk than to hand to memchr.
            if end - from <= 16 {
                var i = from
                while i < end {
                    if base.load(fromByteOffset: i, as: UInt8.self) == s { return i }
                    i += 1
                }
                return end
            }
            guard let hit = memchr(base + from, Int32(s), end - from) else { return end }
            return base.distance(to: UnsafeRawPointer(hit))
        }
        var i = from
        while i < end && !isFirst(base.load(fromByteOffset: i, as: UInt8.self)) { i += 1 }
        return i
    }

    /// Marker `k` (shortest first).
    @inlinable
    func entry(_ k: Int) -> MarkerEntry { entries.unsafelyUnwrapped[k] }

    /// Whether the `n` bytes at `p` equal the first `n` bytes of marker `m` (markers are short: no memcmp call).
    @inlinable @inline(__always)
    func same(_ buf: UnsafeRawBufferPointer, _ p: Int, _ m: MarkerEntry, _ n: Int) -> Bool {
        let a = buf.baseAddress.unsafelyUnwrapped + p
        let b = pool.unsafelyUnwrapped + m.offset
        var j = 0
        while j < n {
            if a.load(fromByteOffset: j, as: UInt8.self) != b[j] { return false }
            j += 1
        }
        return true
    }
}

/// Owns the memory of one compiled `MarkerSet`.
@usableFromInline
final class MarkerStorage: @unchecked Sendable {  // immutable after init
    @usableFromInline let set: MarkerSet
    private let entryMemory: UnsafeMutablePointer<MarkerEntry>
    private let poolMemory: UnsafeMutablePointer<UInt8>

    static let empty = MarkerStorage([])

    @usableFromInline
    init(_ items: [([UInt8], MarkerRole, Int)]) {
        let sorted = items.filter { !$0.0.isEmpty }.enumerated()
            .sorted { ($0.element.0.count, $0.offset) < ($1.element.0.count, $1.offset) }.map(\.element)
        let poolSize = sorted.reduce(0) { $0 + $1.0.count }
        entryMemory = .allocate(capacity: max(1, sorted.count))
        poolMemory = .allocate(capacity: max(1, poolSize))
        var set = MarkerSet()
        var firsts = Set<UInt8>()
        var offset = 0
        for (k, (bytes, role, index)) in sorted.enumerated() {
            (entryMemory + k).initialize(to: MarkerEntry(offset: offset, length: bytes.count, role: role, index: index))
            for (j, b) in bytes.enumerated() { poolMemory[offset + j] = b }
            offset += bytes.count
            firsts.insert(bytes[0])
            MarkerSet.set(&set.first, bytes[0])
            if bytes.count > 1 { MarkerSet.set(&set.second, bytes[1]) }
        }
        set.hasSecond = !sorted.isEmpty && sorted.allSatisfy { $0.0.count > 1 }
        set.entries = UnsafePointer(entryMemory)
        set.count = sorted.count
        set.pool = UnsafePointer(poolMemory)
        set.single = firsts.count == 1 ? Int(firsts.first!) : -1
        let seconds = Set(sorted.compactMap { $0.0.count > 1 ? $0.0[1] : nil })
        set.secondSingle = set.hasSecond && seconds.count == 1 ? Int(seconds.first!) : -1
        self.set = set
    }

    deinit {
        entryMemory.deallocate()
        poolMemory.deallocate()
    }
}

@usableFromInline
enum MatchResult: Sendable {
    case none
    /// The input ended while what is there is still the start of a marker.
    case partial
    case full(MarkerEntry)
}
