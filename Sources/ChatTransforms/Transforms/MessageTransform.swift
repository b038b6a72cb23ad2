// The shape of one `stscript pipe` step, and the byte search its fast checks use.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One step of `stscript pipe`: changes a chat message in place, or leaves it alone.
public protocol MessageTransform: Sendable {
    /// A cheap look at the raw line: false promises that `apply` would change nothing, so the line is copied
    /// through without being decoded. `sawUnicodeEscape` says whether any string held a `\u` escape.
    func mightApply(to line: UnsafeRawBufferPointer, sawUnicodeEscape: Bool) -> Bool
    /// Changes the message; returns whether anything changed.
    func apply(to message: inout ObjectEditor) throws -> Bool
}

extension MessageTransform {
    public func mightApply(to line: UnsafeRawBufferPointer, sawUnicodeEscape: Bool) -> Bool { true }
}

enum Bytes {
    /// Whether `needle` occurs in `hay`. Sixteen positions at a time: a position is a candidate only when both the
    /// needle's first and last bytes sit where they should, which rules out almost every position at once.
    static func contains(_ hay: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        let n = needle.count
        guard n > 0 else { return true }
        guard let base = hay.baseAddress, hay.count >= n else { return false }
        return needle.withUnsafeBytes { needleBytes in
            guard let nb = needleBytes.baseAddress else { return false }
            let total = hay.count
            let first = SIMD16<UInt8>(repeating: needle[0]), last = SIMD16<UInt8>(repeating: needle[n - 1])
            var i = 0
            while i + n - 1 + 16 <= total {
                let a = (base + i).loadUnaligned(as: SIMD16<UInt8>.self)
                let b = (base + i + n - 1).loadUnaligned(as: SIMD16<UInt8>.self)
                let hits = (a .== first) .& (b .== last)
                if any(hits) {
                    for k in 0..<16 where hits[k] && memcmp(base + i + k, nb, n) == 0 { return true }
                }
                i += 16
            }
            while i + n <= total {
                if memcmp(base + i, nb, n) == 0 { return true }
                i += 1
            }
            return false
        }
    }

    /// How `text` appears inside a JSON string literal written by JSON.stringify (without the quotes).
    static func encodedInsideString(_ text: String) -> [UInt8] {
        Array(JSONStringBytes.encode(text).dropFirst().dropLast())
    }
}
