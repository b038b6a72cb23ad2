// A validating JSON scanner over raw bytes that allocates nothing per value: it only learns where things are.
// Pipe mode uses it to check every line and to find a message's members without decoding the line.
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// One member of a JSON object, as byte offsets into the scanned buffer.
public struct JSONMember: Sendable, Equatable {
    /// Offset of the key's opening quote.
    public var keyStart: Int
    /// Offset just past the key's closing quote.
    public var keyEnd: Int
    /// Whether the key contains a backslash escape (then compare it decoded).
    public var keyHasEscape: Bool
    public var valueStart: Int
    public var valueEnd: Int

    public var valueRange: Range<Int> { valueStart..<valueEnd }
}

/// Why a line is not JSON; only the fact is reported to users (lines pass through unchanged and are counted).
public struct JSONScanError: Error, Sendable, Equatable {
    public var offset: Int
}

/// Kinds of value, decided by the first byte.
public enum JSONKind: Sendable, Equatable {
    case object, array, string, number, bool, null

    static func of(_ byte: UInt8) -> JSONKind? {
        switch byte {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: return nil
        }
    }
}

private let quote = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")

/// Scans JSON text held in `bytes` (which must stay valid while the scanner is used).
public struct JSONScanner {
    public let bytes: UnsafeRawBufferPointer
    private let base: UnsafePointer<UInt8>
    private let end: Int
    /// Set when any string seen so far held a `\u` escape (a marker might be spelled with one).
    public private(set) var sawUnicodeEscape = false
    /// Open containers deeper than 64: true = object.
    private var stack: [Bool] = []
    /// Set by `stringEnd` when a string held an escape (cleared by callers that want to know).
    private var escapeSeen = false

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.end = bytes.count
        if let address = bytes.baseAddress {
            self.base = address.assumingMemoryBound(to: UInt8.self)
        } else {
            // An empty buffer still needs a valid pointer; nothing is ever read from it.
            self.base = UnsafePointer(bitPattern: 1)!
        }
    }

    // MARK: whole lines

    /// Validates that `range` holds exactly one JSON value (surrounding whitespace allowed). When that value is an
    /// object, its members are written into `members` (cleared first); otherwise `members` ends up empty.
    /// Returns the kind of the value.
    @discardableResult
    public mutating func scanDocument(_ range: Range<Int>, members: inout [JSONMember]) throws(JSONScanError) -> JSONKind {
        members.removeAll(keepingCapacity: true)
        var i = skipWhitespace(range.lowerBound, range.upperBound)
        guard i < range.upperBound, let kind = JSONKind.of(base[i]) else { throw JSONScanError(offset: i) }
        if kind == .object {
            i = try scanMembers(objectAt: i, limit: range.upperBound, into: &members)
        } else {
            i = try skipValue(at: i, limit: range.upperBound)
        }
        i = skipWhitespace(i, range.upperBound)
        guard i == range.upperBound else { throw JSONScanError(offset: i) }
        return kind
    }

    // MARK: parts of an already validated buffer

    /// The members of the object starting at `start` (must be `{`).
    public mutating func members(ofObjectAt start: Int, limit: Int? = nil) throws(JSONScanError) -> [JSONMember] {
        var out: [JSONMember] = []
        _ = try scanMembers(objectAt: start, limit: limit ?? end, into: &out)
        return out
    }

    /// `members(ofObjectAt:)` into a reused array (cleared first).
    public mutating func members(ofObjectAt start: Int, limit: Int, into out: inout [JSONMember]) throws(JSONScanError) {
        out.removeAll(keepingCapacity: true)
        _ = try scanMembers(objectAt: start, limit: limit, into: &out)
    }

    /// The value ranges of the array starting at `start` (must be `[`).
    public mutating func elements(ofArrayAt start: Int, limit: Int? = nil) throws(JSONScanError) -> [Range<Int>] {
        var out: [Range<Int>] = []
        try elements(ofArrayAt: start, limit: limit ?? end, into: &out)
        return out
    }

    /// `elements(ofArrayAt:)` into a reused array (cleared first); with `upTo`, only that many first elements.
    public mutating func elements(ofArrayAt start: Int, limit: Int, upTo wanted: Int = Int.max,
                                  into out: inout [Range<Int>]) throws(JSONScanError) {
        out.removeAll(keepingCapacity: true)
        guard start < limit, base[start] == UInt8(ascii: "[") else { throw JSONScanError(offset: start) }
        var i = skipWhitespace(start + 1, limit)
        if i < limit, base[i] == UInt8(ascii: "]") { return }
        while out.count < wanted {
            i = skipWhitespace(i, limit)
            let valueStart = i
            i = try skipValue(at: i, limit: limit)
            out.append(valueStart..<i)
            i = skipWhitespace(i, limit)
            guard i < limit else { throw JSONScanError(offset: i) }
            if base[i] == UInt8(ascii: ",") { i += 1; continue }
            if base[i] == UInt8(ascii: "]") { return }
            throw JSONScanError(offset: i)
        }
    }

    // MARK: scanning
    //
    // The loops below work on locals only (the buffer's base, the limit, flags) and use wrapping arithmetic on
    // offsets that cannot overflow (they stay within the buffer); errors come back as -1 and become a throw at the
    // edge. That keeps the per-token work at a few instructions: lines hold dozens of short strings.

    private mutating func scanMembers(objectAt start: Int, limit: Int, into out: inout [JSONMember]) throws(JSONScanError) -> Int {
        let b = base, end = self.end
        var unicode = false
        defer { if unicode { sawUnicodeEscape = true } }
        guard start < limit, b[start] == UInt8(ascii: "{") else { throw JSONScanError(offset: start) }
        var i = Self.whitespaceEnd(b, start &+ 1, limit)
        if i < limit, b[i] == UInt8(ascii: "}") { return i &+ 1 }
        while true {
            i = Self.whitespaceEnd(b, i, limit)
            guard i < limit, b[i] == quote else { throw JSONScanError(offset: i) }
            let keyStart = i
            var escaped = false
            i = Self.stringEnd(b, i, limit, end, &escaped, &unicode)
            guard i >= 0 else { throw JSONScanError(offset: keyStart) }
            let keyEnd = i
            if i >= limit || b[i] != UInt8(ascii: ":") {
                i = Self.whitespaceEnd(b, i, limit)
                guard i < limit, b[i] == UInt8(ascii: ":") else { throw JSONScanError(offset: i) }
            }
            i = Self.whitespaceEnd(b, i &+ 1, limit)
            let valueStart = i
            // Strings (most members) are scanned here; only other values take the general loop.
            if i < limit && b[i] == quote {
                var ignored = false
                i = Self.stringEnd(b, i, limit, end, &ignored, &unicode)
            } else {
                i = Self.valueEnd(b, i, limit, end, &unicode, &stack)
            }
            guard i >= 0 else { throw JSONScanError(offset: valueStart) }
            out.append(JSONMember(keyStart: keyStart, keyEnd: keyEnd, keyHasEscape: escaped,
                                  valueStart: valueStart, valueEnd: i))
            i = Self.whitespaceEnd(b, i, limit)
            guard i < limit else { throw JSONScanError(offset: i) }
            if b[i] == UInt8(ascii: ",") { i &+= 1; continue }
            if b[i] == UInt8(ascii: "}") { return i &+ 1 }
            throw JSONScanError(offset: i)
        }
    }

    /// Skips one value starting at `start`; returns the offset just past it.
    public mutating func skipValue(at start: Int, limit: Int) throws(JSONScanError) -> Int {
        var unicode = false
        let i = Self.valueEnd(base, start, limit, end, &unicode, &stack)
        if unicode { sawUnicodeEscape = true }
        guard i >= 0 else { throw JSONScanError(offset: start) }
        return i
    }

    /// Skips a string starting at its opening quote; returns the offset past the closing quote and whether it held
    /// an escape.
    public mutating func skipString(at start: Int, limit: Int) throws(JSONScanError) -> (Int, Bool) {
        var escaped = false, unicode = false
        let i = Self.stringEnd(base, start, limit, end, &escaped, &unicode)
        if unicode { sawUnicodeEscape = true }
        guard i >= 0 else { throw JSONScanError(offset: start) }
        return (i, escaped)
    }

    /// The end of the value at `start` (whitespace before it allowed), or -1. One loop for the whole value, no call
    /// per token; nesting is a bit stack, spilling to `stack` past depth 64.
    private static func valueEnd(_ b: UnsafePointer<UInt8>, _ start: Int, _ limit: Int, _ end: Int,
                                 _ unicode: inout Bool, _ stack: inout [Bool]) -> Int {
        var depth = 0
        var kinds: UInt64 = 0  // bit d set = container at depth d+1 is an object
        var i = start
        var escaped = false
        var expectKey = false  // in an object, after `{` or `,`: a key and its colon come first
        while true {
            // One value (or key). Compact JSON has no whitespace: look before calling.
            if i < limit && b[i] <= 0x20 { i = whitespaceEnd(b, i, limit) }
            guard i < limit else { return -1 }
            let c = b[i]
            if c == quote {
                // The one place strings are scanned (keys and values), so it is inlined once.
                i = stringEnd(b, i, limit, end, &escaped, &unicode)
                if i < 0 { return -1 }
                if expectKey {
                    if i >= limit || b[i] != UInt8(ascii: ":") {
                        i = whitespaceEnd(b, i, limit)
                        guard i < limit, b[i] == UInt8(ascii: ":") else { return -1 }
                    }
                    i &+= 1
                    expectKey = false
                    continue
                }
            } else if expectKey {
                return -1
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                let isObject = c == UInt8(ascii: "{")
                i = whitespaceEnd(b, i &+ 1, limit)
                guard i < limit else { return -1 }
                if b[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    i &+= 1
                } else {
                    if depth < 64 {
                        if isObject { kinds |= 1 &<< UInt64(depth) } else { kinds &= ~(1 &<< UInt64(depth)) }
                    } else {
                        stack.append(isObject)
                    }
                    depth &+= 1
                    expectKey = isObject
                    continue
                }
            } else if c == UInt8(ascii: "t") || c == UInt8(ascii: "f") || c == UInt8(ascii: "n") {
                i = literalEnd(b, i, limit)
                if i < 0 { return -1 }
            } else {
                i = numberEnd(b, i, limit)
                if i < 0 { return -1 }
            }
            // A value ended; close containers or move to the next element.
            while true {
                if depth == 0 { return i }
                if i < limit && b[i] <= 0x20 { i = whitespaceEnd(b, i, limit) }
                guard i < limit else { return -1 }
                let isObject = depth <= 64 ? kinds & (1 &<< UInt64(depth &- 1)) != 0 : stack[depth &- 65]
                let d = b[i]
                i &+= 1
                if d == UInt8(ascii: ",") {
                    expectKey = isObject
                    break
                }
                guard d == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { return -1 }
                if depth > 64 { stack.removeLast() }
                depth &-= 1
            }
        }
    }

    /// The offset past the closing quote of the string opening at `start`, or -1. Thirty-two bytes at a time: a
    /// mask of the quotes, backslashes and control characters among them gives the next byte to look at directly.
    /// Bytes past `limit` may be loaded (while within the buffer) but never count.
    @inline(__always)
    private static func stringEnd(_ b: UnsafePointer<UInt8>, _ start: Int, _ limit: Int, _ end: Int,
                                  _ escaped: inout Bool, _ unicode: inout Bool) -> Int {
        var i = start &+ 1
        while true {
            var mask: UInt32 = 0
            while i &+ 32 <= limit {
                mask = specialMask(b + i) | specialMask(b + (i &+ 16)) &<< 16
                if mask != 0 { break }
                i &+= 32
            }
            if mask == 0 {
                // Fewer than 32 bytes of the line are left.
                if i &+ 32 <= end {
                    let inLine = UInt32(truncatingIfNeeded: (UInt64(1) &<< UInt64(truncatingIfNeeded: max(0, limit &- i))) &- 1)
                    mask = (specialMask(b + i) | specialMask(b + (i &+ 16)) &<< 16) & inLine
                    if mask == 0 { return -1 }
                } else {
                    while i < limit, b[i] != quote, b[i] != backslash, b[i] >= 0x20 { i &+= 1 }
                    if i >= limit { return -1 }
                    mask = 1
                }
            }
            i &+= mask.trailingZeroBitCount
            let c = b[i]
            if c == quote { return i &+ 1 }
            guard c == backslash else { return -1 }  // a raw control character
            escaped = true
            i = escapeEnd(b, i, limit, &unicode)
            if i < 0 { return -1 }
        }
    }

    /// The offset past the escape sequence at `start` (a backslash) when JSON allows it, else -1.
    private static func escapeEnd(_ b: UnsafePointer<UInt8>, _ start: Int, _ limit: Int, _ unicode: inout Bool) -> Int {
        guard start &+ 1 < limit else { return -1 }
        switch b[start &+ 1] {
        case quote, backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return start &+ 2
        case UInt8(ascii: "u"):
            guard start &+ 6 <= limit, isHex(b[start &+ 2]), isHex(b[start &+ 3]), isHex(b[start &+ 4]),
                  isHex(b[start &+ 5]) else { return -1 }
            unicode = true
            return start &+ 6
        default:
            return -1
        }
    }

    /// Bit k set when byte k of the sixteen at `p` is a quote, a backslash or below 0x20 (without SSE2 only the
    /// lowest such bit is set, which is all callers use).
    @inline(__always)
    static func specialMask(_ p: UnsafePointer<UInt8>) -> UInt32 {
        #if arch(x86_64)
        let v = UnsafeRawPointer(p).loadUnaligned(as: __m128i.self)
        let quotes = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x22)), backslashes = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x5C))
        let controls = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F))  // v <= 0x1F
        return UInt32(truncatingIfNeeded: _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quotes, backslashes), controls)))
        #else
        let low = specialFlags(UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        if low != 0 { return 1 << UInt32(low.trailingZeroBitCount >> 3) }
        let high = specialFlags(UnsafeRawPointer(p + 8).loadUnaligned(as: UInt64.self))
        return high == 0 ? 0 : 1 << UInt32(8 + high.trailingZeroBitCount >> 3)
        #endif
    }

    /// High bit set in each byte of `w` that is a quote, a backslash or below 0x20 (exact for the lowest one).
    @inline(__always)
    static func specialFlags(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let q = w ^ (ones &* UInt64(quote)), b = w ^ (ones &* UInt64(backslash))
        return ((q &- ones) & ~q | (b &- ones) & ~b | (w &- ones &* 0x20) & ~w) & highs
    }

    /// The end of `true`, `false` or `null` at `start`, or -1.
    @inline(__always)
    private static func literalEnd(_ b: UnsafePointer<UInt8>, _ start: Int, _ limit: Int) -> Int {
        func word(_ at: Int) -> UInt32 { UnsafeRawPointer(b + at).loadUnaligned(as: UInt32.self).littleEndian }
        guard start &+ 4 <= limit else { return -1 }
        switch word(start) {
        case 0x6575_7274, 0x6C6C_756E: return start &+ 4  // "true", "null"
        case 0x736C_6166: return start &+ 5 <= limit && b[start &+ 4] == UInt8(ascii: "e") ? start &+ 5 : -1  // "fals"
        default: return -1
        }
    }

    /// The end of the number at `start`, or -1.
    private static func numberEnd(_ b: UnsafePointer<UInt8>, _ start: Int, _ limit: Int) -> Int {
        var i = start
        if i < limit, b[i] == UInt8(ascii: "-") { i &+= 1 }
        guard i < limit, isDigit(b[i]) else { return -1 }
        if b[i] == UInt8(ascii: "0") {
            i &+= 1
        } else {
            while i < limit, isDigit(b[i]) { i &+= 1 }
        }
        if i < limit, b[i] == UInt8(ascii: ".") {
            i &+= 1
            guard i < limit, isDigit(b[i]) else { return -1 }
            while i < limit, isDigit(b[i]) { i &+= 1 }
        }
        if i < limit, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i &+= 1
            if i < limit, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i &+= 1 }
            guard i < limit, isDigit(b[i]) else { return -1 }
            while i < limit, isDigit(b[i]) { i &+= 1 }
        }
        return i
    }

    @inline(__always)
    private static func whitespaceEnd(_ b: UnsafePointer<UInt8>, _ start: Int, _ limit: Int) -> Int {
        var i = start
        while i < limit {
            let c = b[i]
            guard c <= 0x20, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { break }
            i &+= 1
        }
        return i
    }

    @inline(__always)
    public func skipWhitespace(_ start: Int, _ limit: Int) -> Int {
        Self.whitespaceEnd(base, start, limit)
    }
}

@inline(__always) private func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }

@inline(__always) private func isHex(_ c: UInt8) -> Bool {
    isDigit(c) || (c | 0x20) &- UInt8(ascii: "a") < 6
}
