// Edits one JSON object without decoding it: reads members as byte spans, records changes, and renders the object
// with every untouched key and value copied byte for byte. New keys go last, as assigning a property in JS does.

/// A JSON object to read and change: either one found in a scanned buffer, or a new empty one.
public struct ObjectEditor {
    public let bytes: UnsafeRawBufferPointer
    private var members: [JSONMember]
    private var keys: [String]
    /// Changes in the order they were first made; a nil value removes the key.
    private var edits: [(key: String, value: [UInt8]?)] = []

    /// The object whose members were found by a scan of `bytes`.
    public init(bytes: UnsafeRawBufferPointer, members: [JSONMember]) {
        self.bytes = bytes
        self.members = members
        self.keys = members.map { JSONStringBytes.decodeKey(bytes, $0) }
    }

    /// The object starting at `start` in `bytes` (already validated), or nil when no object starts there.
    public init?(bytes: UnsafeRawBufferPointer, objectAt start: Int, limit: Int) {
        guard start < limit, bytes[start] == UInt8(ascii: "{") else { return nil }
        var scanner = JSONScanner(bytes)
        guard let found = try? scanner.members(ofObjectAt: start, limit: limit) else { return nil }
        self.init(bytes: bytes, members: found)
    }

    /// A new, empty object.
    public static func empty() -> ObjectEditor {
        ObjectEditor(bytes: UnsafeRawBufferPointer(start: nil, count: 0), members: [])
    }

    public var isChanged: Bool { !edits.isEmpty }

    // MARK: reading

    /// The encoded value of `key` as it stands now (after edits): JSON.parse keeps the last duplicate.
    public func value(_ key: String) -> ValueBytes? {
        if let edit = edits.last(where: { $0.key == key }) {
            return edit.value.map { .owned($0) }
        }
        guard let index = keys.lastIndex(of: key) else { return nil }
        return .span(members[index].valueRange)
    }

    /// The range in `bytes` of the (unedited) value of `key`.
    public func span(_ key: String) -> Range<Int>? {
        guard !edits.contains(where: { $0.key == key }), let index = keys.lastIndex(of: key) else { return nil }
        return members[index].valueRange
    }

    public func has(_ key: String) -> Bool {
        if let edit = edits.last(where: { $0.key == key }) { return edit.value != nil }
        return keys.contains(key)
    }

    public func string(_ key: String) -> String? {
        guard let value = value(key) else { return nil }
        return withBytes(value) { raw, range in
            guard range.count >= 2, raw[range.lowerBound] == UInt8(ascii: "\"") else { return nil }
            return JSONStringBytes.decode(raw, range)
        }
    }

    /// JavaScript truthiness of a member's value (a missing member is falsy).
    public func isTruthy(_ key: String) -> Bool {
        guard let value = value(key) else { return false }
        return withBytes(value) { raw, range in JSONTruth.isTruthy(raw, range) }
    }

    /// Calls `body` with the value's bytes (either in `bytes` or in an edit).
    public func withBytes<R>(_ value: ValueBytes, _ body: (UnsafeRawBufferPointer, Range<Int>) -> R) -> R {
        switch value {
        case .span(let range): return body(bytes, range)
        case .owned(let owned): return owned.withUnsafeBytes { body($0, 0..<$0.count) }
        }
    }

    // MARK: changing

    public mutating func set(_ key: String, _ encoded: [UInt8]) {
        edits.removeAll { $0.key == key }
        edits.append((key, encoded))
    }

    public mutating func set(_ key: String, string: String) {
        set(key, JSONStringBytes.encode(string))
    }

    /// Removes `key` (JSON.stringify also drops a property set to undefined).
    public mutating func remove(_ key: String) {
        edits.removeAll { $0.key == key }
        if keys.contains(key) { edits.append((key, nil)) }
    }

    // MARK: rendering

