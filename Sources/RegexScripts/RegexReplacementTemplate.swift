// The replacement side of a regex script: `{{match}}`, `$1…`, `$<name>` filled from the match the way
// SillyTavern's replace callback does it, including its JavaScript argument-list quirks.

import JSCompat

struct RegexReplacementTemplate {
    enum Part {
        case literal(String)
        /// `$n`: an index into JavaScript's callback arguments (match, groups…, offset, input, groups object).
        case argument(Double)
        case named(String)
    }

    struct TrimFailure: Error {
        var message: String
    }

    private static let matchMacro: JSRegex? = try? JSRegex(pattern: "\\{\\{match\\}\\}", flags: "gi")
    private static let reference: JSRegex? = try? JSRegex(pattern: "\\$(\\d+)|\\$<([^>]+)>", flags: "g")

    let parts: [Part]

    init(_ replaceString: String) {
        // `{{match}}` (any case) means the whole match, written as `$0`.
        // These two patterns are linear; they cannot run into the time limit.
        let normalized = (try? Self.matchMacro?.replace(in: replaceString) { _ in "$0" }) ?? replaceString
        var parts: [Part] = []
        var cursor = 0
        let units = Array(normalized.utf16)
        for match in (try? Self.reference?.allMatches(in: normalized)) ?? [] {
            if match.index > cursor {
                parts.append(.literal(String(decoding: units[cursor..<match.index], as: UTF16.self)))
            }
            if let digits = match.captures[1] {
                parts.append(.argument(JSNumber.parse(digits)))
            } else if let name = match.captures[2] {
                parts.append(.named(name))
            }
            cursor = match.end
        }
        if cursor < units.count {
            parts.append(.literal(String(decoding: units[cursor...], as: UTF16.self)))
        }
        self.parts = parts
    }

    /// A value from JavaScript's replace-callback argument list.
    private enum Argument {
        case undefined
        case text(String)
        case number(Int)
        case groupsObject
    }

    private func argument(_ index: Double, match: JSRegexMatch, input: String, regex: JSRegex) -> Argument {
        guard index >= 0, index == index.rounded(), index < Double(Int32.max) else { return .undefined }
        let n = Int(index)
        let groupCount = match.captures.count - 1
        switch n {
        case 0...groupCount: return match.captures[n].map(Argument.text) ?? .undefined
        case groupCount + 1: return .number(match.index)
        case groupCount + 2: return .text(input)
        case groupCount + 3 where match.groups != nil: return .groupsObject
        default: return .undefined
        }
    }

    func fill(match: JSRegexMatch, in input: String, regex: JSRegex, trimStrings: [String]) throws(TrimFailure) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text):
                out += text
            case .argument(let index):
                out += try insert(argument(index, match: match, input: input, regex: regex), trimStrings: trimStrings)
            case .named(let name):
                // The last callback argument is the groups object only when the regex has named groups.
                let value = match.groups?.first(where: { $0.name == name })?.value
                out += try insert(value.map(Argument.text) ?? .undefined, trimStrings: trimStrings)
            }
        }
        return out
    }

    /// A falsy value inserts nothing; text has every trim string removed; an offset is printed, unless there
    /// are trim strings (a number has no `replaceAll`); the groups object always fails, as in SillyTavern.
    private func insert(_ value: Argument, trimStrings: [String]) throws(TrimFailure) -> String {
        switch value {
        case .undefined: return ""
        case .text(let text):
            if text.isEmpty { return "" }
            return trimStrings.reduce(text) { JSString.replaceAll($0, $1, with: "") }
        case .number(let offset):
            if offset == 0 { return "" }
            if !trimStrings.isEmpty { throw TrimFailure(message: "finalString.replaceAll is not a function") }
            return String(offset)
        case .groupsObject:
            if !trimStrings.isEmpty { throw TrimFailure(message: "finalString.replaceAll is not a function") }
            // The groups object has no prototype, so turning it into text fails too.
            throw TrimFailure(message: "Cannot convert object to primitive value")
        }
    }
}
