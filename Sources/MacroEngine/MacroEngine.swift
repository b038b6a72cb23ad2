import Foundation
import JSCompat

/// A text with `{{macros}}`, parsed once and expanded many times (SillyTavern's macro engine, "Macros 2.0").
///
/// Parsing applies the engine's pre-processing (the legacy `{{time_UTC+2}}` spelling and `<USER>`, `<BOT>`,
/// `<CHAR>`, `<GROUP>`, `<CHARIFNOTGROUP>` markers) and splits the text into literal runs and macro calls; nested
/// macros, `{{x}}…{{/x}}` blocks and `{{if}}` branches are resolved into a tree at the same time.
///
///     let template = MacroTemplate("Hello {{user}}, {{reverse::{{char}}}}")
///     MacroEngine.expand(template, in: environment)  // "Hello User, ecilA"
public struct MacroTemplate: Sendable {
    /// The text as given.
    public let source: String
    /// The pre-processed text the tree's offsets refer to.
    let units: [UInt16]
    let document: MacroDocument
    /// SillyTavern's `getStringHash` of the source; `{{pick}}` seeds on it.
    let contentHash: Double

    public init(_ source: String) {
        self.source = source
        let processed = MacroTemplate.preprocess(source)
        units = Array(processed.utf16)
        document = MacroParser(units: units).parseDocument(0..<units.count, positionBase: 0)
        contentHash = StringHash.hash(source)
    }

    /// True when expanding may change the text (it has a macro or an escaped brace); callers can skip `expand`
    /// otherwise.
    public var mayChange: Bool {
        if document.items.contains(where: { if case .macro = $0 { return true } else { return false } }) { return true }
        // Escaped braces are unescaped, and the legacy rewrites changed the text.
        return units.contains(Unit.backslash) || units.count != source.utf16.count
    }

    /// The legacy rewrites SillyTavern applies before parsing.
    static func preprocess(_ text: String) -> String {
        var hasAngle = false, hasLegacyTime = false
        let bytes = text.utf8
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in bytes {
            if byte == UInt8(ascii: "<") { hasAngle = true }
            // `{{t`: a possible `{{time_UTC…}}`, confirmed below.
            if previous == (UInt8(ascii: "{"), UInt8(ascii: "{")), byte | 0x20 == UInt8(ascii: "t") { hasLegacyTime = true }
            previous = (previous.1, byte)
        }
        guard hasAngle || hasLegacyTime else { return text }
        var result = text
        if hasLegacyTime, containsCaseInsensitive(result, "{{time_utc") {
            result = rewriteLegacyTime(result)
        }
        if hasAngle {
            for (marker, macro) in [("<USER>", "{{user}}"), ("<BOT>", "{{char}}"), ("<CHAR>", "{{char}}"),
                                    ("<GROUP>", "{{group}}"), ("<CHARIFNOTGROUP>", "{{charIfNotGroup}}")] {
                result = result.replacingOccurrences(of: marker, with: macro, options: .caseInsensitive)
            }
        }
        return result
    }

    /// ASCII case-insensitive substring test (`needle` lowercase).
    static func containsCaseInsensitive(_ text: String, _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        let bytes = Array(text.utf8)
        guard bytes.count >= pattern.count else { return false }
        for start in 0...(bytes.count - pattern.count) {
            var offset = 0
            while offset < pattern.count {
                let byte = bytes[start + offset]
                let lowered = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
                if lowered != pattern[offset] { break }
                offset += 1
            }
            if offset == pattern.count { return true }
        }
        return false
    }

    /// `{{time_UTC+2}}` → `{{time::UTC+2}}` (case-insensitive, digits required).
    static func rewriteLegacyTime(_ text: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: "\\{\\{time_(UTC[+-]\\d+)\\}\\}", options: [.caseInsensitive])
        else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return regex.stringByReplacingMatches(in: text, range: range, withTemplate: "{{time::$1}}")
    }
}

/// Expands macro templates against an environment.
public enum MacroEngine {
    /// Expands every macro in `template`: nested macros inside-out (only the chosen branch of `{{if}}`), unknown
    /// macros and macros called with the wrong arguments left verbatim, substituted values never re-expanded; then
    /// the engine's post-processing: `\{` `\}` unescaped, `{{trim}}` removed with the newlines around it.
    public static func expand(_ template: MacroTemplate, in environment: some MacroEnvironment) -> String {
        let evaluator = MacroEvaluator(template: template, environment: environment)
        return evaluator.evaluateTopLevel(template.document)
    }

    /// The names of the built-in macros (aliases included, lowercased, sorted): how lookups see them.
    public static var builtinMacroNames: [String] {
        BuiltinMacros.table.keys.sorted()
    }

