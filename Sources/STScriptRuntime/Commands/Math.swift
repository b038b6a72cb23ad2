import Foundation
import JSCompat

/// Math commands (§8.3) plus `/len`, `/sort`, `/rand`: operands are numbers or variable names (scoped, then
/// chat, then global); what is not a number is silently dropped; NaN results print as 0.
enum MathCommands {
    static let family = "Math"

    static let declarations: [CommandDeclaration] = [
        series("add", help: "Adds the values.", example: "/add 10 i 30 j") { $0.reduce(0, +) },
        series("mul", help: "Multiplies the values.", example: "/mul [2,3,4]") { $0.reduce(1, *) },
        series("max", help: "The largest of the values.", example: "/max 1 5 3") { javaScriptMax($0) },
        series("min", help: "The smallest of the values.", example: "/min 4 2 9") { javaScriptMin($0) },
        series("sub", help: "Subtracts the other values from the first.", example: "/sub 10 3 2") { values in
            values.dropFirst().reduce(values[0], -)
        },
        series("div", help: "Divides the first value by the second (division by zero gives 0).",
               example: "/div 10 4") { values in
            guard values.count > 1 else { return .nan }
            return values[1] == 0 ? 0 : values[0] / values[1]
        },
        series("mod", help: "The remainder of dividing the first value by the second (by zero gives 0).",
               example: "/mod 10 3") { values in
            guard values.count > 1 else { return .nan }
            return values[1] == 0 ? 0 : values[0].truncatingRemainder(dividingBy: values[1])
        },
        series("pow", help: "Raises the first value to the power of the second.", example: "/pow 2 10") { values in
            guard values.count > 1 else { return .nan }
            return javaScriptPow(values[0], values[1])
        },
        single("sin", help: "The sine of the value (radians).", example: "/sin 1.5707963267948966") { Foundation.sin($0) },
        single("cos", help: "The cosine of the value (radians).", example: "/cos 0") { Foundation.cos($0) },
        single("log", help: "The natural logarithm of the value.", example: "/log 10") { Foundation.log($0) },
        single("abs", help: "The absolute value.", example: "/abs -5") { Swift.abs($0) },
        single("sqrt", help: "The square root of the value.", example: "/sqrt 16") { $0.squareRoot() },
        single("round", help: "Rounds the value to the nearest integer (halves up: 2.5 → 3, −2.5 → −2).",
               example: "/round 2.5") { JSNumber.round($0) },
        CommandDeclaration(
            name: "len", aliases: ["length"], family: family,
            help: "The length of a value: items of a JSON list, keys of a dictionary, digits of a number, characters of text.",
            example: "/len [1,2,3] | /echo", returns: "length of the value",
            unnamedArguments: [.init("value", isRequired: true)],
            run: { call in
                switch call.unnamed {
                case .list(let parts): return .text(String(parts.count))  // a JavaScript array of parts
                case .single(.closure): return .text(String(closureFieldCount))
                case .single(.text(let text)): return .text(String(try length(text)))
                }
            }),
        CommandDeclaration(
            name: "sort", family: family,
            help: "Sorts a JSON list by value, or gives a dictionary's keys sorted (keysort=false: by their values).",
            example: "/sort [3,1,2] | /echo", returns: "the sorted list or dictionary keys",
            namedArguments: [.init("keysort", help: "sort dictionary keys by key (true) or by value (false)",
                                   enumValues: ["true", "false"], defaultValue: "true")],
            unnamedArguments: [.init("value", isRequired: true)],
            run: { call in .text(try sorted(call.unnamed.string, keysort: call.named["keysort"]?.string)) }),
        CommandDeclaration(
            name: "rand", family: family,
            help: "A random number from `from` (0) up to `to` (the unnamed value, or 1); round= round, ceil or floor.",
            example: "/rand round=floor 10 | /echo", returns: "random number",
            namedArguments: [.init("from", help: "lowest value", defaultValue: "0"),
                             .init("to", help: "highest value", defaultValue: "1"),
                             .init("round", help: "rounding of the result", enumValues: ["round", "ceil", "floor"])],
            unnamedArguments: [.init("to")],
            run: random),
    ]

    // MARK: - Declaration helpers

    /// A command over all its operands (the unnamed text is split into tokens).
    static func series(_ name: String, help: String, example: String,
                       _ operation: @escaping @Sendable ([Double]) -> Double) -> CommandDeclaration {
        CommandDeclaration(
            name: name, family: family, help: help + " Operands may be numbers, variable names or a JSON list.",
            example: example + " | /echo", returns: "the result",
            unnamedArguments: [.init("values", isRequired: true)],
            splitsUnnamedArgument: true,
            run: { call in
                let values = try numericSeries(call.unnamed.parts, call)
                return .text(result(values.isEmpty ? 0 : operation(values)))
            })
    }

