/// A script's text as the parser sees it: UTF-16 code units, so positions match JavaScript string indexes
/// (SillyTavern reports parse errors at such indexes).
public final class SourceText: @unchecked Sendable {
    /// The text as given.
    public let text: String
    /// The same text as UTF-16 code units; every position in the syntax tree indexes this array.
    public let units: [UInt16]

    public init(_ text: String) {
        self.text = text
        self.units = Array(text.utf16)
    }

    /// The text between two positions.
    public func slice(_ range: SourceRange) -> String {
        let start = max(0, min(range.start, units.count))
        let end = max(start, min(range.end, units.count))
        return makeString(units[start..<end])
    }

    /// 1-based line and column of a position (the column counts UTF-16 code units, as the browser does).
    public func location(of position: Int) -> (line: Int, column: Int) {
        let end = max(0, min(position, units.count))
        var line = 1
        var lineStart = 0
        var i = 0
        while i < end {
            if units[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        return (line, end - lineStart + 1)
    }

    /// The line holding `position` and a caret under the column, for error messages.
    public func caretSnippet(at position: Int) -> String {
        let pos = max(0, min(position, units.count))
        var start = pos
        while start > 0 && units[start - 1] != 0x0A { start -= 1 }
        var end = pos
        while end < units.count && units[end] != 0x0A { end += 1 }
        // Long lines are shown as a window around the position.
        if pos - start > 60 { start = pos - 40 }
        if end - pos > 60 { end = pos + 40 }
        let line = makeString(units[start..<end])
        // Pad with what the terminal shows before the position: tabs kept, wide characters two columns.
        let prefix = makeString(units[start..<pos])
        var pad = ""
        for scalar in prefix.unicodeScalars {
            if scalar == "\t" { pad += "\t" } else { pad += String(repeating: " ", count: DisplayWidth.columns(of: scalar)) }
        }
        return line + "\n" + pad + "^"
    }
}

/// A half-open range of UTF-16 positions in a `SourceText`.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
    public var description: String { "\(start)..<\(end)" }
}

/// UTF-16 code units to a String. Hand-written because the generic standard-library path is slow; lone
/// surrogates become U+FFFD as in `String(decoding:as:)`.
func makeString<C: RandomAccessCollection>(_ units: C) -> String where C.Element == UInt16, C.Index == Int {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(units.count)
    var i = units.startIndex
    let end = units.endIndex
    while i < end {
        let c = units[i]
        if c < 0x80 {
            bytes.append(UInt8(c))
        } else if c < 0x800 {
            bytes.append(UInt8(0xC0 | (c >> 6)))
            bytes.append(UInt8(0x80 | (c & 0x3F)))
        } else if c >= 0xD800 && c < 0xDC00, i + 1 < end, units[i + 1] >= 0xDC00, units[i + 1] < 0xE000 {
            let scalar = 0x10000 + ((UInt32(c) - 0xD800) << 10) + (UInt32(units[i + 1]) - 0xDC00)
            bytes.append(UInt8(0xF0 | (scalar >> 18)))
            bytes.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (scalar & 0x3F)))
            i += 1
        } else if c >= 0xD800 && c < 0xE000 {
            bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
        } else {
            bytes.append(UInt8(0xE0 | (c >> 12)))
            bytes.append(UInt8(0x80 | ((c >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (c & 0x3F)))
        }
        i += 1
    }
    return String(decoding: bytes, as: UTF8.self)
}
