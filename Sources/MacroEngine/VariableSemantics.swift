import JSCompat

/// A value as SillyTavern's variable functions return it: JavaScript text, a number, or another JSON value.
public enum VariableReading: Sendable, Hashable {
    case text(String)
    case number(Double)
    /// `true`, `false`, `null`, a list or an object, as JSON text.
    case json(String)

    /// How a macro prints it (SillyTavern's `normalizeMacroResult`): numbers as JavaScript prints them.
    public var macroText: String {
        switch self {
        case .text(let text): return text
        case .number(let number): return JSNumber.format(number)
        case .json(let json): return json
        }
    }

    /// JavaScript truthiness (`!value` is false).
    var isTruthy: Bool {
        switch self {
        case .text(let text): return !text.isEmpty
        case .number(let number): return number != 0 && !number.isNaN
        case .json(let json): return json != "false" && json != "null"
        }
    }

    /// `Number(value)` in JavaScript.
    var numberValue: Double {
        switch self {
        case .text(let text): return JSNumber.parse(text)
        case .number(let number): return number
        case .json(let json): return VariableSemantics.numberOfJSON(json)
        }
    }
}

/// SillyTavern's chat-local and global variable semantics (spec §6.4), over an environment's raw storage.
/// Shared by the variable macros; the runtime's variable commands can use the same functions.
public struct VariableSemantics {
    public let environment: any MacroEnvironment
    public let scope: VariableScope

    public init(environment: any MacroEnvironment, scope: VariableScope) {
        self.environment = environment
        self.scope = scope
    }

    /// `getLocalVariable`: missing → `""`; non-blank numeric text → a number (so `007` reads back as `7`).
    public func get(_ name: String) -> VariableReading {
        guard let stored = environment.variable(name, in: scope) else { return .text("") }
        switch stored {
        case .number(let number):
            return .number(number)
        case .text(let text):
            if JSWhitespace.trim(text).isEmpty { return .text(text) }
            let number = JSNumber.parse(text)
            return number.isNaN ? .text(text) : .number(number)
        case .json(let json):
            let number = VariableSemantics.numberOfJSON(json)
            return number.isNaN ? .json(json) : .number(number)
        }
    }

    /// `get` with `index=`: the stored text parsed as JSON, one element picked (objects and lists as JSON text),
    /// then the same number normalisation. Anything unparsable reads as the whole value.
    public func get(_ name: String, index: String) -> VariableReading {
        guard let stored = environment.variable(name, in: scope) else { return .text("") }
        guard case .text(let text) = stored else {
            // `JSON.parse` of a number or other non-string yields no element.
            if case .number = stored { return .text("") }
            return get(name)
        }
        guard let parsed = JSONList.parse(text) else { return get(name) }
        let element: JSONValue?
        let number = JSNumber.parse(index)
        switch parsed {
        case .array(let elements):
            if number.isNaN || number < 0 || number != number.rounded(.towardZero) || number >= Double(elements.count) {
                element = nil
            } else {
                element = elements[Int(number)]
            }
        case .object(let object):
            element = object[number.isNaN ? index : JSNumber.format(number)]
        case .string(let string):
            let units = Array(string.utf16)
            if !number.isNaN, number >= 0, number == number.rounded(.towardZero), number < Double(units.count) {
                element = .string(String(decoding: [units[Int(number)]], as: UTF16.self))
            } else {
                element = nil
            }
        default:
            element = nil
        }
        switch element {
        case nil: return .text("")
        case .string(let string)?:
            if JSWhitespace.trim(string).isEmpty { return .text(string) }
            let value = JSNumber.parse(string)
            return value.isNaN ? .text(string) : .number(value)
        case .number(let number)?: return .number(number.double)
        case .bool(let flag)?: return .number(flag ? 1 : 0)
        case let other?: return .json(other.stringified())
        }
    }

