// JSONValue → text, byte for byte what JavaScript's JSON.stringify writes (numbers keep their spelling).

extension JSONValue {
    /// `JSON.stringify(value)`: no spaces.
    public func stringified() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        JSONSerializer.write(self, into: &out, indent: 0, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// `JSON.stringify(value, null, indent)`: one member per line, `": "` after keys (SillyTavern writes
    /// settings.json this way with indent 4). Indent 0 is the compact form.
    public func stringified(indent: Int) -> String {
        var out: [UInt8] = []
        JSONSerializer.write(self, into: &out, indent: Swift.max(0, Swift.min(indent, 10)), level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact JSON text of this value to `out` (for writers that assemble files).
    public func write(into out: inout [UInt8]) {
        JSONSerializer.write(self, into: &out, indent: 0, level: 0)
    }

    /// The JSON string literal for `text` (with quotes), escaped as JSON.stringify escapes.
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        JSONSerializer.writeString(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

enum JSONSerializer {
    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    static func write(_ value: JSONValue, into out: inout [UInt8], indent: Int, level: Int) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.spelling.utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent: indent, level: level + 1)
                write(item, into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent: indent, level: level)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, member) in object.members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent: indent, level: level + 1)
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent > 0 { out.append(UInt8(ascii: " ")) }
                write(member.value, into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent: indent, level: level)
            out.append(UInt8(ascii: "}"))
        }
    }

    @inline(__always)
    static func newline(_ out: inout [UInt8], indent: Int, level: Int) {
        guard indent > 0 else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    /// Escapes only what JSON.stringify escapes: `"`, `\`, and control characters below U+0020
    /// (`\b \f \n \r \t` by name, the rest as `\u00xx`). U+2028/U+2029 and non-ASCII stay as they are.
    static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(0x5C); out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C); out.append(0x5C)
            case 0x08: out.append(0x5C); out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(0x5C); out.append(UInt8(ascii: "f"))
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            case 0x00..<0x20:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
