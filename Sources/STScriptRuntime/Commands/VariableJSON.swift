import JSCompat

/// JSON element access as the variable commands do it in JavaScript (`index=`, `as=`, appending to lists):
/// `JSON.parse`, a property read or write, `JSON.stringify`. Re-stringifying normalises what JavaScript would
/// (number spelling, integer-like object keys first).
enum JSONText {
    // MARK: JavaScript values

    /// The property key `index=` names: `Number(index)` printed when numeric, else the text itself.
    static func key(_ index: String) -> String {
        let n = Numbers.parse(index)
        return n.isNaN ? index : JSNumber.format(n)
    }

    /// A canonical array index (`0`, `1`, … below 2^32 − 1).
    static func arrayIndex(_ key: String) -> Int? {
        guard let first = key.utf8.first, key.utf8.count <= 10 else { return nil }
        if first == 0x30 && key.utf8.count > 1 { return nil }
        guard key.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let i = Int(key), i < 4_294_967_295 else { return nil }
        return i
    }

    /// `JSON.parse(text)`, nil when it throws.
    static func parse(_ text: String) -> JSONValue? { try? JSONValue.parse(text) }

    /// `JSON.parse(String(stored))` for a chat or global variable's stored value.
    static func parse(_ stored: StoredValue?) -> JSONValue? {
        switch stored {
        case nil: return nil
        case .text(let s)?: return parse(s)
        case .number(let n)?: return n.isFinite ? .number(n) : nil
        case .json(let j)?: return parse(j).flatMap { v in
            // JSON.parse(String(x)): arrays print as their elements joined, objects as [object Object].
            if case .object = v { return nil }
            if case .array = v { return parse(joined(v)) }
            return v
        }
        }
    }

    /// `JSON.stringify` of a value JavaScript has just parsed and changed.
    static func stringify(_ v: JSONValue) -> String { canonical(v).stringified() }

    /// Numbers spelled as JavaScript prints them; object keys in JavaScript's order (array-index keys first,
    /// ascending, then the others in insertion order).
    static func canonical(_ v: JSONValue) -> JSONValue {
        switch v {
        case .number(let n): return .number(n.double)
        case .array(let items): return .array(items.map(canonical))
        case .object(let object):
            var indexed: [(Int, String, JSONValue)] = []
            var named: [(String, JSONValue)] = []
            for member in object {
                if let i = arrayIndex(member.key) {
                    indexed.append((i, member.key, canonical(member.value)))
                } else {
                    named.append((member.key, canonical(member.value)))
                }
            }
            indexed.sort { $0.0 < $1.0 }
            return .object(JSONObject(indexed.map { ($0.1, $0.2) } + named))
        default: return v
        }
    }

    /// `String(value)`: arrays join their elements with `,` (null as ""), objects print `[object Object]`.
    static func joined(_ v: JSONValue) -> String {
        switch v {
        case .array(let items):
            return items.map { item in
                if case .null = item { return "" }
                return joined(item)
            }.joined(separator: ",")
        case .object: return "[object Object]"
        default: return v.javaScriptString
        }
    }

    static func typeName(_ v: JSONValue) -> String {
        switch v {
        case .string: return "string"
        case .number: return "number"
        case .bool: return "boolean"
        default: return "object"
        }
    }

    /// `base[key]`; nil is undefined. Reading from null or undefined is a TypeError.
    static func property(_ base: JSONValue?, _ key: String) throws -> JSONValue? {
        guard let base else { throw CommandError("Cannot read properties of undefined (reading '\(key)')") }
        switch base {
        case .null: throw CommandError("Cannot read properties of null (reading '\(key)')")
        case .array(let items):
            if key == "length" { return .number(Double(items.count)) }
            guard let i = arrayIndex(key), i < items.count else { return nil }
            return items[i]
        case .object(let object): return object[key]
        case .string(let s):
            let units = Array(s.utf16)
            if key == "length" { return .number(Double(units.count)) }
            guard let i = arrayIndex(key), i < units.count else { return nil }
            return .string(String(decoding: [units[i]], as: UTF16.self))
        default: return nil
        }
    }

    /// `base[key] = value` in strict mode (value nil = undefined).
    static func setProperty(_ base: inout JSONValue?, _ key: String, _ value: JSONValue?) throws {
        guard let current = base else { throw CommandError("Cannot set properties of undefined (setting '\(key)')") }
        switch current {
        case .null: throw CommandError("Cannot set properties of null (setting '\(key)')")
        case .array(var items):
            if let i = arrayIndex(key) {
                // Far beyond any real list; refused rather than allocating gigabytes (JavaScript fails later on).
                guard i < 1_000_000 else { throw CommandError("Invalid string length") }
                if i >= items.count { items.append(contentsOf: repeatElement(.null, count: i + 1 - items.count)) }
                items[i] = value ?? .null
                base = .array(items)
            } else if key == "length" {
                let n = value.map { Numbers.parse(joined($0)) } ?? .nan
                guard n >= 0, n == n.rounded(), n < 4_294_967_295 else { throw CommandError("Invalid array length") }
                let length = Int(n)
                guard length < 1_000_000 else { throw CommandError("Invalid string length") }
                if length < items.count { items.removeLast(items.count - length) }
                else { items.append(contentsOf: repeatElement(.null, count: length - items.count)) }
                base = .array(items)
            }
            // Other keys become array properties JSON.stringify does not write.
        case .object(var object):
            if let value { object[key] = value } else { _ = object.removeValue(forKey: key) }
            base = .object(object)
        default:
            throw CommandError("Cannot create property '\(key)' on \(typeName(current)) '\(current.javaScriptString)'")
        }
    }

