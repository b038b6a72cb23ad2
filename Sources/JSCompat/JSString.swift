// JavaScript string operations indexed in UTF-16 code units, as JavaScript strings are.

public enum JSString {
    /// `text.length` in JavaScript: UTF-16 code units (an emoji counts 2).
    public static func length(_ text: String) -> Int { text.utf16.count }

    /// `String.prototype.slice(start, end)`: negative indexes count from the end; nil end = to the end.
    public static func slice(_ text: String, _ start: Double, _ end: Double? = nil) -> String {
        let units = Array(text.utf16)
        let count = Double(units.count)
        func clamp(_ raw: Double) -> Int {
            let value = JSNumber.toIntegerOrInfinity(raw)
            let resolved = value < 0 ? max(count + value, 0) : min(value, count)
            return Int(resolved)
        }
        let from = clamp(start)
        let to = end.map(clamp) ?? units.count
        if from >= to { return "" }
        return String(decoding: units[from..<to], as: UTF16.self)
    }

    /// `String.prototype.substring(start, end)`: negatives and NaN are 0, arguments swapped when start > end.
    public static func substring(_ text: String, _ start: Double, _ end: Double? = nil) -> String {
        let units = Array(text.utf16)
        let count = Double(units.count)
        func clamp(_ raw: Double) -> Int { Int(min(max(JSNumber.toIntegerOrInfinity(raw), 0), count)) }
        let a = clamp(start)
        let b = end.map(clamp) ?? units.count
        return String(decoding: units[min(a, b)..<max(a, b)], as: UTF16.self)
    }

    /// Text of the UTF-16 range `from..<to` (clamped).
    public static func units(_ text: String, from: Int, to: Int) -> String {
        let units = Array(text.utf16)
        let lower = max(0, min(from, units.count))
        let upper = max(lower, min(to, units.count))
        return String(decoding: units[lower..<upper], as: UTF16.self)
    }

    /// `toUpperCase()` (locale-independent, full case mapping: `ß` → `SS`).
    public static func upper(_ text: String) -> String { text.uppercased() }

    /// `toLowerCase()` (locale-independent).
    public static func lower(_ text: String) -> String { text.lowercased() }

    /// `String.prototype.replaceAll(search, replacement)` with a literal string replacement (no `$` patterns
    /// are expanded here; callers that need them use `JSRegex`). An empty search inserts between every unit.
    public static func replaceAllLiteral(_ text: String, _ search: String, with replacement: String) -> String {
        if search.isEmpty {
            var result = replacement
            for unit in text.utf16 {
                result += String(decoding: [unit], as: UTF16.self)
                result += replacement
            }
            return result
        }
        return text.replacingAll(search, with: replacement)
    }
}

extension String {
    /// Literal replace-all on UTF-16 units without Foundation (Character-based matching would miss matches
    /// that split a grapheme cluster, which JavaScript still finds).
    func replacingAll(_ search: String, with replacement: String) -> String {
        let source = Array(utf16)
        let needle = Array(search.utf16)
        guard !needle.isEmpty, needle.count <= source.count else { return self }
        var output: [UInt16] = []
        output.reserveCapacity(source.count)
        let replacementUnits = Array(replacement.utf16)
        var i = 0
        while i < source.count {
            if i + needle.count <= source.count, source[i] == needle[0],
               source[i..<(i + needle.count)].elementsEqual(needle) {
                output.append(contentsOf: replacementUnits)
                i += needle.count
            } else {
                output.append(source[i])
                i += 1
            }
        }
        return String(decoding: output, as: UTF16.self)
    }
}
