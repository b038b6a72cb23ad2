import JSCompat

/// Text commands (§8.1): case, slices, literal and regex replace, regex test/match, sentence trimming,
/// JSON list wrapping and fuzzy matching — with SillyTavern's results for odd inputs.
enum TextCommands {
    static let family = "Text"

    static let declarations: [CommandDeclaration] = [
        CommandDeclaration(
            name: "upper", aliases: ["uppercase", "to-upper"], family: family,
            help: "Converts the text to uppercase.", example: "/upper hello | /echo", returns: "uppercase text",
            unnamedArguments: [.init("text to affect", isRequired: true)],
            run: { call in .text(textArgument(call).map(JSString.upper) ?? "") }),
        CommandDeclaration(
            name: "lower", aliases: ["lowercase", "to-lower"], family: family,
            help: "Converts the text to lowercase.", example: "/lower HELLO | /echo", returns: "lowercase text",
            unnamedArguments: [.init("text to affect", isRequired: true)],
            run: { call in .text(textArgument(call).map(JSString.lower) ?? "") }),
        CommandDeclaration(
            name: "substr", aliases: ["substring"], family: family,
            help: "Extracts part of the text from start (default 0) to end (default: the end); negative indexes count from the end.",
            example: "/substr start=-3 The morning is upon us. | /echo", returns: "the extracted text",
            namedArguments: [.init("start", help: "start index", defaultValue: "0"),
                             .init("end", help: "end index (exclusive)")],
            unnamedArguments: [.init("text to affect", isRequired: true)],
            run: substring),
        CommandDeclaration(
            name: "replace", aliases: ["re"], family: family,
            help: "Replaces the pattern in the text: literally (every occurrence) or as a regex (/pattern/flags).",
            example: "/replace mode=regex pattern=\"/blue/gi\" replacer=red Blue house, blue car | /echo",
            returns: "the replaced text",
            namedArguments: [.init("mode", help: "how the pattern is read", enumValues: ["literal", "regex"],
                                   defaultValue: "literal"),
                             .init("pattern", help: "text or regex to find", isRequired: true),
                             .init("replacer", help: "replacement text ($1, $& … in regex mode)", defaultValue: "")],
            unnamedArguments: [.init("text to affect", isRequired: true)],
            run: replace),
        CommandDeclaration(
            name: "test", family: family,
            help: "Tests the text for a regex match; returns true or false.",
            example: "/test pattern=\"/blue/i\" Blue house | /echo", returns: "true | false",
            namedArguments: [.init("pattern", help: "regex to find", isRequired: true)],
            unnamedArguments: [.init("text to test", isRequired: true)],
            run: test),
        CommandDeclaration(
            name: "match", family: family,
            help: "Returns the regex match as a JSON list of groups; with /g a list of such lists.",
            example: "/match pattern=\"/color_(\\w+)/g\" color_green color_blue | /echo",
            returns: "group list for each match",
            namedArguments: [.init("pattern", help: "regex to find", isRequired: true)],
            unnamedArguments: [.init("text to match against", isRequired: true)],
            run: match),
        CommandDeclaration(
            name: "trimstart", family: family,
            help: "Trims the text to the start of the first full sentence.",
            example: "/trimstart and so. This is a sentence. | /echo", returns: "trimmed text",
            unnamedArguments: [.init("text", isRequired: true)],
            run: { call in
                let text = call.unnamed.string
                return .text(text.isEmpty ? "" : SentenceTrim.toStartOfSentence(text))
            }),
        CommandDeclaration(
            name: "trimend", family: family,
            help: "Trims the text to the end of the last full sentence.",
            example: "/trimend Hello, world! I am from | /echo", returns: "trimmed text",
            unnamedArguments: [.init("text", isRequired: true)],
            run: { call in
                if case .list(let parts) = call.unnamed { return .text(try SentenceTrim.toEndOfSentence(parts: parts)) }
                let text = call.unnamed.string
                return .text(text.isEmpty ? "" : SentenceTrim.toEndOfSentence(text))
            }),
        CommandDeclaration(
            name: "array-wrap", aliases: ["list-wrap"], family: family,
            help: "Wraps the value into a JSON list unless it already is one; the empty text gives [].",
            example: "/array-wrap hello | /echo", returns: "a JSON list",
            namedArguments: [.init("stringify", help: "keep JSON numbers, booleans and null as text",
                                   enumValues: ["true", "false"], defaultValue: "true")],
            unnamedArguments: [.init("value", isRequired: true)],
            run: arrayWrap),
        CommandDeclaration(
            name: "array-unwrap", aliases: ["list-unwrap"], family: family,
            help: "Gives the first element of a JSON list; other values are returned as they are.",
            example: "/array-unwrap [\"a\",\"b\"] | /echo", returns: "the first element",
            unnamedArguments: [.init("value", isRequired: true)],
            run: arrayUnwrap),
        CommandDeclaration(
            name: "fuzzy", family: family,
            help: "Fuzzy-matches each list item against the text; returns the first (or best) matching item.",
            example: "/fuzzy list=[\"down\",\"left\",\"up\"] he looks up | /echo", returns: "matching item",
            namedArguments: [.init("list", help: "JSON list of items, or a chat/global variable holding one",
                                   isRequired: true),
                             .init("threshold", help: "match strictness, 0.0 (exact) to 1.0 (anything)",
                                   defaultValue: "0.4"),
                             .init("mode", help: "which match to return", enumValues: ["first", "best"],
                                   defaultValue: "first")],
            unnamedArguments: [.init("text to search", isRequired: true)],
            run: fuzzy),
    ]

