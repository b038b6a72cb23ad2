// Edits one JSON object without decoding it: reads members as byte spans, records changes as patches, and renders
// the object as its original bytes with the patches spliced in. Untouched keys, values and spacing stay byte for
// byte; a new key goes last, as assigning a property in JS does.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON object to read and change: either one found in a scanned buffer, or a new empty one.
public struct ObjectEditor {
    public let bytes: UnsafeRawBufferPointer
    /// Where the object sits in `bytes` (`{` to `}` inclusive); nil for a new object.
    private let range: Range<Int>?
    private var members: [JSONMember]
    /// Changes in the order they were first made; a nil value removes the key. `index` is the member the key
    /// names (its last occurrence), found once when the edit is made.
    private var edits: [Edit] = []
    /// Bytes that replace the whole object (`replaceAll`).
    private var replacement: [UInt8]?

    private struct Edit {
        var key: String
        var value: [UInt8]?
        var index: Int?
        /// The key occurs more than once in the object.
        var duplicated: Bool
    }

    /// The object occupying `range` of `bytes`, whose members a scan found.
    public init(bytes: UnsafeRawBufferPointer, range: Range<Int>, members: [JSONMember]) {
        self.bytes = bytes
        self.range = range
        self.members = members
    }

    /// The object starting at `start` in `bytes` (already validated), or nil when no object starts there.
    public init?(bytes: UnsafeRawBufferPointer, objectAt start: Int, limit: Int) {
        guard start < limit, bytes[start] == UInt8(ascii: "{") else { return nil }
        var scanner = JSONScanner(bytes)
        guard let found = try? scanner.members(ofObjectAt: start, limit: limit) else { return nil }
        // The closing brace: the last member's end is followed only by whitespace and `}`.
        var end = (found.last?.valueEnd ?? start + 1)
        while end < limit, bytes[end] != UInt8(ascii: "}") { end += 1 }
        self.init(bytes: bytes, range: start..<(end + 1), members: found)
    }

    private init(empty: Void) {
        bytes = UnsafeRawBufferPointer(start: nil, count: 0)
        range = nil
        members = []
    }

    /// A new, empty object.
    public static func empty() -> ObjectEditor { ObjectEditor(empty: ()) }

    public var isChanged: Bool { !edits.isEmpty || replacement != nil }

    /// Replaces the whole object with `encoded` (a transform that rebuilt it); reads still see the original.
    public mutating func replaceAll(with encoded: [UInt8]) {
        replacement = encoded
    }

    // MARK: reading

    /// The encoded value of `key` as it stands now (after edits): JSON.parse keeps the last duplicate.
    public func value(_ key: String) -> ValueBytes? {
        if let edit = edits.first(where: { $0.key == key }) {
            return edit.value.map { .owned($0) }
        }
        guard let index = memberIndex(key) else { return nil }
        return .span(members[index].valueRange)
    }

    /// The range in `bytes` of the (unedited) value of `key`.
    public func span(_ key: String) -> Range<Int>? {
        guard !edits.contains(where: { $0.key == key }), let index = memberIndex(key) else { return nil }
        return members[index].valueRange
    }

    public func has(_ key: String) -> Bool {
        if let edit = edits.first(where: { $0.key == key }) { return edit.value != nil }
        return memberIndex(key) != nil
    }

    /// The keys in order (decoded), before edits.
    public var keys: [String] { members.map { JSONStringBytes.decodeKey(bytes, $0) } }

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

    /// The value's bytes as an array.
    public func copy(_ value: ValueBytes) -> [UInt8] {
        switch value {
        case .span(let range): return ChatTransforms.copy(bytes, range)
        case .owned(let owned): return owned
        }
    }

    // MARK: changing

    public mutating func set(_ key: String, _ encoded: [UInt8]) {
        // Setting a key again keeps its place, as reassigning a JS property does.
        if let k = edits.firstIndex(where: { $0.key == key }) {
            edits[k].value = encoded
            return
        }
        let index = memberIndex(key)
        let duplicated = index != nil && memberIndex(key, last: false) != index
        edits.append(Edit(key: key, value: encoded, index: index, duplicated: duplicated))
    }

