// Running regex scripts the way SillyTavern's regex engine does: which scripts apply to a call
// (placement, display/prompt/source/edit, depth), and how one script rewrites a text.

import JSCompat

/// What kind of call a text passes through.
public struct RegexRunContext: Sendable, Equatable {
    /// Rendering a message for display: only `markdownOnly` scripts run.
    public var isMarkdown: Bool
    /// Building a prompt: only `promptOnly` scripts run.
    public var isPrompt: Bool
    /// A user edit: scripts also need `runOnEdit`.
    public var isEdit: Bool
    /// Depth of the message (0 = newest); nil skips the depth filter.
    public var depth: Int?
    /// Character name used for `{{char}}` in trim strings.
    public var characterOverride: String?

    public init(isMarkdown: Bool = false, isPrompt: Bool = false, isEdit: Bool = false, depth: Int? = nil,
                characterOverride: String? = nil) {
        self.isMarkdown = isMarkdown
        self.isPrompt = isPrompt
        self.isEdit = isEdit
        self.depth = depth
        self.characterOverride = characterOverride
    }

    /// Storing or parsing text ("source"): scripts that are neither markdown-only nor prompt-only.
    public static let source = RegexRunContext()
    public static let display = RegexRunContext(isMarkdown: true)
    public static let prompt = RegexRunContext(isPrompt: true)
}

/// Macro substitution supplied by the caller, so this module does not depend on the macro engine.
public struct RegexMacros: Sendable {
    /// SillyTavern's `substituteParams`: expands `{{…}}` macros in a text.
    public var expand: @Sendable (String) -> String
    /// Expands macros in a trim string with `{{char}}` as the given character (nil = current character).
    public var expandTrimString: @Sendable (String, String?) -> String
    /// Expands macros in `findRegex`, passing every macro's value through the given function
    /// (used for escaped substitution). Nil: each `{{…}}` span is expanded alone and its value escaped.
    public var expandEachValue: (@Sendable (String, @Sendable (String) -> String) -> String)?

    public init(expand: @escaping @Sendable (String) -> String,
                expandTrimString: (@Sendable (String, String?) -> String)? = nil,
                expandEachValue: (@Sendable (String, @Sendable (String) -> String) -> String)? = nil) {
        self.expand = expand
        self.expandTrimString = expandTrimString ?? { text, _ in expand(text) }
        self.expandEachValue = expandEachValue
    }

    /// No macros: texts are left as they are.
    public static let none = RegexMacros(expand: { $0 })
}

/// SillyTavern's own code fails on a script (it throws a TypeError there); the message is JavaScript's.
public struct RegexScriptError: Error, Equatable, Sendable, CustomStringConvertible {
    public var scriptName: String
    public var message: String
    public var description: String { "TypeError: \(message)" }
}

extension RegexScript {
    /// Whether this script runs for a call with the given placement and context.
    public func applies(to placement: RegexPlacement, context: RegexRunContext) -> Bool {
        let kindMatches = (markdownOnly && context.isMarkdown) || (promptOnly && context.isPrompt)
            || (!markdownOnly && !promptOnly && !context.isMarkdown && !context.isPrompt)
        guard kindMatches else { return false }
        if context.isEdit && !runOnEdit { return false }
        if let depth = context.depth.map(Double.init) {
            if let minDepth, minDepth >= -1, depth < minDepth { return false }
            if let maxDepth, maxDepth >= 0, depth > maxDepth { return false }
        }
        return self.placement.contains(placement.rawValue)
    }

    /// The pattern text after macro substitution (`substituteRegex`).
    public func patternText(macros: RegexMacros) -> String {
        switch substituteRegex {
        case .none: return findRegex
        case .raw: return macros.expand(findRegex)
        case .escaped:
            if let expandEachValue = macros.expandEachValue {
                return expandEachValue(findRegex, RegexScript.escapeMacroValue)
            }
            return RegexScript.expandSpans(findRegex) { RegexScript.escapeMacroValue(macros.expand($0)) }
        }
    }

    /// Runs this script on a text (SillyTavern's `runRegexScript`); disabled or empty scripts, empty texts
    /// and patterns that are not valid regexes leave the text unchanged.
    public func run(on text: String, macros: RegexMacros = .none, characterOverride: String? = nil)
        throws(RegexScriptError) -> String {
        if disabled || findRegex.isEmpty || text.isEmpty { return text }
        guard let regex = JSRegexCache.shared.sillyTavern(patternText(macros: macros)) else { return text }
        let template = RegexReplacementTemplate(replaceString)
        let trims = trimStrings.map { macros.expandTrimString($0, characterOverride) }
        var failure: RegexScriptError?
        let result: String
        do {
            result = try regex.replace(in: text) { match in
            guard failure == nil else { return "" }
            do throws(RegexReplacementTemplate.TrimFailure) {
                let replaced = try template.fill(match: match, in: text, regex: regex, trimStrings: trims)
                return macros.expand(replaced)
            } catch {
                failure = RegexScriptError(scriptName: scriptName, message: error.message)
                return ""
            }
            }
        } catch {
            throw RegexScriptError(scriptName: scriptName, message: error.description)
        }
        if let failure { throw failure }
        return result
    }

    /// SillyTavern's escaping of a macro value inside a pattern (`sanitizeRegexMacro`).
    public static func escapeMacroValue(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            case "\u{0C}": out += "\\f"
            case "\u{0}": out += "\\0"
            case ".", "^", "$", "*", "+", "?", "{", "}", "[", "]", "\\", "/", "|", "(", ")":
                out += "\\"
                out.unicodeScalars.append(scalar)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Applies `transform` to every outermost `{{…}}` span of a text, leaving the rest as is.
    static func expandSpans(_ text: String, _ transform: (String) -> String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            var depth = 0
            var index = open.lowerBound
            var close: String.Index?
            while index < rest.endIndex {
                if rest[index...].hasPrefix("{{") {
                    depth += 1
                    index = rest.index(index, offsetBy: 2)
                } else if rest[index...].hasPrefix("}}") {
                    depth -= 1
                    index = rest.index(index, offsetBy: 2)
                    if depth == 0 { close = index; break }
                } else {
                    index = rest.index(after: index)
                }
            }
            guard let close else {
                out += rest[open.lowerBound...]
                return out
            }
            out += transform(String(rest[open.lowerBound..<close]))
            rest = rest[close...]
        }
        return out + rest
    }
}

/// An ordered list of scripts applied as SillyTavern's `getRegexedString` does.
public struct RegexScriptSet: Sendable, Equatable {
    public var scripts: [RegexScript]

    public init(_ scripts: [RegexScript]) { self.scripts = scripts }

    /// Runs every applicable script in order on the text; an empty text is returned unchanged.
    public func apply(to text: String, placement: RegexPlacement, context: RegexRunContext = .source,
                      macros: RegexMacros = .none) throws(RegexScriptError) -> String {
        if text.isEmpty { return text }
        var result = text
        for script in scripts where script.applies(to: placement, context: context) {
            result = try script.run(on: result, macros: macros, characterOverride: context.characterOverride)
        }
        return result
    }
}
