// A validating JSON scanner over raw bytes that allocates nothing per value: it only learns where things are.
// Pipe mode uses it to check every line and to find a message's members without decoding the line.

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

    /// `elements(ofArrayAt:)` into a reused array (cleared first).
    public mutating func elements(ofArrayAt start: Int, limit: Int, into out: inout [Range<Int>]) throws(JSONScanError) {
        out.removeAll(keepingCapacity: true)
        guard start < limit, base[start] == UInt8(ascii: "[") else { throw JSONScanError(offset: start) }
        var i = skipWhitespace(start + 1, limit)
        if i < limit, base[i] == UInt8(ascii: "]") { return }
        while true {
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

    private mutating func scanMembers(objectAt start: Int, limit: Int, into out: inout [JSONMember]) throws(JSONScanError) -> Int {
        guard start < limit, base[start] == UInt8(ascii: "{") else { throw JSONScanError(offset: start) }
        var i = skipWhitespace(start + 1, limit)
        if i < limit, base[i] == UInt8(ascii: "}") { return i + 1 }
        while true {
            i = skipWhitespace(i, limit)
            guard i < limit, base[i] == quote else { throw JSONScanError(offset: i) }
            let keyStart = i
            let keyHasEscape: Bool
            if let end = shortStringEnd(at: i, limit: limit) {
                (i, keyHasEscape) = (end, false)
            } else {
                (i, keyHasEscape) = try skipString(at: i, limit: limit)
            }
            let keyEnd = i
            i = skipWhitespace(i, limit)
            guard i < limit, base[i] == UInt8(ascii: ":") else { throw JSONScanError(offset: i) }
            i = skipWhitespace(i + 1, limit)
            let valueStart = i
            i = try skipValue(at: i, limit: limit)
            out.append(JSONMember(keyStart: keyStart, keyEnd: keyEnd, keyHasEscape: keyHasEscape,
                                  valueStart: valueStart, valueEnd: i))
            i = skipWhitespace(i, limit)
            guard i < limit else { throw JSONScanError(offset: i) }
            if base[i] == UInt8(ascii: ",") { i += 1; continue }
            if base[i] == UInt8(ascii: "}") { return i + 1 }
            throw JSONScanError(offset: i)
        }
    }

    /// Skips one value starting at `start`; returns the offset just past it. One loop for the whole value (no call
    /// per token: lines hold dozens of short strings); nesting is a bit stack, spilling to an array past depth 64.
    public mutating func skipValue(at start: Int, limit: Int) throws(JSONScanError) -> Int {
        var depth = 0
        var kinds: UInt64 = 0  // bit d set = container at depth d+1 is an object
        var i = start
        var expectKey = false
        while true {
            // Skip whitespace, then read one value (or, in an object, a key and its colon first).
            while i < limit, base[i] <= 0x20, base[i] == 0x20 || base[i] == 0x0A || base[i] == 0x0D || base[i] == 0x09 { i += 1 }
            guard i < limit else { throw JSONScanError(offset: i) }
            if expectKey {
                guard base[i] == quote else { throw JSONScanError(offset: i) }
                if let end = shortStringEnd(at: i, limit: limit) { i = end } else { i = try skipString(at: i, limit: limit).0 }
                while i < limit, base[i] == 0x20 || base[i] == 0x0A || base[i] == 0x0D || base[i] == 0x09 { i += 1 }
                guard i < limit, base[i] == UInt8(ascii: ":") else { throw JSONScanError(offset: i) }
                i += 1
                expectKey = false
                continue
            }
            let c = base[i]
            if c == quote {
                if let end = shortStringEnd(at: i, limit: limit) { i = end } else { i = try skipString(at: i, limit: limit).0 }
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                let isObject = c == UInt8(ascii: "{")
                i += 1
                while i < limit, base[i] == 0x20 || base[i] == 0x0A || base[i] == 0x0D || base[i] == 0x09 { i += 1 }
                if i < limit, base[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    i += 1
                } else {
                    push(isObject, &depth, &kinds)
                    expectKey = isObject
                    continue
                }
            } else if c == UInt8(ascii: "t") {
                i = try expectLiteral("true", at: i, limit: limit)
            } else if c == UInt8(ascii: "f") {
                i = try expectLiteral("false", at: i, limit: limit)
            } else if c == UInt8(ascii: "n") {
                i = try expectLiteral("null", at: i, limit: limit)
            } else {
                i = try skipNumber(at: i, limit: limit)
            }
            // A value ended; close containers or move to the next element.
            while true {
                if depth == 0 { return i }
                while i < limit, base[i] == 0x20 || base[i] == 0x0A || base[i] == 0x0D || base[i] == 0x09 { i += 1 }
                guard i < limit else { throw JSONScanError(offset: i) }
                let isObject = top(depth, kinds)
                let d = base[i]
                if d == UInt8(ascii: ",") {
                    i += 1
                    expectKey = isObject
                    break
                }
                if d == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    pop(&depth)
                    i += 1
                    continue
                }
                throw JSONScanError(offset: i)
            }
        }
    }

    @inline(__always)
    private mutating func push(_ isObject: Bool, _ depth: inout Int, _ kinds: inout UInt64) {
        if depth < 64 {
            if isObject { kinds |= 1 << UInt64(depth) } else { kinds &= ~(1 << UInt64(depth)) }
        } else {
            stack.append(isObject)
        }
        depth += 1
    }

    @inline(__always)
    private func top(_ depth: Int, _ kinds: UInt64) -> Bool {
        depth <= 64 ? kinds & (1 << UInt64(depth - 1)) != 0 : stack[depth - 65]
    }

    @inline(__always)
    private mutating func pop(_ depth: inout Int) {
        if depth > 64 { stack.removeLast() }
        depth -= 1
    }

    private mutating func skipKeyAndColon(at start: Int, limit: Int) throws(JSONScanError) -> Int {
        guard start < limit, base[start] == quote else { throw JSONScanError(offset: start) }
        var (i, _) = try skipString(at: start, limit: limit)
        i = skipWhitespace(i, limit)
        guard i < limit, base[i] == UInt8(ascii: ":") else { throw JSONScanError(offset: i) }
        return i + 1
    }

    /// Skips a string starting at its opening quote; returns the offset past the closing quote and whether it held
    /// an escape. Sixteen bytes at a time while none of them is a quote, a backslash or a control character.
    @inline(__always)
    public mutating func skipString(at start: Int, limit: Int) throws(JSONScanError) -> (Int, Bool) {
        var i = start + 1
        var escaped = false
        let quotes = SIMD16<UInt8>(repeating: quote)
        let backslashes = SIMD16<UInt8>(repeating: backslash)
        let controls = SIMD16<UInt8>(repeating: 0x20)
        while true {
            // Jump to the next quote, backslash or control character: 16 bytes at a time while there is none,
            // then the exact byte from eight-byte words (the lowest flagged byte of a word is the first one).
            while true {
                if i + 16 <= limit {
                    let v = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt8>.self)
                    if !any((v .== quotes) .| (v .== backslashes) .| (v .< controls)) { i += 16; continue }
                    let low = Self.specialFlags(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                    if low != 0 {
                        i += low.trailingZeroBitCount >> 3
                    } else {
                        i += 8 + Self.specialFlags(UnsafeRawPointer(base + i + 8).loadUnaligned(as: UInt64.self)).trailingZeroBitCount >> 3
                    }
                } else if i + 8 <= limit {
                    let flags = Self.specialFlags(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                    if flags == 0 { i += 8; continue }
                    i += flags.trailingZeroBitCount >> 3
                } else {
                    while i < limit, base[i] != quote, base[i] != backslash, base[i] >= 0x20 { i += 1 }
                }
                break
            }
            guard i < limit else { throw JSONScanError(offset: i) }
            let c = base[i]
            if c == quote { return (i + 1, escaped) }
            guard c == backslash else { throw JSONScanError(offset: i) }  // a raw control character
            escaped = true
            guard i + 1 < limit else { throw JSONScanError(offset: i) }
            switch base[i + 1] {
            case quote, backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                i += 2
            case UInt8(ascii: "u"):
                guard i + 6 <= limit, isHex(base[i + 2]), isHex(base[i + 3]), isHex(base[i + 4]),
                      isHex(base[i + 5]) else { throw JSONScanError(offset: i) }
                sawUnicodeEscape = true
                i += 6
            default:
                throw JSONScanError(offset: i)
            }
        }
    }

    /// The end of a string of at most 15 bytes with nothing to check inside (most keys and many values), found
    /// from two eight-byte words without a call; nil sends the string to `skipString`.
    @inline(__always)
    private func shortStringEnd(at start: Int, limit: Int) -> Int? {
        guard start + 17 <= limit else { return nil }
        let first = Self.specialFlags(UnsafeRawPointer(base + start + 1).loadUnaligned(as: UInt64.self))
        if first != 0 {
            let at = start + 1 + first.trailingZeroBitCount >> 3
            return base[at] == quote ? at + 1 : nil
        }
        let second = Self.specialFlags(UnsafeRawPointer(base + start + 9).loadUnaligned(as: UInt64.self))
        guard second != 0 else { return nil }
        let at = start + 9 + second.trailingZeroBitCount >> 3
        return base[at] == quote ? at + 1 : nil
    }

    /// High bit set in each byte of `w` that is a quote, a backslash or below 0x20 (exact for the lowest one).
    @inline(__always)
    static func specialFlags(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let q = w ^ (ones &* UInt64(quote)), b = w ^ (ones &* UInt64(backslash))
        return ((q &- ones) & ~q | (b &- ones) & ~b | (w &- ones &* 0x20) & ~w) & highs
    }

    private func skipNumber(at start: Int, limit: Int) throws(JSONScanError) -> Int {
        var i = start
        if i < limit, base[i] == UInt8(ascii: "-") { i += 1 }
        guard i < limit, isDigit(base[i]) else { throw JSONScanError(offset: i) }
        if base[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while i < limit, isDigit(base[i]) { i += 1 }
        }
        if i < limit, base[i] == UInt8(ascii: ".") {
            i += 1
            guard i < limit, isDigit(base[i]) else { throw JSONScanError(offset: i) }
            while i < limit, isDigit(base[i]) { i += 1 }
        }
        if i < limit, base[i] == UInt8(ascii: "e") || base[i] == UInt8(ascii: "E") {
            i += 1
            if i < limit, base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-") { i += 1 }
            guard i < limit, isDigit(base[i]) else { throw JSONScanError(offset: i) }
            while i < limit, isDigit(base[i]) { i += 1 }
        }
        return i
    }

    private func expectLiteral(_ word: StaticString, at start: Int, limit: Int) throws(JSONScanError) -> Int {
        let n = word.utf8CodeUnitCount
        guard start + n <= limit else { throw JSONScanError(offset: start) }
        let w = word.utf8Start
        for k in 0..<n where base[start + k] != w[k] { throw JSONScanError(offset: start + k) }
        return start + n
    }

    @inline(__always)
    public func skipWhitespace(_ start: Int, _ limit: Int) -> Int {
        var i = start
        while i < limit {
            let c = base[i]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { break }
            i += 1
        }
        return i
    }
}

@inline(__always) private func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }

@inline(__always) private func isHex(_ c: UInt8) -> Bool {
    isDigit(c) || (c | 0x20) &- UInt8(ascii: "a") < 6
}
