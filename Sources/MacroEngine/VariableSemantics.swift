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
        var parser = MiniJSONParser(scalars: Array(text.unicodeScalars))
        guard let parsed = parser.parseDocument() else { return get(name) }
        let element: MiniJSON?
        let number = JSNumber.parse(index)
        switch parsed {
        case .array(let elements):
            if number.isNaN || number < 0 || number != number.rounded(.towardZero) || number >= Double(elements.count) {
                element = nil
            } else {
                element = elements[Int(number)]
            }
        case .object(let members):
            let key = number.isNaN ? index : JSNumber.format(number)
            element = members.first(where: { $0.0 == key })?.1
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
        case .number(let text)?: return .number(JSNumber.parse(text))
        case .bool(let flag)?: return .number(flag ? 1 : 0)
        case let other?: return .json(other.serialized)
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
        var parser = MiniJSONParser(scalars: Array(storedText.unicodeScalars))
        guard var parsed = parser.parseDocument() else { return true }
        let number = JSNumber.parse(index)
        // A numeric index makes a missing value a list, any other key an object.
        if case .null = parsed { parsed = number.isNaN ? .object([]) : .array([]) }
        func setMember(_ members: inout [(String, MiniJSON)], _ key: String) {
            if let existing = members.firstIndex(where: { $0.0 == key }) {
                members[existing].1 = .string(value)
            } else {
                members.append((key, .string(value)))
            }
        }
        switch parsed {
        case .object(var members):
            setMember(&members, number.isNaN ? index : JSNumber.format(number))
            parsed = .object(members)
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
        environment.setVariable(name, to: .text(parsed.serialized), in: scope)
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
        var parser = MiniJSONParser(scalars: Array(text.unicodeScalars))
        guard let parsed = parser.parseDocument(), case .array(var elements) = parsed else { return nil }
        switch value {
        case .text(let text): elements.append(.string(text))
        case .number(let number): elements.append(.number(JSNumber.format(number)))
        case .json(let json):
            var inner = MiniJSONParser(scalars: Array(json.unicodeScalars))
            elements.append(inner.parseDocument() ?? .string(json))
        }
        return MiniJSON.array(elements).serialized
    }
}

/// A minimal JSON tree (numbers kept as JavaScript would print them) used only for list appends.
indirect enum MiniJSON {
    case null, bool(Bool), number(String), string(String), array([MiniJSON]), object([(String, MiniJSON)])

    var serialized: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return JSONValue.quoted(text)
        case .array(let elements): return "[" + elements.map(\.serialized).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.map { JSONValue.quoted($0.0) + ":" + $0.1.serialized }.joined(separator: ",") + "}"
        }
    }
}

struct MiniJSONParser {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    mutating func parseDocument() -> MiniJSON? {
        skipWhitespace()
        guard let value = parseValue(depth: 0) else { return nil }
        skipWhitespace()
        return index == scalars.count ? value : nil
    }

    mutating func skipWhitespace() {
        while index < scalars.count, [" ", "\t", "\n", "\r"].contains(scalars[index]) { index += 1 }
    }

    mutating func parseValue(depth: Int) -> MiniJSON? {
        guard depth < 512, index < scalars.count else { return nil }
        switch scalars[index] {
        case "[":
            index += 1
            var elements: [MiniJSON] = []
            skipWhitespace()
            if index < scalars.count, scalars[index] == "]" { index += 1; return .array(elements) }
            while true {
                skipWhitespace()
                guard let element = parseValue(depth: depth + 1) else { return nil }
                elements.append(element)
                skipWhitespace()
                guard index < scalars.count else { return nil }
                if scalars[index] == "," { index += 1; continue }
                if scalars[index] == "]" { index += 1; return .array(elements) }
                return nil
            }
        case "{":
            index += 1
            var members: [(String, MiniJSON)] = []
            skipWhitespace()
            if index < scalars.count, scalars[index] == "}" { index += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard index < scalars.count, scalars[index] == "\"", let key = parseString() else { return nil }
                skipWhitespace()
                guard index < scalars.count, scalars[index] == ":" else { return nil }
                index += 1
                skipWhitespace()
                guard let value = parseValue(depth: depth + 1) else { return nil }
                // A repeated key keeps its first position and the last value, as JavaScript objects do.
                if let existing = members.firstIndex(where: { $0.0 == key }) {
                    members[existing].1 = value
                } else {
                    members.append((key, value))
                }
                skipWhitespace()
                guard index < scalars.count else { return nil }
                if scalars[index] == "," { index += 1; continue }
                if scalars[index] == "}" { index += 1; return .object(members) }
                return nil
            }
        case "\"":
            return parseString().map(MiniJSON.string)
        case "t": return literal("true", .bool(true))
        case "f": return literal("false", .bool(false))
        case "n": return literal("null", .null)
        default:
            return parseNumber()
        }
    }

    mutating func literal(_ word: String, _ value: MiniJSON) -> MiniJSON? {
        let wordScalars = Array(word.unicodeScalars)
        guard index + wordScalars.count <= scalars.count,
              Array(scalars[index..<(index + wordScalars.count)]) == wordScalars else { return nil }
        index += wordScalars.count
        return value
    }

    mutating func parseNumber() -> MiniJSON? {
        let start = index
        if index < scalars.count, scalars[index] == "-" { index += 1 }
        let digitsStart = index
        while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
        guard index > digitsStart else { return nil }
        if scalars[digitsStart] == "0", index - digitsStart > 1 { return nil }
        if index < scalars.count, scalars[index] == "." {
            index += 1
            let fraction = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            guard index > fraction else { return nil }
        }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            index += 1
            if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
            let exponent = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            guard index > exponent else { return nil }
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<index])
        return .number(JSNumber.format(JSNumber.parse(String(text))))
    }

    mutating func parseString() -> String? {
        index += 1
        var result = String.UnicodeScalarView()
        var pendingHigh: UInt32? = nil
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if scalar == "\"" { return String(result) }
            if scalar.value < 0x20 { return nil }
            guard scalar == "\\" else { result.append(scalar); continue }
            guard index < scalars.count else { return nil }
            let escape = scalars[index]
            index += 1
            switch escape {
            case "\"": result.append("\"")
            case "\\": result.append("\\")
            case "/": result.append("/")
            case "b": result.append("\u{08}")
            case "f": result.append("\u{0C}")
            case "n": result.append("\n")
            case "r": result.append("\r")
            case "t": result.append("\t")
            case "u":
                guard index + 4 <= scalars.count,
                      let code = UInt32(String(String.UnicodeScalarView(scalars[index..<(index + 4)])), radix: 16) else { return nil }
                index += 4
                if (0xD800...0xDBFF).contains(code) {
                    pendingHigh = code
                } else if (0xDC00...0xDFFF).contains(code), let high = pendingHigh {
                    let combined = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                    if let full = Unicode.Scalar(combined) { result.append(full) }
                    pendingHigh = nil
                } else if let plain = Unicode.Scalar(code) {
                    result.append(plain)
                } else {
                    result.append("\u{FFFD}")
                }
            default: return nil
            }
        }
        return nil
    }
}
