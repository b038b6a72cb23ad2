// ECMAScript regular expressions (`/pattern/flags`) on top of NSRegularExpression, with JavaScript's
// matching, `match`/`matchAll`, `test` and `replace` semantics. Offsets are UTF-16 code units, as in JS.

import Foundation

/// The flags of a JavaScript regex (`dgimsuvy`).
public struct JSRegexFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let hasIndices = JSRegexFlags(rawValue: 1 << 0)   // d
    public static let global = JSRegexFlags(rawValue: 1 << 1)       // g
    public static let ignoreCase = JSRegexFlags(rawValue: 1 << 2)   // i
    public static let multiline = JSRegexFlags(rawValue: 1 << 3)    // m
    public static let dotAll = JSRegexFlags(rawValue: 1 << 4)       // s
    public static let unicode = JSRegexFlags(rawValue: 1 << 5)      // u
    public static let unicodeSets = JSRegexFlags(rawValue: 1 << 6)  // v
    public static let sticky = JSRegexFlags(rawValue: 1 << 7)       // y

    private static let letters: [(Character, JSRegexFlags)] = [
        ("d", .hasIndices), ("g", .global), ("i", .ignoreCase), ("m", .multiline),
        ("s", .dotAll), ("u", .unicode), ("v", .unicodeSets), ("y", .sticky),
    ]

    /// Parses flag letters as the `RegExp` constructor does: each of `dgimsuvy` at most once, not `u` with `v`.
    public init?(letters text: String) {
        var flags: JSRegexFlags = []
        for character in text {
            guard let flag = Self.letters.first(where: { $0.0 == character })?.1, !flags.contains(flag) else {
                return nil
            }
            flags.insert(flag)
        }
        if flags.contains(.unicode) && flags.contains(.unicodeSets) { return nil }
        self = flags
    }

    /// The canonical spelling (`RegExp.prototype.flags` order).
    public var letters: String {
        String(Self.letters.filter { contains($0.1) }.map(\.0))
    }
}

/// A regex that JavaScript would reject, with V8's message.
public enum JSRegexError: Error, Equatable, CustomStringConvertible, Sendable {
    case invalidFlags(String)
    case syntax(pattern: String, flags: String, message: String)
    /// Matching ran past the regex's time limit (JavaScript would keep going; we stop instead of hanging).
    case timeout(pattern: String, flags: String)

    static func syntax(source: String, flags: JSRegexFlags, message: String) -> JSRegexError {
        .syntax(pattern: source, flags: flags.letters, message: message)
    }

    public var description: String {
        switch self {
        case .invalidFlags(let flags):
            return "Invalid flags supplied to RegExp constructor '\(flags)'"
        case .syntax(let pattern, let flags, let message):
            return "Invalid regular expression: /\(pattern)/\(flags): \(message)"
        case .timeout(let pattern, let flags):
            return "Regular expression /\(pattern)/\(flags) took too long to match"
        }
    }
}

/// One match: the matched range and the captures, all in UTF-16 offsets of the searched text.
public struct JSRegexMatch: Sendable, Equatable {
    /// `match[0]`, `match[1]`, …: nil for a group that did not participate (`undefined` in JavaScript).
    public let captures: [String?]
    /// Named groups in pattern order (`match.groups`), nil when the regex has no named groups.
    public let groups: [JSRegexNamedGroup]?
    /// `match.index`: UTF-16 offset of the match.
    public let index: Int
    /// UTF-16 length of the whole match.
    public let length: Int

    public var matched: String { captures[0] ?? "" }
    public var end: Int { index + length }

    /// The value of a named group (nil when the group did not participate or does not exist).
    public func group(named name: String) -> String? {
        groups?.first(where: { $0.name == name })?.value
    }
}

public struct JSRegexNamedGroup: Sendable, Equatable {
    public let name: String
    public let value: String?
}

/// A compiled JavaScript regular expression.
public final class JSRegex: @unchecked Sendable {
    // NSRegularExpression is immutable and documented thread-safe; the class only holds constants.
    public let source: String
    public let flags: JSRegexFlags
    public let captureCount: Int
    public let groupNames: [String]
    private let groupIndexes: [Int]
    private let compiled: NSRegularExpression
    /// Seconds one search may run before it stops with `JSRegexError.timeout`.
    public let timeLimit: Double