    /// SillyTavern's `convertValueType(value, as)` (nil result = undefined).
    static func convert(_ value: String, type: String?) -> JSONValue? {
        guard let type else { return .string(value) }
        switch type.trimmingJSWhitespaceForJSON().lowercased() {
        case "string", "str": return .string(value)
        case "null": return .null
        case "undefined", "none": return nil
        case "number": return .number(Numbers.parse(value))
        case "int": return .number(JSNumber.parseInt(value, radix: 10))
        case "float": return .number(JSNumber.parseFloat(value))
        case "boolean", "bool": return .bool(JSBoolean.isTrue(value))
        case "list", "array":
            if case .array(let a)? = parse(value) { return .array(a) }
            return .array([])
        case "object", "dict", "dictionary":
            switch parse(value) {
            case .object(let o)?: return .object(o)
            case .array(let a)?: return .array(a)
            case .null?: return .null
            default: return .object(JSONObject())
            }
        default: return .string(value)
        }
    }

    /// A JavaScript value as the chat/global getters return it (numeric text and booleans as numbers).
    static func normalized(_ v: JSONValue?) -> JSValue {
        switch v {
        case nil: return .string("")
        case .string(let s)?: return Scope.normalized(.text(s))
        case .number(let n)?: return .number(n.double)
        case .bool(let b)?: return .number(b ? 1 : 0)
        case .null?: return .number(0)
        case let other?: return .string(stringify(other))
        }
    }

    // MARK: chat and global variables

    /// A stored value as JSON text.
    static func json(of value: StoredValue) -> String {
        switch value {
        case .text(let s): return JSONValue.quoted(s)
        case .number(let n): return n.isFinite ? JSNumber.format(n) : "null"
        case .json(let j): return j
        }
    }

    /// `/getvar index=…`: parse, pick, objects as JSON text; a value that is not JSON is returned whole.
    static func element(of stored: StoredValue?, index: String) -> JSValue {
        guard let parsed = parse(stored) else { return VariableCommands.normalized(stored) }
        let picked: JSONValue?
        do {
            picked = try property(parsed, key(index))
        } catch {
            return normalized(parsed)
        }
        return normalized(picked)
    }

    /// `/setvar index=…`: the new stored JSON text, or nil when SillyTavern leaves the variable unchanged.
    static func setting(_ stored: StoredValue?, index: String, to value: String, type: String?) -> String? {
        var target: JSONValue?
        if stored == nil {
            target = .null
        } else {
            guard let parsed = parse(stored) else { return nil }
            target = parsed
        }
        let k = key(index)
        if case .null? = target { target = Numbers.parse(index).isNaN ? .object(JSONObject()) : .array([]) }
        do {
            try setProperty(&target, k, convert(value, type: type))
        } catch {
            return nil
        }
        return target.map(stringify)
    }

    /// When `text` is a JSON list: the list with `element` appended, and `String(list)`.
    static func appending(_ element: JSONValue, toListText text: String) -> (json: String, joined: String)? {
        guard text.utf8.contains(0x5B), case .array(var items)? = parse(text) else { return nil }
        items.append(element)
        let list = JSONValue.array(items)
        return (stringify(list), joined(list))
    }
}

/// `/var index=` and `{{var::name::index}}` on scoped variables.
enum ScopedIndex {
    static func read(_ scope: Scope, _ name: String, index: String) throws -> JSValue {
        guard let owner = scope.owner(of: name) else { throw CommandError("No such variable: \"\(name)\"") }
        let stored = owner.storedValue(name)
        var base: JSONValue?
        switch stored {
        case .text(let s)?: base = JSONText.parse(s) ?? .string(s)
        case .closure?: return .undefined
        case nil: base = nil
        }
        let picked = try JSONText.property(base, JSONText.key(index))
        switch picked {
        case nil: return .string("")
        case .string(let s)?: return .string(s)
        case .number(let n)?: return .number(n.double)
        case .bool(let b)?: return .string(b ? "true" : "false")
        case let other?: return .string(JSONText.stringify(other))
        }
    }

    static func assign(_ scope: Scope, _ name: String, _ value: Value, index: String, type: String?) throws {
        guard let owner = scope.owner(of: name) else { throw CommandError("No such variable: \"\(name)\"") }
        let text = value.string
        switch owner.storedValue(name) {
        case .closure?:
            // Setting a property on a closure object changes nothing visible.
            return
        case .text(let s)?:
            if let parsed = JSONText.parse(s) {
                var target: JSONValue? = parsed
                do {
                    try JSONText.setProperty(&target, JSONText.key(index), JSONText.convert(text, type: type))
                    try owner.assign(name, .text(target.map(JSONText.stringify) ?? ""))
                    return
                } catch {
                    // JavaScript retries on the parsed value with the raw index, which fails the same way.
                    var again: JSONValue? = parsed
                    try JSONText.setProperty(&again, index, JSONText.convert(text, type: type))
                }
            } else {
                var target: JSONValue? = .string(s)
                try JSONText.setProperty(&target, index, JSONText.convert(text, type: type))
            }
        case nil:
            var target: JSONValue?
            try JSONText.setProperty(&target, index, JSONText.convert(text, type: type))
        }
    }
}

extension String {
    func trimmingJSWhitespaceForJSON() -> String { JSWhitespace.trim(self) }
}
