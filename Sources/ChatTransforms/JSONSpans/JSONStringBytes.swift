#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// JSON string literals ⇄ Swift strings, at the byte level, written the way JSON.stringify writes them.

enum JSONStringBytes {
    /// The UTF-8 bytes of the string literal occupying `range` (quotes included); escapes resolved as `decode` does.
    static func decodeBytes(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, into out: inout [UInt8]) {
        let inner = (range.lowerBound + 1)..<(range.upperBound - 1)
        let slice = UnsafeRawBufferPointer(rebasing: bytes[inner])
        guard slice.count > 0 else { return }
        if memchr(slice.baseAddress!, Int32(UInt8(ascii: "\\")), slice.count) == nil {
            out.append(raw: slice, 0..<slice.count)
            return
        }
        unescape(slice, into: &out)
    }

    /// Decodes the string literal occupying `range` (quotes included) of a validated buffer.
    /// Lone surrogates (which Swift strings cannot hold) become U+FFFD, as a UTF-8 writer would make them.
    static func decode(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        let inner = (range.lowerBound + 1)..<(range.upperBound - 1)
        let slice = UnsafeRawBufferPointer(rebasing: bytes[inner])
        guard slice.count > 0 else { return "" }
        if memchr(slice.baseAddress!, Int32(UInt8(ascii: "\\")), slice.count) == nil {
            return String(decoding: slice, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        unescape(slice, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func unescape(_ slice: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        var i = 0
        let n = slice.count
        while i < n {
            // Copy the run up to the next backslash in one go.
            let next = memchr(slice.baseAddress! + i, Int32(UInt8(ascii: "\\")), n - i)
                .map { UnsafeRawPointer($0) - slice.baseAddress! } ?? n
            if next > i { out.append(raw: slice, i..<next) }
            i = next
            guard i + 1 < n else { if i < n { out.append(slice[i]) }; break }
            let e = slice[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4(slice, i) else { out.append(e); continue }
                i += 4
                var scalar: UInt32 = UInt32(unit)
                if (0xD800..<0xDC00).contains(unit) {
                    if i + 6 <= n, slice[i] == UInt8(ascii: "\\"), slice[i + 1] == UInt8(ascii: "u"),
                       let low = hex4(slice, i + 2), (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        i += 6
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00..<0xE000).contains(unit) {
                    scalar = 0xFFFD
                }
                appendUTF8(Unicode.Scalar(scalar) ?? "\u{FFFD}", to: &out)
            default: out.append(e)  // \" \\ \/
            }
        }
    }

    /// Appends `text` as a JSON string literal exactly as JSON.stringify spells it.
    static func encode(_ text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { encode(utf8: $0, into: &out) }
    }

    /// Appends UTF-8 text as a JSON string literal exactly as JSON.stringify spells it.
    static func encode(utf8: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        do {
            var runStart = 0
            var i = 0
            let n = utf8.count
            while i < n {
                // Skip clean bytes 16 at a time, then 8 (SWAR); only quotes, backslashes and controls need escapes.
                if i + 16 <= n {
                    let mask = JSONScanner.specialMask(utf8.baseAddress! + i)
                    if mask == 0 { i += 16; continue }
                    i += mask.trailingZeroBitCount
                } else if i + 8 <= n {
                    let w = UnsafeRawPointer(utf8.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                    let q = w ^ (ones &* 0x22), b = w ^ (ones &* 0x5C)
                    let flags = ((q &- ones) & ~q | (b &- ones) & ~b | (w &- ones &* 0x20) & ~w) & highs
                    if flags == 0 { i += 8; continue }
                    i += flags.trailingZeroBitCount >> 3
                }
                let c = utf8[i]
                i += 1
                guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
                let at = i - 1
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<at]))
                runStart = at + 1
                switch c {
                case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                default:
                    let digits: [UInt8] = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                            digits[Int(c >> 4)], digits[Int(c & 0xF)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        encode(text, into: &out)
        return out
    }

    private static func hex4(_ s: UnsafeRawBufferPointer, _ at: Int) -> UInt16? {
        guard at + 4 <= s.count else { return nil }
        var v: UInt16 = 0
        for k in 0..<4 {
            let c = s[at + k]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            v = v << 4 | UInt16(d)
        }
        return v
    }

    private static func appendUTF8(_ s: Unicode.Scalar, to out: inout [UInt8]) {
        UTF8.encode(s) { out.append($0) }
    }
}
