// The shape of one `stscript pipe` step, and the byte search its fast checks use.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// One step of `stscript pipe`: changes a chat message in place, or leaves it alone.
public protocol MessageTransform: Sendable {
    /// A cheap look at the raw line: false promises that `apply` would change nothing, so the line is copied
    /// through without being decoded.
    func mightApply(to line: LineView) -> Bool
    /// Changes the message; returns whether anything changed.
    func apply(to message: inout ObjectEditor) throws -> Bool
}

extension MessageTransform {
    public func mightApply(to line: LineView) -> Bool { true }
}

/// A scanned message line, before anything is decoded.
public struct LineView {
    /// The buffer holding the line (member offsets index into it).
    public let buffer: UnsafeRawBufferPointer
    public let range: Range<Int>
    /// The top-level members, in order.
    public let members: [JSONMember]
    /// Whether any string of the line held a `\u` escape (a marker might be spelled with one).
    public let sawUnicodeEscape: Bool

    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: buffer[range]) }

    /// The value bytes of the last top-level member named `key` (keys with escapes are not looked at).
    public func value(_ key: StaticString) -> UnsafeRawBufferPointer? {
        let n = key.utf8CodeUnitCount
        for member in members.reversed() where !member.keyHasEscape && member.keyEnd - member.keyStart == n + 2 {
            if memcmp(buffer.baseAddress! + member.keyStart + 1, key.utf8Start, n) == 0 {
                return UnsafeRawBufferPointer(rebasing: buffer[member.valueRange])
            }
        }
        return nil
    }

    /// Whether some key of the line has an escape (then `value` may miss it).
    public var hasEscapedKey: Bool { members.contains { $0.keyHasEscape } }
}

enum Bytes {
    /// Whether `needle` occurs in `hay`.
    static func contains(_ hay: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        firstIndex(of: needle, in: hay) != nil
    }

    /// Where `needle` first occurs in `hay`. Thirty-two positions at a time: a position is a candidate only when the
    /// needle's first two bytes sit there (a mask from SSE2 compares), which rules out almost every position at once
    /// (chat text is full of `<`, rarely of `<t`); candidates are then compared whole.
    static func firstIndex(of needle: [UInt8], in hay: UnsafeRawBufferPointer) -> Int? {
        let n = needle.count
        guard n > 0 else { return 0 }
        guard let base = hay.baseAddress, hay.count >= n else { return nil }
        return needle.withUnsafeBytes { needleBytes -> Int? in
            guard let nb = needleBytes.baseAddress else { return nil }
            let total = hay.count
            var i = 0
            #if arch(x86_64)
            if n >= 2 {
                let first = _mm_set1_epi8(Int8(bitPattern: needle[0])), second = _mm_set1_epi8(Int8(bitPattern: needle[1]))
                func pairs(_ at: Int) -> UInt32 {
                    let a = (base + at).loadUnaligned(as: __m128i.self), b = (base + at + 1).loadUnaligned(as: __m128i.self)
                    return UInt32(truncatingIfNeeded: _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, second))))
                }
                while i + 33 <= total {
                    var mask = pairs(i) | pairs(i + 16) << 16
                    while mask != 0 {
                        let k = i + mask.trailingZeroBitCount
                        if k + n <= total && memcmp(base + k, nb, n) == 0 { return k }
                        mask &= mask &- 1
                    }
                    i += 32
                }
            }
            #endif
            let head = needle[0]
            while i + n <= total {
                if base.load(fromByteOffset: i, as: UInt8.self) == head && memcmp(base + i, nb, n) == 0 { return i }
                i += 1
            }
            return nil
        }
    }

    /// How `text` appears inside a JSON string literal written by JSON.stringify (without the quotes).
    static func encodedInsideString(_ text: String) -> [UInt8] {
        Array(JSONStringBytes.encode(text).dropFirst().dropLast())
    }
}
