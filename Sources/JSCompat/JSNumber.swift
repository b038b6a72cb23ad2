// JavaScript number semantics: `Number(text)`, `parseInt`, `parseFloat`, Number → String, `Math.round`.
// STscript's commands convert and print numbers the way SillyTavern's JavaScript does; these functions are
// the single place where that behaviour lives.

import Foundation

/// JavaScript number conversions and printing, as `Number()`, `parseInt`, `parseFloat` and `String(n)` do them.
public enum JSNumber {

    // MARK: - Number(text)

    /// `Number(text)`: surrounding JavaScript whitespace is ignored, blank text is 0, `0x`/`0o`/`0b` integers,
    /// decimal literals with exponents, `Infinity` with a sign; anything else is NaN.
    public static func parse(_ text: String) -> Double {
        if let value = parseShortInteger(text.utf8) { return value }
        let trimmed = JSWhitespace.trim(text)
        if trimmed.isEmpty { return 0 }
        let bytes = Array(trimmed.utf8)
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            switch bytes[1] {
            case UInt8(ascii: "x"), UInt8(ascii: "X"): return parseRadixInteger(bytes[2...], radix: 16)
            case UInt8(ascii: "o"), UInt8(ascii: "O"): return parseRadixInteger(bytes[2...], radix: 8)
            case UInt8(ascii: "b"), UInt8(ascii: "B"): return parseRadixInteger(bytes[2...], radix: 2)
            default: break
            }
        }
        guard let length = decimalLiteralLength(bytes[...]), length == bytes.count else { return .nan }
        return decimalValue(bytes[...])
    }

    /// Fast path for the common case: an optional `-` and up to 15 ASCII digits, nothing else.
    private static func parseShortInteger(_ utf8: String.UTF8View) -> Double? {
        var value: Int64 = 0
        var count = 0
        var negative = false
        for byte in utf8 {
            if count == 0 && !negative && byte == UInt8(ascii: "-") {
                negative = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), count < 15 else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            count += 1
        }
        guard count > 0 else { return nil }
        // `-0` keeps its sign, as Number("-0") does.
        return negative ? -Double(value) : Double(value)
    }

    /// True when `Number(text)` is not NaN (blank text counts as a number, 0, as in JavaScript).
    public static func isNumeric(_ text: String) -> Bool {
        !parse(text).isNaN
    }

    /// SillyTavern's common "is this a number" test: non-blank text whose `Number()` is not NaN.
    public static func isNonBlankNumeric(_ text: String) -> Bool {
        !JSWhitespace.trim(text).isEmpty && !parse(text).isNaN
    }

    // MARK: - parseFloat / parseInt

    /// `parseFloat(text)`: leading whitespace skipped, the longest decimal literal prefix (or `Infinity`) is read;
    /// no prefix → NaN. Hexadecimal is not recognised (`parseFloat("0x10")` is 0).
    public static func parseFloat(_ text: String) -> Double {
        let bytes = Array(JSWhitespace.trimStart(text).utf8)
        guard let length = decimalLiteralPrefixLength(bytes[...]) else { return .nan }
        return decimalValue(bytes[0..<length])
    }

    /// `parseInt(text, radix)`: leading whitespace skipped, optional sign, `0x` prefix when the radix is 16 or
    /// absent (0); reads digits valid in the radix until the first other character; no digits → NaN.
    public static func parseInt(_ text: String, radix: Int = 0) -> Double {
        var bytes = Array(JSWhitespace.trimStart(text).utf8)[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var base = radix
        if base != 0 && (base < 2 || base > 36) { return .nan }
        if base == 0 || base == 16, bytes.count >= 2, bytes[bytes.startIndex] == UInt8(ascii: "0"),
           bytes[bytes.startIndex + 1] | 0x20 == UInt8(ascii: "x") {
            bytes = bytes.dropFirst(2)
            base = 16
        }
        if base == 0 { base = 10 }
        let digits = bytes.prefix { digitValue($0).map { $0 < base } ?? false }
        if digits.isEmpty { return .nan }
        let magnitude: Double
        if base == 10 {
            // Decimal digits go through the correctly rounded decimal reader.
            magnitude = decimalValue(digits)
        } else {
            magnitude = accumulate(digits, radix: base)
        }
        return negative ? -magnitude : magnitude
    }

    // MARK: - Number → String

    /// `String(number)` in JavaScript: shortest round-trip digits; plain notation from 1e-6 up to below 1e21,
    /// exponent notation (`1e+21`, `1.5e-7`) outside; `-0` prints `0`; `NaN`, `Infinity`, `-Infinity`.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return "0" }
        if value < 0 { return "-" + format(-value) }
        if value < 1e21, value == value.rounded(.towardZero), value < 9_007_199_254_740_992 {
            // Integers below 2^53 print as their digits; this is the common case.
            return String(Int64(value))
        }
        let (digits, n) = shortestDigits(value)
        let k = digits.count
        if k <= n && n <= 21 {
            return digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            let split = digits.index(digits.startIndex, offsetBy: n)
            return digits[..<split] + "." + digits[split...]
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + digits
        }
        let exponent = n - 1
        let exponentText = exponent >= 0 ? "e+\(exponent)" : "e-\(-exponent)"
        if k == 1 { return digits + exponentText }
        return String(digits.prefix(1)) + "." + String(digits.dropFirst()) + exponentText
    }

    // MARK: - Math

    /// `Math.round`: the nearest integer, halves rounded up towards +∞ (2.5 → 3, −2.5 → −2).
    public static func round(_ value: Double) -> Double {
        if !value.isFinite { return value }
        let floor = value.rounded(.down)
        let rounded = value - floor >= 0.5 ? floor + 1 : floor
        // JavaScript keeps the sign of zero for inputs in [-0.5, 0).
        if rounded == 0 && value.sign == .minus { return -0.0 }
        return rounded
    }

    /// `ToInt32` as JavaScript's bitwise operators use it (NaN and infinities → 0, wraps modulo 2^32).
    public static func toInt32(_ value: Double) -> Int32 {
        guard value.isFinite else { return 0 }
        let truncated = value.rounded(.towardZero)
        let modulo = truncated.truncatingRemainder(dividingBy: 4_294_967_296)
        let positive = modulo < 0 ? modulo + 4_294_967_296 : modulo
        return Int32(truncatingIfNeeded: UInt32(positive))
    }

    /// `ToIntegerOrInfinity`: NaN → 0, otherwise truncated toward zero (used by `slice`, `substring` indexes).
    public static func toIntegerOrInfinity(_ value: Double) -> Double {
        if value.isNaN { return 0 }
        if value.isInfinite { return value }
        let truncated = value.rounded(.towardZero)
        return truncated == 0 ? 0 : truncated
    }

    // MARK: - Internals

    /// Shortest round-trip decimal digits (no leading/trailing zeros) and the exponent n with
    /// value = 0.d1d2…dk × 10^n, read from Swift's own shortest representation.
    static func shortestDigits(_ value: Double) -> (digits: String, n: Int) {
        let text = value.description  // e.g. "1.2345678901234568e+20", "1e-07", "123.456"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var integerPart = mantissa
        var fractionPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        var all = String(integerPart) + String(fractionPart)
        var n = integerPart.count + exponent
        while all.first == "0" {
            all.removeFirst()
            n -= 1
        }
        while all.last == "0" { all.removeLast() }
        if all.isEmpty { return ("0", 1) }
        return (all, n)
    }

    /// Length of a StrDecimalLiteral at the start of `bytes` (sign, digits, fraction, exponent, or Infinity),
    /// nil when there is none.
    static func decimalLiteralPrefixLength(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        let infinity = Array("Infinity".utf8)
        if bytes[i...].starts(with: infinity) { return i + infinity.count - bytes.startIndex }
        var digitCount = 0
        while i < bytes.endIndex, isDigit(bytes[i]) { i += 1; digitCount += 1 }
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: ".") {
            var j = i + 1
            var fractionCount = 0
            while j < bytes.endIndex, isDigit(bytes[j]) { j += 1; fractionCount += 1 }
            if digitCount + fractionCount > 0 {
                i = j
                digitCount += fractionCount
            }
        }
        if digitCount == 0 { return nil }
        if i < bytes.endIndex, bytes[i] | 0x20 == UInt8(ascii: "e") {
            var j = i + 1
            if j < bytes.endIndex, bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-") { j += 1 }
            var exponentDigits = 0
            while j < bytes.endIndex, isDigit(bytes[j]) { j += 1; exponentDigits += 1 }
            if exponentDigits > 0 { i = j }
        }
        return i - bytes.startIndex
    }

    /// Like `decimalLiteralPrefixLength` but requires an exponent marker to be complete (for `Number()`, where
    /// `"1e"` is NaN; the caller checks the whole text was consumed).
    static func decimalLiteralLength(_ bytes: ArraySlice<UInt8>) -> Int? {
        decimalLiteralPrefixLength(bytes)
    }

    /// Value of a validated decimal literal (or `Infinity`).
    static func decimalValue(_ bytes: ArraySlice<UInt8>) -> Double {
        var body = bytes
        var negative = false
        if let first = body.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            body = body.dropFirst()
        }
        let magnitude: Double
        if body.first == UInt8(ascii: "I") {
            magnitude = .infinity
        } else {
            var text = String(decoding: body, as: UTF8.self)
            // strtod wants a digit before the point; JavaScript accepts ".5" and "5.".
            if text.hasPrefix(".") { text = "0" + text }
            magnitude = Double(text) ?? .nan
        }
        return negative ? -magnitude : magnitude
    }

    static func parseRadixInteger(_ bytes: ArraySlice<UInt8>, radix: Int) -> Double {
        guard !bytes.isEmpty, bytes.allSatisfy({ digitValue($0).map { $0 < radix } ?? false }) else { return .nan }
        return accumulate(bytes, radix: radix)
    }

    /// Integer value of digits in a power-of-two or other radix; exact while it fits in 64 bits.
    static func accumulate(_ digits: ArraySlice<UInt8>, radix: Int) -> Double {
        var exact: UInt64 = 0
        var overflowed = false
        var approximate: Double = 0
        for byte in digits {
            let digit = digitValue(byte) ?? 0
            approximate = approximate * Double(radix) + Double(digit)
            if !overflowed {
                let (product, o1) = exact.multipliedReportingOverflow(by: UInt64(radix))
                let (sum, o2) = product.addingReportingOverflow(UInt64(digit))
                if o1 || o2 { overflowed = true } else { exact = sum }
            }
        }
        return overflowed ? approximate : Double(exact)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }
}

