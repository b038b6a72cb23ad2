import JSCompat

/// JSON operations the variable commands need (index=, as=, appending to lists).
/// Interim version: without a JSON model only the simplest shapes are handled.
enum JSONText {
    /// `String(JSON.parse(json))` for a stored non-string value.
    static func javaScriptString(of json: String) -> String { json }

    /// `value[index]` of the parsed variable, as the getters return it.
    static func element(of stored: StoredValue?, index: String) -> JSValue { .string("") }

    /// The JSON text after `value[index] = convert(newValue, type)`; nil when SillyTavern would leave it unchanged.
    static func setting(_ stored: StoredValue?, index: String, to value: String, type: String?) -> String? { nil }

    /// When `text` is a JSON list: the list with `value` appended (as JSON) and its `String()` form.
    static func appending(_ value: String, toListText text: String) -> (json: String, joined: String)? { nil }

    /// A stored value as JSON text.
    static func json(of value: StoredValue) -> String {
        switch value {
        case .text(let s): return jsonQuoted(s)
        case .number(let n): return n.isFinite ? JSNumber.format(n) : "null"
        case .json(let j): return j
        }
    }
}

/// `/var index=`: element reads and writes on a scoped variable holding JSON text.
enum ScopedIndex {
    static func read(_ scope: Scope, _ name: String, index: String) throws -> JSValue {
        _ = try scope.read(name)
        return .string("")
    }

    static func assign(_ scope: Scope, _ name: String, _ value: Value, index: String, type: String?) throws {
        try scope.assign(name, value)
    }
}
