// JSON values as JavaScript sees them, with two additions JavaScript lacks and a lossless store needs:
// object keys keep their order (as JS objects do for string keys) and numbers keep the spelling they were read with.

/// A JSON value. Objects keep key order; numbers keep their original spelling (see `JSONNumber`).
///
/// Parse with `JSONValue.parse(_:)` (bytes or text), write with `stringified()` (exactly `JSON.stringify(v)`) or
/// `stringified(indent: 4)` (exactly `JSON.stringify(v, null, 4)`).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A number value from a Double, as JavaScript would hold it. NaN and ±Infinity become `null`, as
    /// `JSON.stringify` writes them.
    public static func number(_ value: Double) -> JSONValue {
        value.isFinite ? .number(JSONNumber(value)) : .null
    }

    /// A number value from an Int.
    public static func number(_ value: Int) -> JSONValue { .number(JSONNumber(spelling: String(value))) }
}

// MARK: - Reading values

extension JSONValue {
    /// The value under `key` when this is an object; nil otherwise or when absent.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The element at `index` when this is an array and the index is in range.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var numberValue: Double? { if case .number(let n) = self { return n.double }; return nil }
    public var objectValue: JSONObject? { if case .object(let o) = self { return o }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// JavaScript truthiness: `null`, `false`, `""`, `0`, `-0` and NaN are falsy; everything else (including
    /// empty arrays and objects) is truthy.
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .number(let n): let d = n.double; return d != 0 && !d.isNaN
        case .string(let s): return !s.isEmpty
        case .array, .object: return true
        }
    }

    /// What JavaScript's `String(value)` gives for a primitive; arrays and objects give their JSON text (which is
    /// what STscript shows for them). `null` gives "null".
    public var javaScriptString: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.javaScriptString
        case .string(let s): return s
        case .array, .object: return stringified()
        }
    }
}

// MARK: - Ordered object

/// A JSON object whose keys keep their order. Setting an existing key keeps its position (as in JavaScript);
/// a new key goes to the end.
public struct JSONObject: Sendable, Equatable, Sequence {
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue
        public init(key: String, value: JSONValue) { self.key = key; self.value = value }
    }

    public private(set) var members: [Member]

    public init() { members = [] }
    public init(_ pairs: [(String, JSONValue)]) {
        members = []
        for (key, value) in pairs { self[key] = value }
    }
    /// Members taken as given: the caller guarantees the keys are distinct.
    init(uniqueMembers: [Member]) { members = uniqueMembers }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    public func index(of key: String) -> Int? { members.firstIndex { $0.key == key } }

    public subscript(key: String) -> JSONValue? {
        get { index(of: key).map { members[$0].value } }
        set {
            if let i = index(of: key) {
                if let newValue { members[i].value = newValue } else { members.remove(at: i) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let i = index(of: key) else { return nil }
        return members.remove(at: i).value
    }

    public func makeIterator() -> IndexingIterator<[Member]> { members.makeIterator() }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }
}

// MARK: - Numbers that keep their spelling

/// A JSON number. A number read from text keeps that text and is written back unchanged; a number made from a
/// Double is spelled as JavaScript prints it (`String(n)`: shortest round-trip, `1e+21` above 1e21).
public struct JSONNumber: Sendable, Equatable, CustomStringConvertible {
    /// The text written for this number.
    public let spelling: String

    /// Takes `spelling` as written; it should be valid JSON number text.
    public init(spelling: String) { self.spelling = spelling }

    /// A finite Double, spelled as JavaScript prints it.
    public init(_ value: Double) { spelling = JSONNumber.javaScriptSpelling(value) }

    /// The number's value (JavaScript's reading of the spelling).
    public var double: Double { Double(spelling) ?? .nan }

    /// What JavaScript's `String(n)` shows for this number (the spelling's value, normalised: `1.50` → `1.5`).
    public var javaScriptString: String { JSONNumber.javaScriptSpelling(double) }

    public var description: String { spelling }

    /// Equal when the values are equal (`1.0` == `1`), as JavaScript compares numbers.
    public static func == (a: JSONNumber, b: JSONNumber) -> Bool {
        a.spelling == b.spelling || a.double == b.double
    }

    /// JavaScript's Number → String (`JSNumber.format`).
    public static func javaScriptSpelling(_ value: Double) -> String { JSNumber.format(value) }
}

// MARK: - Literals

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(integerLiteral value: Int) { self = .number(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}
