// JavaScript's replacement patterns (GetSubstitution): `$$`, `$&`, `` $` ``, `$'`, `$n`/`$nn`, `$<name>`.
// Also the string-search forms of `replace`/`replaceAll`, which expand the same patterns.

/// A replacement string split once into literal text and `$` references.
struct JSReplacementTemplate {
    enum Part {
        case literal([UInt16])
        case dollar                   // `$$`
        case matched                  // `$&`
        case before                   // `` $` ``
        case after                    // `$'`
        case group(oneDigit: Int, twoDigits: Int?)  // resolved against the capture count at expansion
        case named(String)            // `$<name>`
    }

    let parts: [Part]

    /// Without named groups in the regex, `$<` is plain text (and what follows is read normally).
    init(_ template: String, hasNamedGroups: Bool = false) {
        let units = Array(template.utf16)
        var parts: [Part] = []
        var literal: [UInt16] = []
        var i = 0
        let dollar = UInt16(UInt8(ascii: "$"))
        func digit(_ unit: UInt16) -> Int? {
            unit >= 48 && unit <= 57 ? Int(unit - 48) : nil
        }
        func flush() {
            if !literal.isEmpty { parts.append(.literal(literal)); literal.removeAll() }
        }
        while i < units.count {
            let unit = units[i]
            guard unit == dollar, i + 1 < units.count else {
                literal.append(unit)
                i += 1
                continue
            }
            let next = units[i + 1]
            switch next {
            case dollar: flush(); parts.append(.dollar); i += 2
            case UInt16(UInt8(ascii: "&")): flush(); parts.append(.matched); i += 2
            case UInt16(UInt8(ascii: "`")): flush(); parts.append(.before); i += 2
            case UInt16(UInt8(ascii: "'")): flush(); parts.append(.after); i += 2
            case UInt16(UInt8(ascii: "<")) where hasNamedGroups:
                if let close = units[(i + 2)...].firstIndex(of: UInt16(UInt8(ascii: ">"))) {
                    flush()
                    parts.append(.named(String(decoding: units[(i + 2)..<close], as: UTF16.self)))
                    i = close + 1
                } else {
                    literal.append(unit)
                    i += 1
                }
            default:
                if let first = digit(next) {
                    flush()
                    let second = i + 2 < units.count ? digit(units[i + 2]) : nil
                    parts.append(.group(oneDigit: first, twoDigits: second.map { first * 10 + $0 }))
                    i += second == nil ? 2 : 3
                } else {
                    literal.append(unit)
                    i += 1
                }
            }
        }
        flush()
        self.parts = parts
    }

    /// The replacement for one match (captures and positions in UTF-16 of `subject`).
    func expand(match: JSRegexMatch, subject: JSRegexSubject) -> String {
        var out: [UInt16] = []
        let captureCount = match.captures.count - 1
        for part in parts {
            switch part {
            case .literal(let units): out.append(contentsOf: units)
            case .dollar: out.append(UInt16(UInt8(ascii: "$")))
            case .matched: out.append(contentsOf: match.matched.utf16)
            case .before: out.append(contentsOf: subject.units[0..<match.index])
            case .after: out.append(contentsOf: subject.units[min(match.end, subject.units.count)...])
            case .group(let one, let two):
                if let two, two >= 1, two <= captureCount {
                    out.append(contentsOf: (match.captures[two] ?? "").utf16)
                } else if one >= 1, one <= captureCount {
                    out.append(contentsOf: (match.captures[one] ?? "").utf16)
                    if let two { out.append(UInt16(48 + two % 10)) }
                } else {
                    // Not a group: the text stays as written.
                    out.append(UInt16(UInt8(ascii: "$")))
                    out.append(UInt16(48 + one))
                    if let two { out.append(UInt16(48 + two % 10)) }
                }
            case .named(let name):
                out.append(contentsOf: (match.group(named: name) ?? "").utf16)
            }
        }
        return String(decoding: out, as: UTF16.self)
    }
}

extension JSString {
    /// `text.replace(search, replacement)` with a string search: the first occurrence only, `$` patterns
    /// expanded (`$&` is the search text; there are no groups).
    public static func replaceFirst(_ text: String, _ search: String, with replacement: String) -> String {
        let subject = JSRegexSubject(text)
        let needle = Array(search.utf16)
        guard let index = indexOf(subject.units, needle, from: 0) else { return text }
        let match = JSRegexMatch(captures: [search], groups: nil, index: index, length: needle.count)
        let expanded = JSReplacementTemplate(replacement).expand(match: match, subject: subject)
        return subject.slice(0, index) + expanded + subject.slice(index + needle.count, subject.units.count)
    }

