import JSCompat

/// What JavaScript does with a value that went through `JSON.parse`: `JSON.stringify` re-spells numbers
/// (`1.50` → `1.5`, `1e2` → `100`) and lists integer-like object keys first, in ascending order.
enum JavaScriptJSON {
    /// `JSON.stringify(JSON.parse(text))` for an already parsed value.
    static func stringify(_ value: JSONValue) -> String {
        normalized(value).stringified()
    }

    /// `String(value)` for a parsed primitive (`true`, `1.5`, the string itself); lists and objects as JSON.
    static func string(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return JSNumber.format(n.double)
        case .string(let s): return s
        case .array, .object: return stringify(value)
        }
    }

    static func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let n): return .number(n.double)
        case .array(let items): return .array(items.map(normalized))
        case .object(let object):
            let members = orderedMembers(object).map { ($0.key, normalized($0.value)) }
            return .object(JSONObject(members))
        default: return value
        }
    }

    /// Members in JavaScript's own-property order: array-index keys ascending, then the rest as inserted.
    static func orderedMembers(_ object: JSONObject) -> [JSONObject.Member] {
        let indexed = object.members.compactMap { member in arrayIndex(member.key).map { ($0, member) } }
        let others = object.members.filter { arrayIndex($0.key) == nil }
        return indexed.sorted { $0.0 < $1.0 }.map(\.1) + others
    }

    /// `Object.keys(object)` order.
    static func keys(_ object: JSONObject) -> [String] { orderedMembers(object).map(\.key) }

    /// The value of a canonical array index key ("0", "17"; not "01", "-1" or ≥ 2^32 − 1).
    static func arrayIndex(_ key: String) -> UInt32? {
        guard let value = UInt32(key), value < UInt32.max, String(value) == key else { return nil }
        return value
    }
}