    /// The time limit regexes get unless told otherwise.
    public static let defaultTimeLimit: Double = 5

    /// `new RegExp(pattern, flags)`: throws what JavaScript would throw for a bad pattern or bad flags.
    public init(pattern: String, flags flagText: String = "", timeLimit: Double = JSRegex.defaultTimeLimit)
        throws(JSRegexError) {
        guard let flags = JSRegexFlags(letters: flagText) else { throw .invalidFlags(flagText) }
        let translation = try JSRegexTranslator.translate(pattern, flags: flags)
        var options: NSRegularExpression.Options = []
        if flags.contains(.ignoreCase) { options.insert(.caseInsensitive) }
        do {
            compiled = try NSRegularExpression(pattern: translation.icuPattern, options: options)
        } catch {
            // Constructs ICU cannot express (e.g. unbounded lookbehind) are reported as invalid.
            throw .syntax(pattern: pattern, flags: flags.letters, message: "Unsupported construct")
        }
        self.source = pattern
        self.flags = flags
        self.captureCount = translation.captureCount
        self.groupNames = translation.groupNames.map(\.name)
        self.groupIndexes = translation.groupNames.map(\.index)
        self.timeLimit = timeLimit
    }

    /// A strict `/pattern/flags` literal: the text between the first and the last slash is the pattern.
    public convenience init(literal: String) throws(JSRegexError) {
        guard literal.hasPrefix("/"), let last = literal.lastIndex(of: "/"), last != literal.startIndex else {
            throw .syntax(pattern: literal, flags: "", message: "Not a regular expression literal")
        }
        let pattern = String(literal[literal.index(after: literal.startIndex)..<last])
        let flags = String(literal[literal.index(after: last)...])
        try self.init(pattern: pattern, flags: flags)
    }

    public var isGlobal: Bool { flags.contains(.global) }

    // MARK: - Matching

    /// `RegExpBuiltinExec` from `lastIndex` (0 for a fresh regex): the first match at or after it, or only at
    /// it for a sticky regex.
    public func exec(_ text: String, from lastIndex: Int = 0) throws(JSRegexError) -> JSRegexMatch? {
        try exec(JSRegexSubject(text), from: lastIndex)
    }

    /// `regex.test(text)` on a fresh regex.
    public func test(_ text: String) throws(JSRegexError) -> Bool { try exec(text) != nil }

    /// `text.match(regex)` for a non-global regex; for a global one, use `allMatches`.
    public func firstMatch(in text: String) throws(JSRegexError) -> JSRegexMatch? { try exec(text, from: 0) }

    /// Every match as `String.prototype.matchAll` (or a global `replace`) finds them: successive searches,
    /// an empty match advancing one character.
    public func allMatches(in text: String) throws(JSRegexError) -> [JSRegexMatch] {
        try allMatches(JSRegexSubject(text), global: true)
    }

    // MARK: - Replacing

    /// `text.replace(regex, replacement)`: a global regex replaces every match, otherwise the first;
    /// `$1 $<name> $& $$ $\` $'` are expanded as JavaScript's GetSubstitution does.
    public func replace(in text: String, with replacement: String) throws(JSRegexError) -> String {
        let template = JSReplacementTemplate(replacement, hasNamedGroups: !groupNames.isEmpty)
        return try replace(in: text) { match, subject in template.expand(match: match, subject: subject) }
    }

    /// `text.replace(regex, callback)`: the callback receives each match and returns its replacement.
    public func replace(in text: String, using callback: (JSRegexMatch) -> String) throws(JSRegexError) -> String {
        try replace(in: text) { match, _ in callback(match) }
    }

    func replace(in text: String, _ produce: (JSRegexMatch, JSRegexSubject) -> String) throws(JSRegexError) -> String {
        let subject = JSRegexSubject(text)
        let matches = try allMatches(subject, global: isGlobal)
        if matches.isEmpty { return text }
        var result: [UInt16] = []
        result.reserveCapacity(subject.units.count)
        var cursor = 0
        for match in matches where match.index >= cursor {
            result.append(contentsOf: subject.units[cursor..<match.index])
            result.append(contentsOf: produce(match, subject).utf16)
            cursor = match.end
        }
        if cursor < subject.units.count { result.append(contentsOf: subject.units[cursor...]) }
        return String(decoding: result, as: UTF16.self)
    }

