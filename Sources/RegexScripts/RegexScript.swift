// A SillyTavern regex script as stored in settings.json (`extension_settings.regex`), read leniently:
// fields keep JavaScript's loose meaning (truthiness, `Number()` coercion), as SillyTavern reads them.

import Foundation
import JSCompat

/// Where in SillyTavern a text passes through regex scripts.
public enum RegexPlacement: Int, Sendable, CaseIterable {
    /// Deprecated markdown-display placement; still honoured when present in a script.
    case markdownDisplay = 0
    case userInput = 1
    case aiOutput = 2
    case slashCommand = 3
    case worldInfo = 5
    case reasoning = 6
}

/// How macros in `findRegex` are substituted before the pattern is compiled.
public enum RegexPatternMacros: Sendable, Equatable {
    case none
    case raw
    /// Macro values are escaped so they match literally.
    case escaped
}

public struct RegexScript: Sendable, Equatable {
    public var id: String
    public var scriptName: String
    /// A `/pattern/flags` literal or a bare pattern (SillyTavern's `regexFromString`).
    public var findRegex: String
    public var replaceString: String
    public var trimStrings: [String]
    /// Placement numbers as stored; numbers that are not a known placement never match a call.
    public var placement: [Int]
    public var disabled: Bool
    public var markdownOnly: Bool
    public var promptOnly: Bool
    public var runOnEdit: Bool
    public var substituteRegex: RegexPatternMacros
    /// `Number(minDepth)` as SillyTavern compares it; nil when absent, null or NaN (no limit).
    public var minDepth: Double?
    public var maxDepth: Double?

    public init(id: String = "", scriptName: String = "", findRegex: String, replaceString: String = "",
                trimStrings: [String] = [], placement: [Int], disabled: Bool = false, markdownOnly: Bool = false,
                promptOnly: Bool = false, runOnEdit: Bool = false, substituteRegex: RegexPatternMacros = .none,
                minDepth: Double? = nil, maxDepth: Double? = nil) {
        self.id = id
        self.scriptName = scriptName
        self.findRegex = findRegex
        self.replaceString = replaceString
        self.trimStrings = trimStrings
        self.placement = placement
        self.disabled = disabled
        self.markdownOnly = markdownOnly
        self.promptOnly = promptOnly
        self.runOnEdit = runOnEdit
        self.substituteRegex = substituteRegex
        self.minDepth = minDepth
        self.maxDepth = maxDepth
    }

    /// Reads one script object as JSONSerialization produces it.
    public init(json object: [String: Any]) {
        let value = { (key: String) in LooseJSON(object[key]) }
        id = value("id").text
        scriptName = value("scriptName").text
        findRegex = value("findRegex").text
        replaceString = value("replaceString").text
        trimStrings = value("trimStrings").array.map(\.text)
        placement = value("placement").array.compactMap(\.integer)
        disabled = value("disabled").isTruthy
        markdownOnly = value("markdownOnly").isTruthy
        promptOnly = value("promptOnly").isTruthy
        runOnEdit = value("runOnEdit").isTruthy
        // SillyTavern switches on Number(substituteRegex); unknown values use the raw pattern.
        switch value("substituteRegex").number {
        case 1: substituteRegex = .raw
        case 2: substituteRegex = .escaped
        default: substituteRegex = .none
        }
        minDepth = value("minDepth").depthLimit
        maxDepth = value("maxDepth").depthLimit
    }

    /// The scripts in a settings object (`extension_settings.regex`), in order; none when the regex
    /// extension is disabled (`extension_settings.disabledExtensions` contains "regex").
    public static func scripts(inSettings settings: [String: Any]) -> [RegexScript] {
        guard let extensions = settings["extension_settings"] as? [String: Any] else { return [] }
        if let disabled = extensions["disabledExtensions"] as? [Any], disabled.contains(where: { ($0 as? String) == "regex" }) {
            return []
        }
        guard let list = extensions["regex"] as? [Any] else { return [] }
        return list.compactMap { $0 as? [String: Any] }.map(RegexScript.init(json:))
    }

    /// The scripts in a JSON array text (a list of script objects).
    public static func scripts(fromJSON data: Data) -> [RegexScript] {
        guard let list = (try? JSONSerialization.jsonObject(with: data)) as? [Any] else { return [] }
        return list.compactMap { $0 as? [String: Any] }.map(RegexScript.init(json:))
    }
}

/// A JSON value read with JavaScript's coercions.
struct LooseJSON {
    let raw: Any?
    init(_ raw: Any?) { self.raw = raw }

    private var isBoolean: Bool {
        guard let number = raw as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    var text: String {
        switch raw {
        case let string as String: return string
        case let number as NSNumber:
            if isBoolean { return number.boolValue ? "true" : "false" }
            return JSNumber.format(number.doubleValue)
        default: return ""
        }
    }

    var array: [LooseJSON] { (raw as? [Any])?.map(LooseJSON.init) ?? [] }

    /// JavaScript `Number(value)`; nil for undefined (NaN).
    var number: Double? {
        switch raw {
        case nil: return nil
        case is NSNull: return 0
        case let string as String:
            let value = JSNumber.parse(string)
            return value.isNaN ? nil : value
        case let number as NSNumber: return number.doubleValue
        default: return nil
        }
    }

    /// An integer placement value; strings never equal numbers in `Array.includes`.
    var integer: Int? {
        guard let number = raw as? NSNumber, !isBoolean else { return nil }
        let value = number.doubleValue
        return value == value.rounded() && abs(value) < 1e9 ? Int(value) : nil
    }

    /// minDepth/maxDepth: ignored when null, absent or NaN, otherwise compared as `Number()`.
    var depthLimit: Double? {
        if raw == nil || raw is NSNull { return nil }
        if raw is [Any] || raw is [String: Any] {
            // `[5] >= -1` coerces through the text "5"; objects become NaN.
            if let list = raw as? [Any] {
                return list.count <= 1 ? (list.first.map { LooseJSON($0).number } ?? 0) : nil
            }
            return nil
        }
        return number
    }

    var isTruthy: Bool {
        switch raw {
        case nil, is NSNull: return false
        case let string as String: return !string.isEmpty
        case let number as NSNumber:
            if isBoolean { return number.boolValue }
            let value = number.doubleValue
            return value != 0 && !value.isNaN
        default: return true
        }
    }
}

extension RegexScript {
    /// Reads one script object from the project's JSON model.
    public init(json value: JSONValue) {
        self.init(json: (value.foundationObject as? [String: Any]) ?? [:])
    }

    /// The scripts in a settings.json value (`extension_settings.regex`).
    public static func scripts(inSettings settings: JSONValue) -> [RegexScript] {
        scripts(inSettings: (settings.foundationObject as? [String: Any]) ?? [:])
    }
}

extension JSONValue {
    /// The value as JSONSerialization would have produced it (booleans as boolean NSNumbers).
    fileprivate var foundationObject: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let b): return NSNumber(value: b)
        case .number(let n): return NSNumber(value: n.double)
        case .string(let s): return s
        case .array(let items): return items.map(\.foundationObject)
        case .object(let object):
            var dictionary: [String: Any] = [:]
            for member in object { dictionary[member.key] = member.value.foundationObject }
            return dictionary
        }
    }
}
