// Byte-level search primitives shared by the template parse and the streaming splitter.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum ByteSearch {
    /// Whether `needle` occurs in `hay` at byte offset `at`.
    @inline(__always)
    static func hasPrefix(_ hay: UnsafeRawBufferPointer, at: Int, _ needle: UnsafeRawBufferPointer) -> Bool {
        let n = needle.count
        guard at >= 0, n <= hay.count - at else { return false }
        if n == 0 { return true }
        return memcmp(hay.baseAddress! + at, needle.baseAddress!, n) == 0
    }

    /// First offset ≥ `from` where `needle` occurs in `hay` (memchr on its first byte, then memcmp).
    static func find(_ needle: UnsafeRawBufferPointer, in hay: UnsafeRawBufferPointer, from: Int) -> Int? {
        let n = needle.count, total = hay.count
        guard n > 0 else { return from <= total ? from : nil }
        guard let base = hay.baseAddress, let nb = needle.baseAddress else { return nil }
        let first = Int32(needle[0])
        var i = from
        while i + n <= total {
            guard let hit = memchr(base + i, first, total - n + 1 - i) else { return nil }
            let at = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + at, nb, n) == 0 { return at }
            i = at + 1
        }
        return nil
    }

    /// First offset in `[from, to)` holding any byte of the 256-entry `table`, or `to`.
    @inline(__always)
    static func firstInSet(_ hay: UnsafeRawBufferPointer, from: Int, to: Int, _ table: UnsafePointer<Bool>) -> Int {
        var i = from
        while i < to && !table[Int(hay[i])] { i += 1 }
        return i
    }
}