    /// The unnamed value when it is text (`typeof text === 'string'`); closures and part lists are not.
    static func textArgument(_ call: CommandCall) -> String? {
        if case .single(.text(let text)) = call.unnamed { return text }
        return nil
    }

    // MARK: - /substr

    static func substring(_ call: CommandCall) throws -> Value? {
        guard let text = textArgument(call) else { return .text("") }
        // `text.slice(Number(start), end && Number(end))`: an empty end is falsy and slices to index "".
        let start = call.named.text("start").map(JSNumber.parse) ?? .nan
        let end: Double?
        switch call.named.text("end") {
        case nil: end = nil
        case ""?: end = 0
        case let value?: end = JSNumber.parse(value)
        }
        return .text(JSString.slice(text, start, end))
    }

    // MARK: - /replace, /test, /match

    static func requiredPattern(_ call: CommandCall) throws -> String {
        guard let pattern = call.named["pattern"]?.string, !pattern.isEmpty else {
            throw CommandError("Argument of 'pattern=' cannot be empty")
        }
        return pattern
    }

    static func replace(_ call: CommandCall) throws -> Value? {
        let pattern = try requiredPattern(call)
        let text = call.unnamed.string
        let replacer = call.named["replacer"]?.string ?? ""
        switch call.named["mode"]?.string ?? "literal" {
        case "literal":
            return .text(JSString.replaceAll(text, pattern, with: replacer))
        case "regex":
            guard let regex = JSRegexCache.shared.sillyTavern(pattern) else {
                // SillyTavern passes `undefined` to `replace`, which then searches for the text "undefined".
                return .text(JSString.replaceFirst(text, "undefined", with: replacer))
            }
            return .text(try matching { () throws(JSRegexError) in try regex.replace(in: text, with: replacer) })
        default:
            throw CommandError("Invalid '/replace mode=' argument specified!")
        }
    }

    /// Runs a regex search; one that runs past its time limit stops the script with a clear message.
    static func matching<T>(_ search: () throws(JSRegexError) -> T) throws -> T {
        do {
            return try search()
        } catch {
            throw CommandError(error.description)
        }
    }

    static func compiledPattern(_ call: CommandCall) throws -> JSRegex {
        let pattern = try requiredPattern(call)
        guard let regex = JSRegexCache.shared.sillyTavern(pattern) else {
            throw CommandError("The value of 'pattern' argument is not a valid regular expression.")
        }
        return regex
    }

