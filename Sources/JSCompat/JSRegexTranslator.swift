// Translates an ECMAScript regex pattern into ICU syntax for NSRegularExpression, keeping JavaScript's
// meaning: ASCII `\d \w \s \b`, `.` and `^ $` over JavaScript's line terminators, Annex B literal braces,
// legacy octal escapes, named groups turned into numbered ones (names are resolved here, not by ICU).

struct JSRegexTranslation {
    var icuPattern: String
    var captureCount: Int
    /// Named groups in pattern order with their capture numbers.
    var groupNames: [(name: String, index: Int)]
}

struct JSRegexTranslator {
    private let scalars: [Unicode.Scalar]
    private let flags: JSRegexFlags
    private var position = 0
    private var output = ""
    private var totalGroups = 0
    private var names: [(name: String, index: Int)] = []
    private var openedGroups = 0
    /// Groups some backreference points at (numbers, after names are resolved).
    private var referencedGroups: Set<Int> = []
    private var unicodeMode: Bool { flags.contains(.unicode) || flags.contains(.unicodeSets) }

    private static let maximumGroupNesting = 500
    private static let lineTerminators = "\\n\\r\\x{2028}\\x{2029}"
    private static let wordClass = "[A-Za-z0-9_]"
    private static let notWordClass = "[^A-Za-z0-9_]"
    private static let spaceSetBody =
        "\\t\\n\\x{0B}\\f\\r\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}"

    init(pattern: String, flags: JSRegexFlags) {
        self.scalars = Array(pattern.unicodeScalars)
        self.flags = flags
    }

    static func translate(_ pattern: String, flags: JSRegexFlags) throws(JSRegexError) -> JSRegexTranslation {
        var translator = JSRegexTranslator(pattern: pattern, flags: flags)
        return try translator.run(source: pattern)
    }

    private mutating func run(source: String) throws(JSRegexError) -> JSRegexTranslation {
        try countGroups(source: source)
        try translateDisjunction(source: source, depth: 0)
        if position < scalars.count {
            // Only an unmatched `)` stops the top-level disjunction early.
            throw JSRegexError.syntax(source: source, flags: flags, message: "Unmatched ')'")
        }
        return JSRegexTranslation(icuPattern: output.isEmpty ? "(?:)" : output, captureCount: totalGroups, groupNames: names)
    }

    // MARK: - Group prepass

    /// Counts capturing groups and collects their names, because `\N` means a backreference only when the
    /// whole pattern has at least N groups (JavaScript decides this before matching, forward references too).
    private mutating func countGroups(source: String) throws(JSRegexError) {
        var i = 0
        var inClass = false
        var count = 0
        var referencedNames: Set<String> = []
        var referencedNumbers: Set<Int> = []
        while i < scalars.count {
            let c = scalars[i]
            if c == "\\" {
                if !inClass, i + 1 < scalars.count {
                    if ("1"..."9").contains(scalars[i + 1]) {
                        var j = i + 1
                        var digits = ""
                        while j < scalars.count, ("0"..."9").contains(scalars[j]), digits.count < 9 {
                            digits.unicodeScalars.append(scalars[j])
                            j += 1
                        }
                        if let number = Int(digits) { referencedNumbers.insert(number) }
                    } else if scalars[i + 1] == "k", i + 2 < scalars.count, scalars[i + 2] == "<" {
                        var j = i + 3
                        var name = ""
                        while j < scalars.count, scalars[j] != ">" {
                            name.unicodeScalars.append(scalars[j])
                            j += 1
                        }
                        referencedNames.insert(name)
                    }
                }
                i += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
            } else if c == "[" {
                inClass = true
            } else if c == "(" {
                if i + 1 < scalars.count, scalars[i + 1] == "?" {
                    if i + 2 < scalars.count, scalars[i + 2] == "<",
                       i + 3 < scalars.count, scalars[i + 3] != "=", scalars[i + 3] != "!" {
                        count += 1
                        var j = i + 3
                        var name = ""
                        while j < scalars.count, scalars[j] != ">" {
                            name.unicodeScalars.append(scalars[j])
                            j += 1
                        }
                        guard j < scalars.count, Self.isValidGroupName(name) else {
                            throw .syntax(source: source, flags: flags, message: "Invalid capture group name")
                        }
                        if names.contains(where: { $0.name == name }) {
                            throw .syntax(source: source, flags: flags, message: "Duplicate capture group name")
                        }
                        names.append((name, count))
                    }
                } else {
                    count += 1
                }
            }
            i += 1
        }
        totalGroups = count
        referencedGroups = referencedNumbers.filter { $0 <= count }
            .union(names.filter { referencedNames.contains($0.name) }.map(\.index))
    }