/// JavaScript's whitespace set (WhiteSpace + LineTerminator), used by `trim()` and `Number()`.
public enum JSWhitespace {
    public static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F,
             0x205F, 0x3000, 0xFEFF:
            return true
        default:
            return false
        }
    }

    /// `String.prototype.trim()`.
    public static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isWhitespace($0) }) else { return "" }
        guard let last = scalars.lastIndex(where: { !isWhitespace($0) }) else { return "" }
        return String(scalars[start...last])
    }

    /// `String.prototype.trimStart()`.
    public static func trimStart(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isWhitespace($0) }) else { return "" }
        return String(scalars[start...])
    }

    /// `String.prototype.trimEnd()`.
    public static func trimEnd(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let last = scalars.lastIndex(where: { !isWhitespace($0) }) else { return "" }
        return String(scalars[...last])
    }

    /// Byte length of the JavaScript whitespace character starting at `i` (UTF-8), or 0.
    public static func length(_ b: UnsafeRawBufferPointer, at i: Int) -> Int {
        let n = b.count
        guard i < n else { return 0 }
        let c0 = b[i]
        switch c0 {
        case 0x09...0x0D, 0x20: return 1
        case 0xC2: return i + 1 < n && b[i + 1] == 0xA0 ? 2 : 0
        case 0xE1: return i + 2 < n && b[i + 1] == 0x9A && b[i + 2] == 0x80 ? 3 : 0
        case 0xE2:
            guard i + 2 < n else { return 0 }
            let c1 = b[i + 1], c2 = b[i + 2]
            if c1 == 0x80 && (c2 <= 0x8A && c2 >= 0x80 || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF) { return 3 }
            if c1 == 0x81 && c2 == 0x9F { return 3 }
            return 0
        case 0xE3: return i + 2 < n && b[i + 1] == 0x80 && b[i + 2] == 0x80 ? 3 : 0
        case 0xEF: return i + 2 < n && b[i + 1] == 0xBB && b[i + 2] == 0xBF ? 3 : 0
        default: return 0
        }
    }

    /// Byte length of the JavaScript whitespace character ending just before `end` (UTF-8), or 0.
    public static func length(_ b: UnsafeRawBufferPointer, endingAt end: Int) -> Int {
        if end >= 1, length(b, at: end - 1) == 1 { return 1 }
        if end >= 2, length(b, at: end - 2) == 2 { return 2 }
        if end >= 3, length(b, at: end - 3) == 3 { return 3 }
        return 0
    }

    /// `String.prototype.trim` on a range of UTF-8 bytes: the range without its leading and trailing whitespace.
    public static func trim(_ b: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper { let w = length(b, at: lower); if w == 0 || lower + w > upper { break }; lower += w }
        while upper > lower { let w = length(b, endingAt: upper); if w == 0 || upper - w < lower { break }; upper -= w }
        return lower..<upper
    }
}