    static func test(_ call: CommandCall) throws -> Value? {
        let regex = try compiledPattern(call)
        let found = try matching { () throws(JSRegexError) in try regex.test(call.unnamed.string) }
        return .text(found ? "true" : "false")
    }

    static func match(_ call: CommandCall) throws -> Value? {
        let regex = try compiledPattern(call)
        let text = call.unnamed.string
        func json(_ match: JSRegexMatch) -> JSONValue {
            .array(match.captures.map { $0.map(JSONValue.string) ?? .null })
        }
        if regex.isGlobal {
            let all = try matching { () throws(JSRegexError) in try regex.allMatches(in: text) }
            return .text(JSONValue.array(all.map(json)).stringified())
        }
        guard let found = try matching({ () throws(JSRegexError) in try regex.firstMatch(in: text) }) else {
            return .text("")
        }
        return .text(json(found).stringified())
    }

    // MARK: - /array-wrap, /array-unwrap

    static func singleValueForJSON(_ call: CommandCall, _ command: String) throws -> String {
        switch call.unnamed {
        case .single(.closure):
            throw CommandError("Closures are not supported as unnamed arguments for /\(command). Did you forget to call the closure with parentheses?")
        case .list:
            throw CommandError("/\(command) does not support multiple unnamed arguments.")
        case .single(.text(let text)):
            return text
        }
    }

    static func arrayWrap(_ call: CommandCall) throws -> Value? {
        let value = try singleValueForJSON(call, "array-wrap")
        if value.isEmpty { return .text("[]") }
        let wrappedText = JSONValue.array([.string(value)]).stringified()
        guard let parsed = try? JSONValue.parse(value) else { return .text(wrappedText) }
        switch parsed {
        case .array: return .text(value)
        case .object: return .text(JavaScriptJSON.stringify(.array([parsed])))
        default:
            if JSBoolean.isFalse(call.named["stringify"]?.string ?? "undefined") {
                return .text(JavaScriptJSON.stringify(.array([parsed])))
            }
            return .text(wrappedText)
        }
    }

    static func arrayUnwrap(_ call: CommandCall) throws -> Value? {
        let value = try singleValueForJSON(call, "array-unwrap")
        guard let parsed = try? JSONValue.parse(value), case .array(let items) = parsed else { return .text(value) }
        switch items.first {
        case nil, .null?: return .text("")
        case .array?, .object?: return .text(JavaScriptJSON.stringify(items[0]))
        case let first?: return .text(JavaScriptJSON.string(first))
        }
    }

    // MARK: - /fuzzy

    static func fuzzy(_ call: CommandCall) throws -> Value? {
        let text = call.unnamed.string
        guard !text.isEmpty, let listArgument = call.named["list"]?.string, !listArgument.isEmpty else {
            return .text("")
        }
        // SillyTavern resolves the list through chat and global variables only (no scope is passed).
        let listText = persistentVariableText(listArgument, call) ?? listArgument
        guard let parsed = try? JSONValue.parse(listText), case .array(let list) = parsed else { return .text("") }
        var threshold = 0.4
        if call.named.contains("threshold") {
            threshold = JSNumber.parseFloat(call.named["threshold"]?.string ?? "undefined")
            if threshold.isNaN { return .text("") }
            threshold = min(max(threshold, 0), 1)
        }
        let modeText = JSWhitespace.trim(call.named["mode"]?.string ?? "undefined").lowercased()
        let mode: FuzzyMatch.Mode = modeText == "best" ? .best : .first
        return .text(FuzzyMatch.match(list: list, in: text, threshold: threshold, mode: mode))
    }

    /// A chat-local, else global variable's value as `String()` gives it (numeric text normalised), nil when
    /// neither exists.
    static func persistentVariableText(_ name: String, _ call: CommandCall) -> String? {
        for namespace in [VariableNamespace.chat, .global] {
            if let stored = call.interpreter.variables.value(name, in: namespace) {
                return VariableCommands.normalized(stored).string
            }
        }
        return nil
    }
}