    /// The object's bytes: compact separators, untouched keys and values verbatim, new keys last.
    public func render() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((members.last?.valueEnd ?? 0) - (members.first?.keyStart ?? 0) + 64)
        render(into: &out)
        return out
    }

    public func render(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for (index, member) in members.enumerated() {
            let key = keys[index]
            if let edit = edits.first(where: { $0.key == key }) {
                // An edited key keeps the position of its first occurrence; later duplicates disappear.
                guard let value = edit.value, keys.firstIndex(of: key) == index else { continue }
                separate(&out, &first)
                out.append(contentsOf: bytes[member.keyStart..<member.keyEnd])
                out.append(UInt8(ascii: ":"))
                out.append(contentsOf: value)
            } else {
                separate(&out, &first)
                out.append(contentsOf: bytes[member.keyStart..<member.keyEnd])
                out.append(UInt8(ascii: ":"))
                out.append(contentsOf: bytes[member.valueStart..<member.valueEnd])
            }
        }
        for edit in edits where !keys.contains(edit.key) {
            guard let value = edit.value else { continue }
            separate(&out, &first)
            JSONStringBytes.encode(edit.key, into: &out)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: value)
        }
        out.append(UInt8(ascii: "}"))
    }

    private func separate(_ out: inout [UInt8], _ first: inout Bool) {
        if first { first = false } else { out.append(UInt8(ascii: ",")) }
    }
}

/// An encoded JSON value: a span of the scanned buffer, or bytes made by an edit.
public enum ValueBytes {
    case span(Range<Int>)
    case owned([UInt8])
}

/// Edits one JSON array's elements by index, copying the others verbatim.
public struct ArrayEditor {
    public let bytes: UnsafeRawBufferPointer
    public let elements: [Range<Int>]
    private var replaced: [Int: [UInt8]] = [:]

    public init?(bytes: UnsafeRawBufferPointer, arrayAt start: Int, limit: Int) {
        guard start < limit, bytes[start] == UInt8(ascii: "[") else { return nil }
        var scanner = JSONScanner(bytes)
        guard let found = try? scanner.elements(ofArrayAt: start, limit: limit) else { return nil }
        self.bytes = bytes
        self.elements = found
    }

    public var count: Int { elements.count }
    public var isChanged: Bool { !replaced.isEmpty }

    public func string(at index: Int) -> String? {
        let range = elements[index]
        guard let owned = replaced[index] else {
            guard bytes[range.lowerBound] == UInt8(ascii: "\"") else { return nil }
            return JSONStringBytes.decode(bytes, range)
        }
        return owned.withUnsafeBytes { raw in
            raw.first == UInt8(ascii: "\"") ? JSONStringBytes.decode(raw, 0..<raw.count) : nil
        }
    }

    public func isTruthy(at index: Int) -> Bool {
        guard let owned = replaced[index] else { return JSONTruth.isTruthy(bytes, elements[index]) }
        return owned.withUnsafeBytes { JSONTruth.isTruthy($0, 0..<$0.count) }
    }

    public mutating func set(_ index: Int, _ encoded: [UInt8]) {
        replaced[index] = encoded
    }

    public func render() -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, range) in elements.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            if let owned = replaced[index] {
                out.append(contentsOf: owned)
            } else {
                out.append(contentsOf: bytes[range])
            }
        }
        out.append(UInt8(ascii: "]"))
        return out
    }
}

enum JSONTruth {
    /// JavaScript truthiness of an encoded value: "", 0, -0, null and false are falsy.
    static func isTruthy(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        guard let first = range.first.map({ raw[$0] }) else { return false }
        switch first {
        case UInt8(ascii: "\""): return range.count > 2
        case UInt8(ascii: "n"), UInt8(ascii: "f"): return false
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            // Zero in any spelling (0, -0, 0.0, 0e5) is falsy: every digit before an exponent is 0.
            for i in range {
                let c = raw[i]
                if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { break }
                if c >= UInt8(ascii: "1") && c <= UInt8(ascii: "9") { return true }
            }
            return false
        default: return true
        }
    }
}

extension JSONStringBytes {
    static func decodeKey(_ bytes: UnsafeRawBufferPointer, _ member: JSONMember) -> String {
        if !member.keyHasEscape {
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(member.keyStart + 1)..<(member.keyEnd - 1)]),
                          as: UTF8.self)
        }
        return decode(bytes, member.keyStart..<member.keyEnd)
    }
}