    /// A command over its first operand only.
    static func single(_ name: String, help: String, example: String,
                       _ operation: @escaping @Sendable (Double) -> Double) -> CommandDeclaration {
        CommandDeclaration(
            name: name, family: family, help: help + " The operand may be a variable name.",
            example: example + " | /echo", returns: "the result",
            unnamedArguments: [.init("value", isRequired: true)],
            run: { call in
                let value: Value
                switch call.unnamed {
                case .single(let v): value = v
                case .list(let parts): value = .text(parts.map(\.string).joined(separator: ","))
                }
                guard case .text(let text) = value else { throw CommandError("value.split is not a function") }
                if text.isEmpty { return .text("0") }
                // The whole text is cut at spaces first, so a JSON list is only read when it has no spaces.
                let values = try numericSeries(splitAtSpaces(text).map(Value.text), call)
                return .text(result(values.first.map(operation) ?? 0))
            })
    }

    /// The printed result: NaN becomes 0, everything else as JavaScript prints numbers.
    static func result(_ value: Double) -> String {
        value.isNaN ? "0" : JSNumber.format(value)
    }

    // MARK: - Operands (§6.6)

    /// The numbers among the operands: one token holding spaces is split again, one starting with `[` is
    /// read as a JSON list; names resolve through scoped, chat and global variables; the rest is dropped.
    static func numericSeries(_ parts: [Value], _ call: CommandCall) throws -> [Double] {
        enum Operand { case value(Value), json(JSONValue) }
        var operands = parts.map(Operand.value)
        if parts.count == 1, case .text(let only) = parts[0] {
            if only.hasPrefix("[") {
                let list = (try? JSONValue.parse(only))?.arrayValue ?? []
                operands = list.map(Operand.json)
            } else {
                operands = splitAtSpaces(only).map { .value(.text($0)) }
            }
        }
        var numbers: [Double] = []
        for operand in operands {
            let number: Double
            switch operand {
            case .value(.closure):
                continue  // Number(closure) is NaN, and so is any variable named "[Closure]"-like text.
            case .value(.text(let raw)):
                let token = JSWhitespace.trim(raw)
                if token.isEmpty { continue }
                let direct = JSNumber.parse(token)
                number = direct.isNaN ? try variableNumber(token, call) : direct
            case .json(let element):
                if case .string(let raw) = element, JSWhitespace.trim(raw).isEmpty { continue }
                let direct = toNumber(element)
                number = direct.isNaN ? try variableNumber(javaScriptString(element), call) : direct
            }
            if !number.isNaN { numbers.append(number) }
        }
        return numbers
    }