    // MARK: - Internals

    func allMatches(_ subject: JSRegexSubject, global: Bool) throws(JSRegexError) -> [JSRegexMatch] {
        guard global else { return try exec(subject, from: 0).map { [$0] } ?? [] }
        if !flags.contains(.sticky) {
            // ICU's own iteration advances past empty matches exactly as JavaScript's lastIndex loop does,
            // and bridges the text once instead of once per match.
            return try search(subject, from: 0, options: [], firstOnly: false).map { makeMatch($0, subject) }
        }
        var matches: [JSRegexMatch] = []
        var lastIndex = 0
        while lastIndex <= subject.units.count, let match = try exec(subject, from: lastIndex) {
            matches.append(match)
            lastIndex = match.length == 0 ? subject.advance(match.end) : match.end
        }
        return matches
    }

    func exec(_ subject: JSRegexSubject, from lastIndex: Int) throws(JSRegexError) -> JSRegexMatch? {
        guard lastIndex >= 0, lastIndex <= subject.units.count else { return nil }
        var options: NSRegularExpression.MatchingOptions = [.withTransparentBounds, .withoutAnchoringBounds]
        if flags.contains(.sticky) { options.insert(.anchored) }
        return try search(subject, from: lastIndex, options: options, firstOnly: true).first.map { makeMatch($0, subject) }
    }

    /// Runs ICU with progress reports so that a search past the time limit stops (catastrophic
    /// backtracking would otherwise hang the program, as it hangs a browser tab).
    private func search(_ subject: JSRegexSubject, from start: Int, options: NSRegularExpression.MatchingOptions,
                        firstOnly: Bool) throws(JSRegexError) -> [NSTextCheckingResult] {
        var results: [NSTextCheckingResult] = []
        var timedOut = false
        let deadline = DispatchTime.now().uptimeNanoseconds &+ UInt64(max(0, timeLimit) * 1_000_000_000)
        let range = NSRange(location: start, length: subject.units.count - start)
        compiled.enumerateMatches(in: subject.text, options: options.union(.reportProgress), range: range) { result, _, stop in
            if let result {
                results.append(result)
                if firstOnly { stop.pointee = true }
            } else if DispatchTime.now().uptimeNanoseconds > deadline {
                timedOut = true
                stop.pointee = true
            }
        }
        if timedOut { throw .timeout(pattern: source, flags: flags.letters) }
        return results
    }

    private func makeMatch(_ result: NSTextCheckingResult, _ subject: JSRegexSubject) -> JSRegexMatch {
        var captures: [String?] = []
        captures.reserveCapacity(captureCount + 1)
        for group in 0...captureCount {
            let range = group < result.numberOfRanges ? result.range(at: group) : NSRange(location: NSNotFound, length: 0)
            captures.append(range.location == NSNotFound ? nil : subject.slice(range.location, range.location + range.length))
        }
        let groups: [JSRegexNamedGroup]? = groupNames.isEmpty ? nil : zip(groupNames, groupIndexes).map {
            JSRegexNamedGroup(name: $0.0, value: captures[$0.1])
        }
        return JSRegexMatch(captures: captures, groups: groups, index: result.range.location, length: result.range.length)
    }
}

/// The searched text, bridged once, with its UTF-16 units for slicing.
struct JSRegexSubject {
    let text: String
    let units: [UInt16]

    init(_ text: String) {
        self.text = text
        self.units = Array(text.utf16)
    }

    func slice(_ from: Int, _ to: Int) -> String {
        let lower = max(0, min(from, units.count))
        let upper = max(lower, min(to, units.count))
        return String(decoding: units[lower..<upper], as: UTF16.self)
    }

    /// Next search position after an empty match: one code point on (never splitting a surrogate pair).
    func advance(_ index: Int) -> Int {
        if index + 1 < units.count, UTF16.isLeadSurrogate(units[index]), UTF16.isTrailSurrogate(units[index + 1]) {
            return index + 2
        }
        return index + 1
    }
}