    /// `set` with `index=`: parses the stored value as JSON (missing → a new list for a numeric index, an object
    /// otherwise), writes the element as text and stores the whole as JSON text; unparsable values stay unchanged.
    @discardableResult
    public func set(_ name: String, index: String, to value: String) -> Bool {
        guard !name.isEmpty else { return false }
        let storedText: String
        switch environment.variable(name, in: scope) {
        case nil: storedText = "null"
        case .text(let text)?: storedText = text
        case .number(let number)?: storedText = JSNumber.format(number)
        case .json(let json)?: storedText = json
        }
        guard var parsed = JSONList.parse(storedText) else { return true }
        let number = JSNumber.parse(index)
        // A numeric index makes a missing value a list, any other key an object.
        if case .null = parsed { parsed = number.isNaN ? .object(JSONObject()) : .array([]) }
        switch parsed {
        case .object(var object):
            object[number.isNaN ? index : JSNumber.format(number)] = .string(value)
            parsed = .object(object)
        case .array(var elements):
            // Only whole, non-negative indexes become elements; other keys are properties JSON does not keep.
            if !number.isNaN, number >= 0, number == number.rounded(.towardZero), number < 100_000 {
                let position = Int(number)
                while elements.count <= position { elements.append(.null) }
                elements[position] = .string(value)
                parsed = .array(elements)
            }
        default:
            // Writing a property of a number, string or boolean fails in strict mode; the value stays as it was.
            return true
        }
        environment.setVariable(name, to: .text(parsed.stringified()), in: scope)
        return true
    }

    /// Whether the variable exists.
    public func has(_ name: String) -> Bool {
        environment.variable(name, in: scope) != nil
    }

    /// Stores text as given; nil when the name is empty (SillyTavern throws "Variable name cannot be empty").
    @discardableResult
    public func set(_ name: String, to value: VariableValue) -> Bool {
        guard !name.isEmpty else { return false }
        environment.setVariable(name, to: value, in: scope)
        return true
    }

    public func delete(_ name: String) {
        if has(name) { environment.setVariable(name, to: nil, in: scope) }
    }

    /// `addLocalVariable`: appends to a JSON list, adds numbers, else concatenates (missing counts as 0 / empty).
    /// Returns the new value, or nil when the name is empty.
    @discardableResult
    public func add(_ name: String, _ value: VariableReading) -> VariableReading? {
        guard !name.isEmpty else { return nil }
        var current = get(name)
        if !current.isTruthy { current = .number(0) }
        if case .text(let text) = current, let appended = JSONList.appending(value, to: text) {
            set(name, to: .text(appended))
            return .json(appended)
        }
        let increment = value.numberValue
        if increment.isNaN || current.numberValue.isNaN {
            let prefix: String
            if case .number(let number) = current, number == 0 { prefix = "" } else { prefix = current.macroText }
            let joined = prefix + value.macroText
            set(name, to: .text(joined))
            return .text(joined)
        }
        let sum = current.numberValue + increment
        if sum.isNaN { return .text("") }
        set(name, to: .number(sum))
        return .number(sum)
    }

    /// `Number(value)` for a JSON value that is not a string: `true` → 1, `false`/`null`/`[]` → 0, a one-element
    /// list → its element's number, anything else NaN.
    static func numberOfJSON(_ json: String) -> Double {
        let trimmed = JSWhitespace.trim(json)
        switch trimmed {
        case "true": return 1
        case "false", "null": return 0
        default: break
        }
        guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return JSNumber.parse(trimmed) }
        let inner = JSWhitespace.trim(String(trimmed.dropFirst().dropLast()))
        if inner.isEmpty { return 0 }
        if inner.contains(",") || inner.hasPrefix("[") || inner.hasPrefix("{") { return .nan }
        if inner.hasPrefix("\""), inner.hasSuffix("\""), inner.count >= 2 {
            return JSNumber.parse(String(inner.dropFirst().dropLast()))
        }
        return numberOfJSON(inner)
    }
}

/// Just enough JSON to append to a list the way `JSON.parse` + `push` + `JSON.stringify` do.
enum JSONList {
    /// The list in `text` with `value` appended, re-serialised compactly; nil when `text` is not a JSON list.
    static func appending(_ value: VariableReading, to text: String) -> String? {
        guard case .array(var elements)? = parse(text) else { return nil }
        switch value {
        case .text(let text): elements.append(.string(text))
        case .number(let number): elements.append(.number(JSONNumber(spelling: JSNumber.format(number))))
        case .json(let json): elements.append(parse(json) ?? .string(json))
        }
        return JSONValue.array(elements).stringified()
    }

    /// `JSON.parse` of `text`, nil when it is not JSON. Numbers are respelled as JavaScript holds them (`1.50` → `1.5`),
    /// since JavaScript keeps no spelling.
    static func parse(_ text: String) -> JSONValue? {
        guard let value = try? JSONValue.parse(text) else { return nil }
        return respelled(value)
    }

    private static func respelled(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let number): return .number(JSONNumber(spelling: number.javaScriptString))
        case .array(let items): return .array(items.map(respelled))
        case .object(let object): return .object(JSONObject(object.members.map { ($0.key, respelled($0.value)) }))
        default: return value
        }
    }
}