    /// `text.split(' ')`: cut at every U+0020, keeping empty pieces.
    static func splitAtSpaces(_ text: String) -> [String] {
        text.utf16.split(separator: 0x20, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF16.self) }
    }

    /// `Number(resolveVariable(name))`: scoped, then chat-local, then global; a name that is none of them is NaN.
    static func variableNumber(_ name: String, _ call: CommandCall) throws -> Double {
        if call.scope.exists(name) { return number(try call.scope.read(name)) }
        for namespace in [VariableNamespace.chat, .global] {
            if let stored = call.interpreter.variables.value(name, in: namespace) {
                return number(VariableCommands.normalized(stored))
            }
        }
        return .nan
    }

    static func number(_ value: JSValue) -> Double {
        switch value {
        case .number(let n): return n
        case .string(let s): return JSNumber.parse(s)
        case .closure, .undefined: return .nan
        }
    }

    /// `Number(x)` for a JSON value.
    static func toNumber(_ value: JSONValue) -> Double {
        switch value {
        case .null: return 0
        case .bool(let b): return b ? 1 : 0
        case .number(let n): return n.double
        case .string(let s): return JSNumber.parse(JSWhitespace.trim(s))
        case .array: return JSNumber.parse(javaScriptString(value))
        case .object: return .nan
        }
    }

    /// `String(x)` for a JSON value (lists joined with commas, objects as `[object Object]`).
    static func javaScriptString(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return JSNumber.format(n.double)
        case .string(let s): return s
        case .array(let items):
            return items.map { item in
                if case .null = item { return "" }
                return javaScriptString(item)
            }.joined(separator: ",")
        case .object: return "[object Object]"
        }
    }

    // MARK: - JavaScript Math

    static func javaScriptMax(_ values: [Double]) -> Double {
        values.dropFirst().reduce(values[0]) { $1 > $0 || ($1 == 0 && $0 == 0 && $0.sign == .minus) ? $1 : $0 }
    }

    static func javaScriptMin(_ values: [Double]) -> Double {
        values.dropFirst().reduce(values[0]) { $1 < $0 || ($1 == 0 && $0 == 0 && $1.sign == .minus) ? $1 : $0 }
    }

    /// `Math.pow`: unlike C, 1 and −1 to an infinite power are NaN.
    static func javaScriptPow(_ base: Double, _ exponent: Double) -> Double {
        if exponent.isInfinite && Swift.abs(base) == 1 { return .nan }
        return Foundation.pow(base, exponent)
    }

    // MARK: - /len

    /// `Object.keys(closure).length` in SillyTavern: the public fields of its closure class.
    static let closureFieldCount = 12

    /// Lists count items, dictionaries keys, numbers the characters of their printed form, text its UTF-16
    /// units, JSON booleans 0; `null` fails as `Object.keys(null)` does.
    static func length(_ text: String) throws -> Int {
        guard let parsed = try? JSONValue.parse(text) else { return JSString.length(text) }
        switch parsed {
        case .array(let items): return items.count
        case .string(let s): return JSString.length(s)
        case .object(let object): return object.count
        case .number(let n): return JSString.length(JSNumber.format(n.double))
        case .bool: return 0
        case .null: throw CommandError("Cannot convert undefined or null to object")
        }
    }

    // MARK: - /sort

    static func sorted(_ text: String, keysort: String?) throws -> String {
        guard let parsed = try? JSONValue.parse(text) else { return text }
        switch parsed {
        case .array(let items):
            return JavaScriptJSON.stringify(.array(stableSorted(items, by: compare)))
        case .object(let object):
            let keys = JavaScriptJSON.keys(object)
            let ordered: [String]
            if JSBoolean.isFalse(keysort) {
                ordered = stableSorted(keys) { compare(object[$0] ?? .null, object[$1] ?? .null) }
            } else {
                ordered = stableSorted(keys) { compare(.string($0), .string($1)) }
            }
            return JSONValue.array(ordered.map(JSONValue.string)).stringified()
        case .null:
            throw CommandError("Cannot convert undefined or null to object")
        default:
            return JavaScriptJSON.stringify(parsed)
        }
    }

    /// `Array.prototype.sort` with a comparator: stable.
    static func stableSorted<T>(_ items: [T], by comparator: (T, T) -> Int) -> [T] {
        items.enumerated().sorted { a, b in
            let order = comparator(a.element, b.element)
            return order != 0 ? order < 0 : a.offset < b.offset
        }.map(\.element)
    }

    /// SillyTavern's sort order: different types by type name, same types by JavaScript's `<` and `>`.
    static func compare(_ a: JSONValue, _ b: JSONValue) -> Int {
        let typeA = typeName(a), typeB = typeName(b)
        if typeA != typeB { return typeA < typeB ? -1 : 1 }
        if relational(b, a) { return 1 }
        if relational(a, b) { return -1 }
        return 0
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null, .array, .object: return "object"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        }
    }

    /// JavaScript's `a < b` for JSON values.
    static func relational(_ a: JSONValue, _ b: JSONValue) -> Bool {
        func primitive(_ v: JSONValue) -> JSONValue {
            switch v {
            case .array, .object: return .string(javaScriptString(v))
            default: return v
            }
        }
        let pa = primitive(a), pb = primitive(b)
        if case .string(let sa) = pa, case .string(let sb) = pb {
            return sa.utf16.lexicographicallyPrecedes(sb.utf16)
        }
        let na = toNumber(pa), nb = toNumber(pb)
        return na < nb
    }

    // MARK: - /rand

    static func random(_ call: CommandCall) throws -> Value? {
        let from = JSNumber.parse(call.named["from"]?.string ?? "0")
        let unnamed = call.unnamed.string
        let to = JSNumber.parse(call.named["to"]?.string ?? (unnamed.isEmpty ? "1" : unnamed))
        var value = from + Double.random(in: 0..<1) * (to - from)
        switch call.named["round"]?.string {
        case "round"?: value = JSNumber.round(value)
        case "ceil"?: value = value.rounded(.up)
        case "floor"?: value = value.rounded(.down)
        default: break
        }
        return .text(JSNumber.format(value))
    }
}