/// SillyTavern's sentence trimming (`trimToStartSentence`, `trimToEndSentence`).
enum SentenceTrim {
    /// Cuts everything before the first sentence end (`.`, `!`, `?` + a space, or a newline); quirk kept:
    /// without a `.` nothing is cut, because the search starts from the position of the first `.`.
    static func toStartOfSentence(_ text: String) -> String {
        let units = Array(text.utf16)
        func index(of ascii: Character) -> Int {
            guard let unit = ascii.utf16.first else { return -1 }
            return units.firstIndex(of: unit) ?? -1
        }
        var first = index(of: ".")
        var skipOne = false
        for candidate in [index(of: "!"), index(of: "?")] where candidate > 0 && candidate < first {
            first = candidate
        }
        let newline = index(of: "\n")
        if newline > 0 && newline < first {
            first = newline
            skipOne = true
        }
        guard first > 0 else { return text }
        return JSString.units(text, from: first + (skipOne ? 1 : 2), to: units.count)
    }

    private static let endPunctuation: Set<Unicode.Scalar> = [
        ".", "!", "?", "*", "\"", ")", "}", "`", "]", "$", "。", "！", "？", "”", "）", "】", "’", "」", "_",
    ]

    /// Cuts after the last sentence-ending punctuation or emoji (dropping a whitespace just before a
    /// punctuation mark together with it), then trims the end.
    static func toEndOfSentence(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var last = -1
        var i = scalars.count - 1
        while i >= 0 {
            let scalar = scalars[i]
            let emoji = isEmoji(scalar)
            if endPunctuation.contains(scalar) || emoji {
                if !emoji && i > 0 && isJSWhitespace(scalars[i - 1]) {
                    last = i - 1
                } else {
                    last = i
                }
                break
            }
            i -= 1
        }
        if last == -1 { return JSWhitespace.trimEnd(text) }
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: scalars[0...last])
        return JSWhitespace.trimEnd(String(kept))
    }

    /// The same over a list of parts (text with a closure among it), as JavaScript runs it on an array:
    /// each part counts as one "character"; without a sentence end the array has no `trimEnd` and fails.
    static func toEndOfSentence(parts: [Value]) throws -> String {
        var last = -1
        for (i, part) in parts.enumerated().reversed() {
            guard case .text(let text) = part else { continue }
            let emoji = text.unicodeScalars.contains(where: isEmoji)
            let isMark = text.unicodeScalars.count == 1 && text.unicodeScalars.first.map(endPunctuation.contains) == true
            if isMark || emoji {
                // The whitespace test is an unanchored regex, so any whitespace in the previous part counts.
                var previousIsSpace = false
                if i > 0, case .text(let previous) = parts[i - 1] {
                    previousIsSpace = previous.unicodeScalars.contains(where: isJSWhitespace)
                }
                last = !emoji && previousIsSpace ? i - 1 : i
                break
            }
        }
        guard last >= 0 else { throw CommandError("input.trimEnd is not a function") }
        return JSWhitespace.trimEnd(parts[0...last].map(\.string).joined())
    }

    /// `\p{Emoji_Presentation}|\p{Extended_Pictographic}` for one code point.
    static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isEmojiPresentation || isExtendedPictographic(scalar)
    }

    private static let pictographic = try? JSRegex(pattern: "^\\p{Extended_Pictographic}$", flags: "u")

    static func isExtendedPictographic(_ scalar: Unicode.Scalar) -> Bool {
        // Most code points are plainly not pictographic; only ask the regex engine above U+00A8.
        guard scalar.value >= 0xA9 else { return false }
        return (try? pictographic?.test(String(Character(scalar)))) == true
    }

    static func isJSWhitespace(_ scalar: Unicode.Scalar) -> Bool { JSWhitespace.isWhitespace(scalar) }
}