    public mutating func set(_ key: String, string: String) {
        set(key, JSONStringBytes.encode(string))
    }

    /// Removes `key` (JSON.stringify also drops a property set to undefined).
    public mutating func remove(_ key: String) {
        if let k = edits.firstIndex(where: { $0.key == key }) {
            if edits[k].index == nil { edits.remove(at: k) } else { edits[k].value = nil }
            return
        }
        if let index = memberIndex(key) {
            edits.append(Edit(key: key, value: nil, index: index, duplicated: memberIndex(key, last: false) != index))
        }
    }

    // MARK: rendering

    public func render() -> [UInt8] {
        var out: [UInt8] = []
        render(into: &out)
        return out
    }

    /// The object's bytes with the edits applied.
    public func render(into out: inout [UInt8]) {
        if let replacement { return out.append(contentsOf: replacement) }
        guard let range else { return renderNew(into: &out) }
        // Where each edit lands; removals and duplicate keys take the slower, rebuilding path.
        var patches: [(at: Range<Int>, value: [UInt8], order: Int)] = []
        let insertAt = range.upperBound - 1
        var hasMembers = !members.isEmpty
        for (order, edit) in edits.enumerated() {
            if let index = edit.index {
                guard let value = edit.value, !edit.duplicated else { return rebuild(into: &out) }
                patches.append((members[index].valueRange, value, order))
            } else if let value = edit.value {
                // A new key goes just before the closing brace.
                var added: [UInt8] = hasMembers ? [UInt8(ascii: ",")] : []
                JSONStringBytes.encode(edit.key, into: &added)
                added.append(UInt8(ascii: ":"))
                added.append(contentsOf: value)
                patches.append((insertAt..<insertAt, added, order))
                hasMembers = true
            }
        }
        patches.sort { $0.at.lowerBound != $1.at.lowerBound ? $0.at.lowerBound < $1.at.lowerBound : $0.order < $1.order }
        out.reserveCapacity(out.count + range.count + patches.reduce(0) { $0 + $1.value.count })
        var at = range.lowerBound
        for patch in patches {
            out.append(raw: bytes, at..<patch.at.lowerBound)
            out.append(contentsOf: patch.value)
            at = patch.at.upperBound
        }
        out.append(raw: bytes, at..<range.upperBound)
    }