    private static func isValidGroupName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return false }
        func isStart(_ s: Unicode.Scalar) -> Bool { s == "$" || s == "_" || s.properties.isIDStart }
        func isPart(_ s: Unicode.Scalar) -> Bool {
            s == "$" || s == "_" || s == "\u{200C}" || s == "\u{200D}" || s.properties.isIDContinue
        }
        return isStart(first) && name.unicodeScalars.dropFirst().allSatisfy(isPart)
    }

    // MARK: - Disjunction / alternatives

    private var atEnd: Bool { position >= scalars.count }
    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    /// What the previous item was, for the quantifier that may follow it.
    private enum Quantifiable {
        case no
        case yes
        /// Annex B lets a lookahead take a quantifier: with minimum 0 it may be skipped, else it is checked once.
        case lookahead
        /// Outside u mode an astral character is two UTF-16 units and a quantifier binds to the second one
        /// only; on well-formed text that still means the character once (or never, for a minimum of 2+).
        case astralCharacter
        /// A capturing group: made optional (`?`) while a backreference points at it, it becomes `(X|)` so
        /// the backreference matches empty when the group is skipped, as in JavaScript (ICU would fail it).
        case captureGroup(Int)
    }

    /// Translates alternatives until the end of the pattern or a `)` closing the current group (left unread).
    private mutating func translateDisjunction(source: String, depth: Int) throws(JSRegexError) {
        var last = Quantifiable.no
        var lastStart = output.utf8.count
        var lastWasQuantifier = false
        func quantify(_ text: String, minimum: Int) throws(JSRegexError) {
            if case .no = last { throw .syntax(source: source, flags: flags, message: "Nothing to repeat") }
            guard !lastWasQuantifier else {
                throw .syntax(source: source, flags: flags, message: "Nothing to repeat")
            }
            lastWasQuantifier = true
            switch last {
            case .yes:
                output += text
                appendLazyMarker()
            case .captureGroup(let number):
                let optional = text == "?" || text == "{0,1}"
                guard optional, referencedGroups.contains(number),
                      let group = String(output.utf8.dropFirst(lastStart)), group.count >= 2 else {
                    output += text
                    appendLazyMarker()
                    break
                }
                let inner = group.dropFirst().dropLast()
                let lazy = peek() == "?"
                if lazy { position += 1 }
                output = (String(output.utf8.prefix(lastStart)) ?? output) + (lazy ? "(|\(inner))" : "(\(inner)|)")
            case .lookahead:
                if peek() == "?" { position += 1 }
                if minimum == 0 { output = String(output.utf8.prefix(lastStart)) ?? output }
            case .astralCharacter:
                if peek() == "?" { position += 1 }
                if minimum >= 2 { output = (String(output.utf8.prefix(lastStart)) ?? output) + "(?!)" }
            case .no:
                break
            }
        }
        while let c = peek() {
            if !(c == "*" || c == "+" || c == "?" || c == "{") {
                lastStart = output.utf8.count
            }
            switch c {
            case "|":
                output += "|"
                position += 1
                last = .no
                lastWasQuantifier = false
            case ")":
                return
            case "*", "+", "?":
                position += 1
                try quantify(String(Character(c)), minimum: c == "+" ? 1 : 0)
            case "{":
                if let (quantifier, minimum) = try readBraceQuantifier(source: source) {
                    try quantify(quantifier, minimum: minimum)
                } else {
                    if unicodeMode {
                        throw .syntax(source: source, flags: flags, message: "Lone quantifier brackets")
                    }
                    lastStart = output.utf8.count
                    output += "\\{"
                    position += 1
                    last = .yes
                    lastWasQuantifier = false
                }
            case "(":
                last = try translateGroup(source: source, depth: depth)
                lastWasQuantifier = false
            case "[":
                try translateClass(source: source)
                last = .yes
                lastWasQuantifier = false
            case "^":
                output += flags.contains(.multiline)
                    ? "(?<![^\(Self.lineTerminators)])" : "(?<![\\s\\S])"
                position += 1
                last = .no
                lastWasQuantifier = false
            case "$":
                output += flags.contains(.multiline)
                    ? "(?![^\(Self.lineTerminators)])" : "(?![\\s\\S])"
                position += 1
                last = .no
                lastWasQuantifier = false
            case ".":
                output += flags.contains(.dotAll) ? "[\\x{0}-\\x{10FFFF}]" : "[^\(Self.lineTerminators)]"
                position += 1
                last = .yes
                lastWasQuantifier = false
            case "\\":
                last = try translateAtomEscape(source: source)
                lastWasQuantifier = false
            case "]", "}":
                if unicodeMode {
                    throw .syntax(source: source, flags: flags, message: "Lone quantifier brackets")
                }
                output += "\\"
                output.unicodeScalars.append(c)
                position += 1
                last = .yes
                lastWasQuantifier = false
            default:
                appendLiteral(c)
                position += 1
                last = c.value > 0xFFFF && !unicodeMode ? .astralCharacter : .yes
                lastWasQuantifier = false
            }
        }
    }

    private mutating func appendLazyMarker() {
        if peek() == "?" {
            output += "?"
            position += 1
        }
    }

    /// Reads `{n}`, `{n,}` or `{n,m}` at the cursor; nil (cursor unchanged) when the brace is not a quantifier.
    private mutating func readBraceQuantifier(source: String) throws(JSRegexError) -> (String, Int)? {
        var i = position + 1
        func digits() -> String {
            var text = ""
            while i < scalars.count, ("0"..."9").contains(scalars[i]) {
                text.unicodeScalars.append(scalars[i])
                i += 1
            }
            return text
        }
        let low = digits()
        guard !low.isEmpty else { return nil }
        var high: String? = low
        if i < scalars.count, scalars[i] == "," {
            i += 1
            let upper = digits()
            high = upper.isEmpty ? nil : upper
        }
        guard i < scalars.count, scalars[i] == "}" else { return nil }
        position = i + 1
        let lowValue = Self.clampedCount(low)
        if let high {
            let highValue = Self.clampedCount(high)
            if highValue < lowValue {
                throw .syntax(source: source, flags: flags, message: "numbers out of order in {} quantifier")
            }
            return ("{\(lowValue),\(highValue)}", lowValue)
        }
        return ("{\(lowValue),}", lowValue)
    }

    /// ICU limits repeat counts; JavaScript allows up to 2^53. Large counts are clamped to ICU's maximum,
    /// which only matters for texts longer than any chat message.
    private static func clampedCount(_ digits: String) -> Int {
        let value = Int(digits.prefix(10)) ?? Int.max
        return min(value, 2_147_483_647 / 2)
    }

    // MARK: - Groups

    /// Returns what kind of item the group is for a following quantifier.
    private mutating func translateGroup(source: String, depth: Int) throws(JSRegexError) -> Quantifiable {
        position += 1  // "("
        var quantifiable = Quantifiable.yes
        if peek() == "?" {
            switch (peek(1), peek(2)) {
            case (":", _):
                output += "(?:"
                position += 2
            case ("=", _), ("!", _):
                output += "(?"
                output.unicodeScalars.append(scalars[position + 1])
                position += 2
                quantifiable = unicodeMode ? .no : .lookahead
            case ("<", "="), ("<", "!"):
                output += "(?<"
                output.unicodeScalars.append(scalars[position + 2])
                position += 3
                quantifiable = .no
            case ("<", _):
                while let c = peek(), c != ">" { position += 1 }
                position += 1
                openedGroups += 1
                quantifiable = .captureGroup(openedGroups)
                output += "("
            default:
                throw .syntax(source: source, flags: flags, message: "Invalid group")
            }
        } else {
            openedGroups += 1
            quantifiable = .captureGroup(openedGroups)
            output += "("
        }
        // Groups nest by recursion; a bound keeps hostile patterns from exhausting the stack.
        guard depth < Self.maximumGroupNesting else {
            throw .syntax(source: source, flags: flags, message: "Regular expression too large")
        }
        try translateDisjunction(source: source, depth: depth + 1)
        guard peek() == ")" else {
            throw .syntax(source: source, flags: flags, message: "Unterminated group")
        }
        position += 1
        output += ")"
        return quantifiable
    }

    // MARK: - Escapes outside classes

    /// Translates `\…` outside a class; returns what kind of item it is for a following quantifier.
    private mutating func translateAtomEscape(source: String) throws(JSRegexError) -> Quantifiable {
        position += 1  // backslash
        guard let c = peek() else {
            throw .syntax(source: source, flags: flags, message: "\\ at end of pattern")
        }
        position += 1
        switch c {
        case "d": output += "[0-9]"
        case "D": output += "[^0-9]"
        case "w": output += Self.wordClass
        case "W": output += Self.notWordClass
        case "s": output += "[\(Self.spaceSetBody)]"
        case "S": output += "[^\(Self.spaceSetBody)]"
        case "b":
            output += "(?:(?<=\(Self.wordClass))(?!\(Self.wordClass))|(?<!\(Self.wordClass))(?=\(Self.wordClass)))"
            return .no
        case "B":
            output += "(?:(?<=\(Self.wordClass))(?=\(Self.wordClass))|(?<!\(Self.wordClass))(?!\(Self.wordClass)))"
            return .no
        case "1"..."9":
            position -= 1
            let start = position
            var number = ""
            while let d = peek(), ("0"..."9").contains(d) {
                number.unicodeScalars.append(d)
                position += 1
            }
            if let value = Int(number.prefix(9)), value <= totalGroups {
                output += "(?:\\\(value))"
                return .yes
            }
            if unicodeMode { throw .syntax(source: source, flags: flags, message: "Invalid escape") }
            position = start
            appendLiteral(readLegacyOctalOrIdentity())
        case "0":
            if let d = peek(), ("0"..."9").contains(d) {
                if unicodeMode { throw .syntax(source: source, flags: flags, message: "Invalid decimal escape") }
                position -= 1
                appendLiteral(readLegacyOctalOrIdentity())
            } else {
                appendLiteral("\u{0}")
            }
        case "p" where unicodeMode, "P" where unicodeMode:
            output += try readPropertyClass(source: source, negated: c == "P")
        case "k":
            if names.isEmpty {
                if unicodeMode { throw .syntax(source: source, flags: flags, message: "Invalid escape") }
                appendLiteral("k")
            } else {
                guard peek() == "<" else {
                    throw .syntax(source: source, flags: flags, message: "Invalid named reference")
                }
                position += 1
                var name = ""
                while let n = peek(), n != ">" {
                    name.unicodeScalars.append(n)
                    position += 1
                }
                guard peek() == ">", let group = names.first(where: { $0.name == name }) else {
                    throw .syntax(source: source, flags: flags, message: "Invalid named capture referenced")
                }
                position += 1
                output += "(?:\\\(group.index))"
            }
        default:
            position -= 1
            let scalar = try readCharacterEscape(source: source, inClass: false)
            if let scalar {
                appendLiteral(scalar)
                if scalar.value > 0xFFFF && !unicodeMode { return .astralCharacter }
            } else {
                // `\c` without a letter stands for a literal backslash followed by `c` (Annex B).
                appendLiteral("\\")
            }
        }
        return .yes
    }

    /// Reads a legacy octal escape (`\12`, up to \377) or, for `\8` and `\9`, the digit itself.
    private mutating func readLegacyOctalOrIdentity() -> Unicode.Scalar {
        guard let first = peek() else { return "\\" }
        if first == "8" || first == "9" {
            position += 1
            return first
        }
        var value: UInt32 = 0
        var count = 0
        while count < 3, let d = peek(), ("0"..."7").contains(d) {
            let next = value * 8 + (d.value - 48)
            if next > 0o377 { break }
            value = next
            position += 1
            count += 1
        }
        return Unicode.Scalar(value) ?? "\u{0}"
    }

    /// Reads a character escape at `\` + cursor (cursor on the letter): control, hex, unicode, identity.
    /// Returns nil for `\c` not followed by a letter (the caller emits a literal backslash and leaves `c`).
    private mutating func readCharacterEscape(source: String, inClass: Bool) throws(JSRegexError) -> Unicode.Scalar? {
        guard let c = peek() else {
            throw .syntax(source: source, flags: flags, message: "\\ at end of pattern")
        }
        position += 1
        switch c {
        case "t": return "\t"
        case "n": return "\n"
        case "v": return "\u{0B}"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "c":
            if let letter = peek(), ("a"..."z").contains(letter) || ("A"..."Z").contains(letter) {
                position += 1
                return Unicode.Scalar(letter.value % 32)
            }
            if inClass, !unicodeMode, let other = peek(), ("0"..."9").contains(other) || other == "_" {
                position += 1
                return Unicode.Scalar(other.value % 32)
            }
            if unicodeMode { throw .syntax(source: source, flags: flags, message: "Invalid unicode escape") }
            position -= 1  // leave `c` to be read as a literal
            return nil
        case "x":
            if let value = readHex(count: 2) { return Unicode.Scalar(value) }
            if unicodeMode { throw .syntax(source: source, flags: flags, message: "Invalid escape") }
            return "x"
        case "u":
            if unicodeMode, peek() == "{" {
                var i = position + 1
                var value: UInt32 = 0
                var digits = 0
                while i < scalars.count, let d = Self.hexValue(scalars[i]) {
                    value = value &* 16 &+ d
                    digits += 1
                    i += 1
                    if value > 0x10FFFF { break }
                }
                guard digits > 0, i < scalars.count, scalars[i] == "}", value <= 0x10FFFF else {
                    throw .syntax(source: source, flags: flags, message: "Invalid Unicode escape")
                }
                position = i + 1
                return Unicode.Scalar(value) ?? "\u{FFFD}"
            }
            if let value = readHex(count: 4) {
                // A surrogate pair written as two escapes is one character.
                if (0xD800...0xDBFF).contains(value), peek() == "\\", peek(1) == "u" {
                    let save = position
                    position += 2
                    if let low = readHex(count: 4), (0xDC00...0xDFFF).contains(low) {
                        return Unicode.Scalar(0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
                    }
                    position = save
                }
                return Unicode.Scalar(value) ?? "\u{FFFD}"
            }
            if unicodeMode { throw .syntax(source: source, flags: flags, message: "Invalid Unicode escape") }
            return "u"
        case "p", "P":
            if unicodeMode {
                // Handled by the caller for property classes; reaching here means a malformed one.
                throw .syntax(source: source, flags: flags, message: "Invalid property name")
            }
            return c
        default:
            if unicodeMode {
                let syntaxCharacters: Set<Unicode.Scalar> = ["^", "$", "\\", ".", "*", "+", "?", "(", ")", "[", "]",
                                                             "{", "}", "|", "/"]
                guard syntaxCharacters.contains(c) || (inClass && c == "-") else {
                    throw .syntax(source: source, flags: flags, message: "Invalid escape")
                }
            }
            return c
        }
    }

    private mutating func readHex(count: Int) -> UInt32? {
        guard position + count <= scalars.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<count {
            guard let digit = Self.hexValue(scalars[position + offset]) else { return nil }
            value = value * 16 + digit
        }
        position += count
        return value
    }

    private static func hexValue(_ s: Unicode.Scalar) -> UInt32? {
        switch s {
        case "0"..."9": return s.value - 48
        case "a"..."f": return s.value - 87
        case "A"..."F": return s.value - 55
        default: return nil
        }
    }

    /// Reads `{Name}` or `{Name=Value}` after `\p` (u mode) and returns the ICU spelling.
    private mutating func readPropertyClass(source: String, negated: Bool) throws(JSRegexError) -> String {
        guard peek() == "{" else {
            throw .syntax(source: source, flags: flags, message: "Invalid property name")
        }
        var i = position + 1
        var body = ""
        while i < scalars.count, scalars[i] != "}" {
            let s = scalars[i]
            guard s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" || s == "=" else {
                throw .syntax(source: source, flags: flags, message: "Invalid property name")
            }
            body.unicodeScalars.append(s)
            i += 1
        }
        guard i < scalars.count, !body.isEmpty else {
            throw .syntax(source: source, flags: flags, message: "Invalid property name")
        }
        position = i + 1
        return (negated ? "\\P{" : "\\p{") + body + "}"
    }

    // MARK: - Character classes

    private enum ClassItem {
        case scalar(Unicode.Scalar)
        case set(String)  // an ICU set expression such as `[0-9]`
    }

    private mutating func translateClass(source: String) throws(JSRegexError) {
        position += 1  // "["
        var negated = false
        if peek() == "^" {
            negated = true
            position += 1
        }
        var items: [String] = []
        var pending: [ClassItem] = []
        var closed = false
        while let c = peek() {
            if c == "]" {
                position += 1
                closed = true
                break
            }
            pending.append(try readClassAtom(source: source))
            // A range needs atom, '-', atom, with the '-' not closing the class.
            if pending.count == 1, peek() == "-", let after = peek(1), after != "]" {
                position += 1
                let upper = try readClassAtom(source: source)
                if case .scalar(let low) = pending[0], case .scalar(let high) = upper {
                    guard low.value <= high.value else {
                        throw .syntax(source: source, flags: flags, message: "Range out of order in character class")
                    }
                    items.append(Self.escaped(low) + "-" + Self.escaped(high))
                } else {
                    if unicodeMode {
                        throw .syntax(source: source, flags: flags, message: "Invalid character class")
                    }
                    // Annex B: a class escape next to '-' makes the '-' literal.
                    items.append(Self.render(pending[0]))
                    items.append("\\-")
                    items.append(Self.render(upper))
                }
                pending.removeAll()
                continue
            }
            items.append(contentsOf: pending.map(Self.render))
            pending.removeAll()
        }
        guard closed else {
            throw .syntax(source: source, flags: flags, message: "Unterminated character class")
        }
        if items.isEmpty {
            // `[]` matches nothing, `[^]` matches any character.
            output += negated ? "[\\x{0}-\\x{10FFFF}]" : "(?!)"
            return
        }
        output += (negated ? "[^" : "[") + items.joined() + "]"
    }

    private mutating func readClassAtom(source: String) throws(JSRegexError) -> ClassItem {
        guard let c = peek() else {
            throw .syntax(source: source, flags: flags, message: "Unterminated character class")
        }
        guard c == "\\" else {
            position += 1
            return .scalar(c)
        }
        position += 1
        guard let e = peek() else {
            throw .syntax(source: source, flags: flags, message: "\\ at end of pattern")
        }
        switch e {
        case "d": position += 1; return .set("[0-9]")
        case "D": position += 1; return .set("[^0-9]")
        case "w": position += 1; return .set(Self.wordClass)
        case "W": position += 1; return .set(Self.notWordClass)
        case "s": position += 1; return .set("[\(Self.spaceSetBody)]")
        case "S": position += 1; return .set("[^\(Self.spaceSetBody)]")
        case "b": position += 1; return .scalar("\u{08}")
        case "-": position += 1; return .scalar("-")
        case "p" where unicodeMode, "P" where unicodeMode:
            position += 1
            return .set(try readPropertyClass(source: source, negated: e == "P"))
        case "0"..."9":
            if e == "0", !(peek(1).map { ("0"..."9").contains($0) } ?? false) {
                position += 1
                return .scalar("\u{0}")
            }
            if unicodeMode { throw .syntax(source: source, flags: flags, message: "Invalid class escape") }
            return .scalar(readLegacyOctalOrIdentity())
        case "k" where !unicodeMode:
            position += 1
            return .scalar("k")
        default:
            if let scalar = try readCharacterEscape(source: source, inClass: true) {
                return .scalar(scalar)
            }
            return .scalar("\\")
        }
    }

    private static func render(_ item: ClassItem) -> String {
        switch item {
        case .scalar(let s): return escaped(s)
        case .set(let set): return set
        }
    }

    /// A literal for use inside an ICU set or pattern: letters and digits as they are, everything else as
    /// `\x{…}` so ICU never reads it as syntax.
    private static func escaped(_ s: Unicode.Scalar) -> String {
        if s.isASCII, s.properties.isAlphabetic || ("0"..."9").contains(s) {
            return String(Character(s))
        }
        return "\\x{" + String(s.value, radix: 16) + "}"
    }

    private mutating func appendLiteral(_ s: Unicode.Scalar) {
        output += Self.escaped(s)
    }
}
