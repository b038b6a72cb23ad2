// JSON text → JSONValue, accepting exactly what JavaScript's JSON.parse accepts (plus a nesting limit so hostile
// input cannot exhaust the stack).

/// Why a JSON text could not be read, and where (byte offset into the input).
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Byte offset of the problem in the input.
    public var offset: Int
    public init(message: String, offset: Int) { self.message = message; self.offset = offset }
    public var description: String { "\(message) at byte \(offset)" }
}

extension JSONValue {
    /// Deepest nesting of arrays and objects accepted; deeper input is an error, never a crash.
    public static let maximumNesting = 512

    /// Parses JSON text (UTF-8 bytes). Surrounding whitespace is allowed, anything else after the value is an error.
    public static func parse<Bytes: Collection>(_ bytes: Bytes) throws(JSONParseError) -> JSONValue
    where Bytes.Element == UInt8 {
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) in try parse(buffer: buffer) }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        let copied = copy.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) in try parse(buffer: buffer) }
        }
        return try copied.get()
    }

    /// Parses JSON text.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) in try parse(buffer: buffer) }
        }
        return try result.get()
    }

    /// Parses the bytes of `buffer`.
    public static func parse(buffer: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(buffer)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.position < parser.bytes.count {
            throw parser.error("Unexpected non-whitespace character after JSON")
        }
        return value
    }

    /// Whether the bytes are one valid JSON value, without building it (cheap check for whole-file scans).
    public static func isValid(buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var parser = JSONParser(buffer)
        parser.skipWhitespace()
        guard (try? parser.skipValue(depth: 0)) != nil else { return false }
        parser.skipWhitespace()
        return parser.position == buffer.count
    }

    /// Whether the bytes are one valid JSON object (surrounding whitespace allowed), without building it.
    public static func isValidObject(buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var parser = JSONParser(buffer)
        parser.skipWhitespace()
        guard !parser.atEnd, parser.current == UInt8(ascii: "{") else { return false }
        return isValid(buffer: buffer)
    }
}