    /// Rebuilds the object member by member (compact separators): used when keys are removed or duplicated.
    private func rebuild(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        var firstAt = [Int](repeating: -1, count: edits.count)
        var dropped: [Int] = []
        var appended: [Int] = []
        for (k, edit) in edits.enumerated() {
            var key = edit.key
            key.withUTF8 { wanted in
                for index in members.indices where matches(members[index], wanted) {
                    if firstAt[k] < 0 { firstAt[k] = index } else { dropped.append(index) }
                }
            }
            if firstAt[k] < 0 { appended.append(k) }
        }
        for (index, member) in members.enumerated() {
            if let k = firstAt.firstIndex(of: index) {
                // An edited key keeps the position of its first occurrence (as in JS); later duplicates disappear.
                guard let value = edits[k].value else { continue }
                separate(&out, &first)
                out.append(raw: bytes, member.keyStart..<member.keyEnd)
                out.append(UInt8(ascii: ":"))
                out.append(contentsOf: value)
            } else if !dropped.contains(index) {
                separate(&out, &first)
                out.append(raw: bytes, member.keyStart..<member.keyEnd)
                out.append(UInt8(ascii: ":"))
                out.append(raw: bytes, member.valueStart..<member.valueEnd)
            }
        }
        for k in appended {
            guard let value = edits[k].value else { continue }
            separate(&out, &first)
            JSONStringBytes.encode(edits[k].key, into: &out)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: value)
        }
        out.append(UInt8(ascii: "}"))
    }

    private func renderNew(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for edit in edits {
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

    // MARK: keys

    /// Index of the last (or first) member named `key`, comparing bytes (keys with escapes are decoded).
    private func memberIndex(_ key: String, last: Bool = true) -> Int? {
        var key = key
        return key.withUTF8 { wanted -> Int? in
            if last {
                var index = members.count - 1
                while index >= 0 {
                    if matches(members[index], wanted) { return index }
                    index -= 1
                }
            } else {
                for index in members.indices where matches(members[index], wanted) { return index }
            }
            return nil
        }
    }

    private func matches(_ member: JSONMember, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        if member.keyHasEscape {
            return JSONStringBytes.decodeKey(bytes, member) == String(decoding: wanted, as: UTF8.self)
        }
        guard member.keyEnd - member.keyStart == wanted.count + 2 else { return false }
        return wanted.isEmpty || memcmp(bytes.baseAddress! + member.keyStart + 1, wanted.baseAddress!, wanted.count) == 0
    }
}

/// An encoded JSON value: a span of the scanned buffer, or bytes made by an edit.
public enum ValueBytes {
    case span(Range<Int>)
    case owned([UInt8])
}

/// Edits one JSON array's elements by index, copying everything else verbatim.
public struct ArrayEditor {
    public let bytes: UnsafeRawBufferPointer
    public let range: Range<Int>
    public let elements: [Range<Int>]
    /// Replaced elements, in no particular order.
    private var replaced: [(index: Int, value: [UInt8])] = []

    public init?(bytes: UnsafeRawBufferPointer, arrayAt start: Int, limit: Int) {
        guard start < limit, bytes[start] == UInt8(ascii: "[") else { return nil }
        var scanner = JSONScanner(bytes)
        guard let found = try? scanner.elements(ofArrayAt: start, limit: limit) else { return nil }
        var end = found.last?.upperBound ?? start + 1
        while end < limit, bytes[end] != UInt8(ascii: "]") { end += 1 }
        self.bytes = bytes
        self.range = start..<(end + 1)
        self.elements = found
    }

    public var count: Int { elements.count }
    public var isChanged: Bool { !replaced.isEmpty }

    private func current(_ index: Int) -> [UInt8]? {
        replaced.last(where: { $0.index == index })?.value
    }

    public func string(at index: Int) -> String? {
        guard let owned = current(index) else {
            let range = elements[index]
            guard bytes[range.lowerBound] == UInt8(ascii: "\"") else { return nil }
            return JSONStringBytes.decode(bytes, range)
        }
        return owned.withUnsafeBytes { raw in
            raw.first == UInt8(ascii: "\"") ? JSONStringBytes.decode(raw, 0..<raw.count) : nil
        }
    }

    public func isTruthy(at index: Int) -> Bool {
        guard let owned = current(index) else { return JSONTruth.isTruthy(bytes, elements[index]) }
        return owned.withUnsafeBytes { JSONTruth.isTruthy($0, 0..<$0.count) }
    }

    public mutating func set(_ index: Int, _ encoded: [UInt8]) {
        replaced.removeAll { $0.index == index }
        replaced.append((index, encoded))
    }

    public func render() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range.count + replaced.reduce(0) { $0 + $1.value.count })
        var at = range.lowerBound
        for (index, value) in replaced.sorted(by: { $0.index < $1.index }) {
            out.append(raw: bytes, at..<elements[index].lowerBound)
            out.append(contentsOf: value)
            at = elements[index].upperBound
        }
        out.append(raw: bytes, at..<range.upperBound)
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

extension Array where Element == UInt8 {
    /// Appends `raw[range]` with one copy (appending a raw buffer's slice would go byte by byte).
    @inline(__always)
    mutating func append(raw: UnsafeRawBufferPointer, _ range: Range<Int>) {
        guard !range.isEmpty, let base = raw.baseAddress else { return }
        append(contentsOf: UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self) + range.lowerBound,
                                               count: range.count))
    }
}

/// `raw[range]` as an array.
func copy(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>) -> [UInt8] {
    var out: [UInt8] = []
    out.append(raw: raw, range)
    return out
}
