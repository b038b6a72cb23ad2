import JSCompat
import Reasoning

/// SillyTavern's reasoning settings (`power_user.reasoning`). Missing keys read as the current defaults
/// (template "Think XML").
public struct ReasoningSettings: Sendable, Equatable {
    public var name: String
    public var autoParse: Bool
    public var addToPrompts: Bool
    public var autoExpand: Bool
    public var showHidden: Bool
    public var prefix: String
    public var suffix: String
    public var separator: String
    /// How many messages from the end may get reasoning in prompts. Kept as JSON to keep odd stored values.
    public var maxAdditions: Int

    public static let defaults = ReasoningSettings(
        name: "Think XML", autoParse: false, addToPrompts: false, autoExpand: false, showHidden: false,
        prefix: "<think>", suffix: "</think>", separator: "\n", maxAdditions: 1)

    public init(
        name: String, autoParse: Bool, addToPrompts: Bool, autoExpand: Bool, showHidden: Bool, prefix: String,
        suffix: String, separator: String, maxAdditions: Int
    ) {
        self.name = name
        self.autoParse = autoParse
        self.addToPrompts = addToPrompts
        self.autoExpand = autoExpand
        self.showHidden = showHidden
        self.prefix = prefix
        self.suffix = suffix
        self.separator = separator
        self.maxAdditions = maxAdditions
    }

    /// Reads the settings object; missing or mistyped keys take the defaults.
    public init(_ object: JSONObject) {
        let d = ReasoningSettings.defaults
        func text(_ key: String, _ fallback: String) -> String {
            guard let value = object[key], !value.isNull else { return fallback }
            return value.stringValue ?? value.javaScriptString
        }
        func flag(_ key: String, _ fallback: Bool) -> Bool { object[key].map(\.isTruthy) ?? fallback }
        name = text("name", d.name)
        autoParse = flag("auto_parse", d.autoParse)
        addToPrompts = flag("add_to_prompts", d.addToPrompts)
        autoExpand = flag("auto_expand", d.autoExpand)
        showHidden = flag("show_hidden", d.showHidden)
        prefix = text("prefix", d.prefix)
        suffix = text("suffix", d.suffix)
        separator = text("separator", d.separator)
        if let n = object["max_additions"]?.numberValue, n.isFinite {
            maxAdditions = Int(n.rounded(.towardZero))
        } else if let s = object["max_additions"]?.stringValue, let n = Int(s) {
            maxAdditions = n
        } else {
            maxAdditions = d.maxAdditions
        }
    }

    /// `stored` with the keys whose value differs replaced (keys that already match stay untouched).
    func merged(into stored: JSONObject) -> JSONObject {
        var object = stored
        let current = ReasoningSettings(stored)
        func put(_ key: String, _ value: JSONValue, changed: Bool) { if changed || object[key] == nil { object[key] = value } }
        put("name", .string(name), changed: current.name != name)
        put("auto_parse", .bool(autoParse), changed: current.autoParse != autoParse)
        put("add_to_prompts", .bool(addToPrompts), changed: current.addToPrompts != addToPrompts)
        put("auto_expand", .bool(autoExpand), changed: current.autoExpand != autoExpand)
        put("show_hidden", .bool(showHidden), changed: current.showHidden != showHidden)
        put("prefix", .string(prefix), changed: current.prefix != prefix)
        put("suffix", .string(suffix), changed: current.suffix != suffix)
        put("separator", .string(separator), changed: current.separator != separator)
        put("max_additions", .number(maxAdditions), changed: current.maxAdditions != maxAdditions)
        return object
    }
}

extension ReasoningTemplate {
    /// The templates SillyTavern ships, sorted by name as its preset list is.
    public static let builtIn: [ReasoningTemplate] = presets.sorted { $0.name.lowercased() < $1.name.lowercased() }

    /// Reads a template file's object (`{name, prefix, suffix, separator}`); nil without a string `name`.
    public init?(_ object: JSONObject) {
        guard let name = object["name"]?.stringValue else { return nil }
        self.init(
            name: name, prefix: object["prefix"]?.stringValue ?? "", suffix: object["suffix"]?.stringValue ?? "",
            separator: object["separator"]?.stringValue ?? "")
    }
}