    /// The built-in macros as SillyTavern spells them (`lastMessageId`), aliases included, sorted, each with
    /// whether it needs an argument (`{{getvar::name}}`): what a REPL offers after `{{`.
    public static var builtinMacroSpellings: [(name: String, needsArgument: Bool)] {
        BuiltinMacros.spellings
    }

    /// Parses and expands `text` in one go; prefer a stored `MacroTemplate` for text evaluated repeatedly.
    public static func expand(_ text: String, in environment: some MacroEnvironment) -> String {
        if text.isEmpty { return "" }
        return expand(MacroTemplate(text), in: environment)
    }

    /// `\{` → `{` and `\}` → `}`: what the engine does after expanding, and what STscript does once more to every
    /// argument after substitution (spec §2.6).
    public static func unescapeBraces(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            if scalar == "\\", let next = pending, next == "{" || next == "}" {
                result.append(next)
                pending = scalars.next()
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// The engine's post-processing of a finished text: unescape braces, then sweep `{{trim}}` and the newlines
    /// (`\n` or `\r\n`) directly around it, then drop a stray `{{else}}` marker.
    static func postProcess(_ text: String) -> String {
        var hasBackslash = false, hasBrace = false, hasMarker = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): hasBackslash = true
            case UInt8(ascii: "{"): hasBrace = true
            case 0: hasMarker = true
            default: break
            }
        }
        guard hasBackslash || hasBrace || hasMarker else { return text }
        var result = hasBackslash ? unescapeBraces(text) : text
        if hasBrace || hasBackslash { result = sweepTrim(result) }
        if hasMarker, result.contains(BuiltinMacros.elseMarker) {
            result = result.replacingOccurrences(of: BuiltinMacros.elseMarker, with: "")
        }
        return result
    }

    /// Removes every `{{trim}}` (any case) with the newlines directly before and after it, as the regular
    /// expression `(?:\r?\n)*{{trim}}(?:\r?\n)*` does, matching left to right.
    static func sweepTrim(_ text: String) -> String {
        guard containsTrimMarker(text) else { return text }
        let units = Array(text.utf16)
        let marker = Array("{{trim}}".utf16)
        func isMarker(at index: Int) -> Bool {
            guard index + marker.count <= units.count else { return false }
            for offset in 0..<marker.count {
                var unit = units[index + offset]
                if unit >= 0x41 && unit <= 0x5A { unit += 0x20 }
                if unit != marker[offset] { return false }
            }
            return true
        }
        var output: [UInt16] = []
        var copied = 0
        var index = 0
        var changed = false
        while index + marker.count <= units.count {
            guard units[index] == Unit.openBrace, isMarker(at: index) else { index += 1; continue }
            // Newlines before, but not into text already consumed by the previous match.
            var start = index
            while start > copied, units[start - 1] == Unit.newline {
                start -= 1
                if start > copied, units[start - 1] == Unit.carriageReturn { start -= 1 }
            }
            var end = index + marker.count
            while end < units.count {
                if units[end] == Unit.newline { end += 1 }
                else if units[end] == Unit.carriageReturn, end + 1 < units.count, units[end + 1] == Unit.newline { end += 2 }
                else { break }
            }
            output.append(contentsOf: units[copied..<start])
            copied = end
            index = end
            changed = true
        }
        guard changed else { return text }
        output.append(contentsOf: units[copied...])
        return decodeUTF16(output)
    }

    /// A quick byte scan for `{{trim}}` in any case.
    static func containsTrimMarker(_ text: String) -> Bool {
        let marker = Array("{{trim}}".utf8)
        var matched = 0
        for byte in text.utf8 {
            let lowered = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
            if lowered == marker[matched] {
                matched += 1
                if matched == marker.count { return true }
            } else if lowered == UInt8(ascii: "{") {
                // In `{{{trim}}` the last two braces still start the marker.
                matched = matched == 2 ? 2 : 1
            } else {
                matched = 0
            }
        }
        return false
    }

    /// SillyTavern's `trimScopedContent`: trims a block's content and removes the first non-blank line's
    /// indentation from every line.
    static func trimBlockContent(_ content: String) -> String {
        if content.isEmpty { return "" }
        let lines = content.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        func indentation(_ line: Substring.UnicodeScalarView) -> Int {
            line.prefix(while: { $0 == " " || $0 == "\t" }).count
        }
        var baseIndent = 0
        for line in lines where !JSWhitespace.trim(String(line)).isEmpty {
            baseIndent = indentation(line)
            break
        }
        if baseIndent == 0 { return JSWhitespace.trim(content) }
        let dedented = lines.map { line -> String in
            if indentation(line) >= baseIndent { return String(line.dropFirst(baseIndent)) }
            return JSWhitespace.trimStart(String(line))
        }
        return JSWhitespace.trim(dedented.joined(separator: "\n"))
    }
}