    /// `text.replaceAll(search, replacement)` with a string search, `$` patterns expanded per occurrence.
    /// An empty search matches between every UTF-16 unit.
    public static func replaceAll(_ text: String, _ search: String, with replacement: String) -> String {
        let subject = JSRegexSubject(text)
        let needle = Array(search.utf16)
        let template = JSReplacementTemplate(replacement)
        var positions: [Int] = []
        var from = 0
        while let index = indexOf(subject.units, needle, from: from) {
            positions.append(index)
            from = index + max(needle.count, 1)
        }
        if positions.isEmpty { return text }
        var out: [UInt16] = []
        var cursor = 0
        for index in positions {
            out.append(contentsOf: subject.units[cursor..<index])
            let match = JSRegexMatch(captures: [search], groups: nil, index: index, length: needle.count)
            out.append(contentsOf: template.expand(match: match, subject: subject).utf16)
            cursor = index + needle.count
        }
        out.append(contentsOf: subject.units[cursor...])
        return String(decoding: out, as: UTF16.self)
    }

    /// `text.indexOf(search)` in UTF-16 units, or nil.
    public static func indexOf(_ text: String, _ search: String, from: Int = 0) -> Int? {
        indexOf(Array(text.utf16), Array(search.utf16), from: from)
    }

    static func indexOf(_ units: [UInt16], _ needle: [UInt16], from: Int) -> Int? {
        let start = max(0, from)
        if needle.isEmpty { return start <= units.count ? start : nil }
        guard needle.count <= units.count else { return nil }
        var i = start
        let last = units.count - needle.count
        while i <= last {
            if units[i] == needle[0], units[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}

extension JSRegex {
    /// SillyTavern's `regexFromString`: `/pattern/flags` (flags from `gmixXsuUAJ`, no repeats) or a bare
    /// pattern; other flag letters make the whole input the pattern; anything JavaScript rejects gives nil.
    /// Quirks kept: the text is searched (not anchored) for `(/?)(.+)\1([a-z]*)`, so `.` stops at a newline.
    public static func fromSillyTavernString(_ input: String) -> JSRegex? {
        guard let (pattern, flagText) = sillyTavernParts(input) else { return nil }
        let allowed = Set("gmixXsuUAJ")
        if !flagText.isEmpty, !(Set(flagText).count == flagText.count && flagText.allSatisfy(allowed.contains)) {
            return try? JSRegex(pattern: input, flags: "")
        }
        return try? JSRegex(pattern: pattern, flags: flagText)
    }

    /// The pattern and flag text that SillyTavern's `input.match(/(\/?)(.+)\1([a-z]*)/i)` extracts.
    static func sillyTavernParts(_ input: String) -> (pattern: String, flags: String)? {
        let units = Array(input.utf16)
        let slash = UInt16(UInt8(ascii: "/"))
        func isTerminator(_ u: UInt16) -> Bool { u == 0x0A || u == 0x0D || u == 0x2028 || u == 0x2029 }
        func isLetter(_ u: UInt16) -> Bool { (u >= 65 && u <= 90) || (u >= 97 && u <= 122) }
        // Try each start position, as String.prototype.match does for an unanchored regex.
        for start in 0..<units.count {
            // Group 1 is "/" if possible, else empty; `.+` is greedy and backtracks.
            for useSlash in [true, false] {
                var bodyStart = start
                if useSlash {
                    guard units[start] == slash else { continue }
                    bodyStart = start + 1
                }
                var lineEnd = bodyStart
                while lineEnd < units.count, !isTerminator(units[lineEnd]) { lineEnd += 1 }
                guard lineEnd > bodyStart else { continue }
                // Longest body first.
                var bodyEnd = lineEnd
                while bodyEnd > bodyStart {
                    var cursor = bodyEnd
                    if useSlash {
                        guard cursor < units.count, units[cursor] == slash else { bodyEnd -= 1; continue }
                        cursor += 1
                    }
                    var flagEnd = cursor
                    while flagEnd < units.count, isLetter(units[flagEnd]) { flagEnd += 1 }
                    let pattern = String(decoding: units[bodyStart..<bodyEnd], as: UTF16.self)
                    let flags = String(decoding: units[cursor..<flagEnd], as: UTF16.self)
                    return (pattern, flags)
                }
            }
        }
        return nil
    }
}