/// A byte cursor over JSON text; one method per grammar rule.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func error(_ message: String) -> JSONParseError { JSONParseError(message: message, offset: position) }

    @inline(__always) var atEnd: Bool { position >= bytes.count }
    @inline(__always) var current: UInt8 { bytes[position] }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard !atEnd else { throw error("Unexpected end of JSON input") }
        switch current {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        default: throw error("Unexpected token '\(Character(Unicode.Scalar(current)))'")
        }
    }

    /// Checks one value's syntax and moves past it without building anything.
    mutating func skipValue(depth: Int) throws(JSONParseError) {
        guard !atEnd else { throw error("Unexpected end of JSON input") }
        switch current {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < JSONValue.maximumNesting else { throw error("JSON nested too deeply") }
            let isObject = current == UInt8(ascii: "{")
            let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            position += 1
            skipWhitespace()
            if !atEnd && current == close { position += 1; return }
            while true {
                skipWhitespace()
                if isObject {
                    guard !atEnd, current == UInt8(ascii: "\"") else { throw error("Expected property name") }
                    try skipString()
                    skipWhitespace()
                    guard !atEnd, current == UInt8(ascii: ":") else { throw error("Expected ':'") }
                    position += 1
                    skipWhitespace()
                }
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard !atEnd else { throw error("Unexpected end of JSON input") }
                if current == UInt8(ascii: ",") { position += 1; continue }
                if current == close { position += 1; return }
                throw error("Expected ',' or closing bracket")
            }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try parseNumber()
        case UInt8(ascii: "t"): try expectWord("true")
        case UInt8(ascii: "f"): try expectWord("false")
        case UInt8(ascii: "n"): try expectWord("null")
        default: throw error("Unexpected token")
        }
    }

    mutating func skipString() throws(JSONParseError) {
        position += 1
        while position < bytes.count {
            skipPlainStringBytes()
            guard position < bytes.count else { break }
            let c = bytes[position]
            if c == UInt8(ascii: "\"") { position += 1; return }
            if c < 0x20 { throw error("Bad control character in string literal") }
            if c == UInt8(ascii: "\\") {
                position += 1
                guard position < bytes.count else { break }
                switch bytes[position] {
                case UInt8(ascii: "u"):
                    position += 1
                    _ = try parseHex4()
                    continue
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    break
                default: throw error("Bad escaped character in JSON")
                }
            }
            position += 1
        }
        throw error("Unterminated string in JSON")
    }

    /// Moves past string bytes that need no attention (not `"`, `\\` or a control character), eight at a time.
    @inline(__always) mutating func skipPlainStringBytes() {
        guard let base = bytes.baseAddress else { return }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while position + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            // A byte is zero in `quote`/`backslash`, or below 0x20 in `word`: the classic "has byte less than" test.
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
            if special & highs != 0 { return }
            position += 8
        }
    }

    mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("Unexpected end of JSON input") }
        let start = word.utf8Start
        for i in 0..<count where bytes[position + i] != start[i] {
            position += i
            throw error("Unexpected token in literal")
        }
        position += count
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= JSONValue.maximumNesting else { throw error("JSON nested too deeply") }
        position += 1  // {
        var members: [JSONObject.Member] = []
        var seen: [String: Int]? = nil  // only built for large objects, to keep duplicate checks linear
        skipWhitespace()
        if !atEnd && current == UInt8(ascii: "}") { position += 1; return .object(JSONObject(uniqueMembers: members)) }
        while true {
            skipWhitespace()
            guard !atEnd else { throw error("Unexpected end of JSON input") }
            guard current == UInt8(ascii: "\"") else { throw error("Expected property name") }
            let key = try parseString()
            skipWhitespace()
            guard !atEnd, current == UInt8(ascii: ":") else { throw error("Expected ':' after property name") }
            position += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            // JSON.parse: a repeated key keeps its first position and takes the last value.
            if members.count < 16 {
                if let i = members.firstIndex(where: { $0.key == key }) { members[i].value = value } else {
                    members.append(JSONObject.Member(key: key, value: value))
                }
            } else {
                if seen == nil {
                    var index: [String: Int] = [:]
                    for (i, m) in members.enumerated() { index[m.key] = i }
                    seen = index
                }
                if let i = seen?[key] { members[i].value = value } else {
                    seen?[key] = members.count
                    members.append(JSONObject.Member(key: key, value: value))
                }
            }
            skipWhitespace()
            guard !atEnd else { throw error("Unexpected end of JSON input") }
            if current == UInt8(ascii: ",") { position += 1; continue }
            if current == UInt8(ascii: "}") { position += 1; return .object(JSONObject(uniqueMembers: members)) }
            throw error("Expected ',' or '}' after property value")
        }
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= JSONValue.maximumNesting else { throw error("JSON nested too deeply") }
        position += 1  // [
        var items: [JSONValue] = []
        skipWhitespace()
        if !atEnd && current == UInt8(ascii: "]") { position += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth))
            skipWhitespace()
            guard !atEnd else { throw error("Unexpected end of JSON input") }
            if current == UInt8(ascii: ",") { position += 1; continue }
            if current == UInt8(ascii: "]") { position += 1; return .array(items) }
            throw error("Expected ',' or ']' after array element")
        }
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        guard !atEnd else { throw error("No number after minus sign") }
        if current == UInt8(ascii: "0") {
            position += 1
        } else if isDigit(current) {
            while !atEnd && isDigit(current) { position += 1 }
        } else {
            throw error("No number after minus sign")
        }
        if !atEnd && current == UInt8(ascii: ".") {
            position += 1
            guard !atEnd, isDigit(current) else { throw error("Unterminated fractional number") }
            while !atEnd && isDigit(current) { position += 1 }
        }
        if !atEnd && (current == UInt8(ascii: "e") || current == UInt8(ascii: "E")) {
            position += 1
            if !atEnd && (current == UInt8(ascii: "+") || current == UInt8(ascii: "-")) { position += 1 }
            guard !atEnd, isDigit(current) else { throw error("Exponent part is missing a number") }
            while !atEnd && isDigit(current) { position += 1 }
        }
        let spelling = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        return JSONNumber(spelling: spelling)
    }

    @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    mutating func parseString() throws(JSONParseError) -> String {
        position += 1  // opening quote
        let start = position
        // Fast path: no escapes — decode the span directly.
        skipPlainStringBytes()
        while position < bytes.count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw error("Bad control character in string literal") }
            position += 1
        }
        guard position < bytes.count else { throw error("Unterminated string in JSON") }
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            if c < 0x20 { throw error("Bad control character in string literal") }
            if c != UInt8(ascii: "\\") { buffer.append(c); position += 1; continue }
            position += 1
            guard position < bytes.count else { break }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""): buffer.append(0x22)
            case UInt8(ascii: "\\"): buffer.append(0x5C)
            case UInt8(ascii: "/"): buffer.append(0x2F)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                let unit = try parseHex4()
                var scalar: Unicode.Scalar?
                if UTF16.isLeadSurrogate(unit), position + 6 <= bytes.count,
                    bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
                {
                    let save = position
                    position += 2
                    let low = try parseHex4()
                    if UTF16.isTrailSurrogate(low) {
                        scalar = Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
                    } else {
                        position = save
                    }
                } else {
                    scalar = Unicode.Scalar(UInt32(unit))
                }
                // A lone surrogate cannot live in a Swift String; it becomes U+FFFD (the line stays intact on disk
                // unless its message is changed).
                let s = scalar ?? "\u{FFFD}"
                buffer.append(contentsOf: String(Character(s)).utf8)
            default:
                position -= 1
                throw error("Bad escaped character in JSON")
            }
        }
        throw error("Unterminated string in JSON")
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt16 {
        guard position + 4 <= bytes.count else { throw error("Bad Unicode escape in JSON") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let c = bytes[position]
            let digit: UInt16
            switch c {
            case 0x30...0x39: digit = UInt16(c - 0x30)
            case 0x41...0x46: digit = UInt16(c - 0x41 + 10)
            case 0x61...0x66: digit = UInt16(c - 0x61 + 10)
            default: throw error("Bad Unicode escape in JSON")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }
}
