import Dispatch
import JSCompat

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One SillyTavern chat file (`.jsonl`): a header line, then one message object per line.
///
/// Lossless: a line nobody changed is written back byte for byte; a changed message keeps its key order and
/// unknown fields; lines that are not JSON objects are kept where they were (and listed in `malformedLines`).
/// Messages are parsed only when asked for, so opening a long chat is cheap.
///
/// Obtain one from `DataFolder.openChat(_:)`; changes are written by `DataFolder.commit()`.
public final class ChatFile {
    /// Absolute path of the file.
    public let path: String
    /// The character folder (`chats/<name>/…`), nil for group chats and files elsewhere.
    public let characterFolder: String?
    /// Whether the file lives under `group chats/`.
    public let isGroupChat: Bool
    /// 1-based numbers of lines that were not JSON objects when the file was read (kept as they were).
    public private(set) var malformedLines: [Int] = []

    enum Kind { case header, message, kept }

    struct Line {
        var kind: Kind
        /// The bytes on disk (nil once changed).
        var raw: ArraySlice<UInt8>?
        /// The parsed object (nil until first asked for; kept lines never have one).
        var object: JSONObject?
    }

    var lines: [Line] = []
    /// Line index of each message, in chat order.
    var messageLines: [Int] = []
    var headerLine = 0
    /// The file ended with `\n` (SillyTavern never writes one, but we keep what we found).
    var endsWithNewline = false

    // What is on disk: size, where each line starts, and the first line that differs from it.
    var diskSize: Int?
    var diskLineStarts: [Int] = []
    var firstDirtyLine: Int?
    var identity: FileIdentity?

    init(path: String, characterFolder: String?, isGroupChat: Bool) throws(StoreError) {
        self.path = path
        self.characterFolder = characterFolder
        self.isGroupChat = isGroupChat
        try load()
    }

    /// A chat that lives only in memory (no data folder): commands work on it, nothing is written.
    public init(inMemoryFor characterName: String?) {
        path = ""
        characterFolder = characterName
        isGroupChat = false
        lines = [Line(kind: .header, raw: nil, object: ChatFile.newHeader)]
    }

    /// A chat read from JSONL bytes and kept in memory (`stscript pipe --chat-script`): commands work on it, and
    /// `jsonl` gives the bytes back with the same losslessness as a commit to disk.
    public init(inMemoryFrom bytes: [UInt8], characterName: String?) {
        path = ""
        characterFolder = characterName
        isGroupChat = false
        read(bytes)
    }

    /// The chat as JSONL: unchanged lines byte for byte, changed ones serialized, in file order.
    public var jsonl: [UInt8] {
        var out: [UInt8] = []
        for index in lines.indices {
            if index > 0 { out.append(0x0A) }
            appendLine(index, to: &out)
        }
        if endsWithNewline { out.append(0x0A) }
        return out
    }

    /// Whether the chat is kept in memory only.
    public var isInMemory: Bool { path.isEmpty }

    /// The chat's id as SillyTavern names it: the file name without `.jsonl`.
    public var chatID: String {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        return name.hasSuffix(".jsonl") ? String(name.dropLast(6)) : name
    }

    /// Reads the file again from disk (dropping unsaved changes).
    func load() throws(StoreError) {
        guard !isInMemory else { return }
        lines = []
        messageLines = []
        malformedLines = []
        diskLineStarts = []
        firstDirtyLine = nil
        endsWithNewline = false
        headerWasMissing = false
        identity = FileIdentity.of(path: path)
        guard let bytes = try FileSystem.read(path) else {
            diskSize = nil
            lines = [Line(kind: .header, raw: nil, object: ChatFile.newHeader)]
            headerLine = 0
            return
        }
        read(bytes)
    }

    /// Splits the file's bytes into header, messages and kept lines.
    private func read(_ bytes: [UInt8]) {
        diskSize = bytes.count
        let (ranges, trailingNewline) = ChatFile.lineRanges(of: bytes)
        endsWithNewline = trailingNewline
        let kinds = ChatFile.objectLines(bytes, ranges)
        var foundHeader = false
        for (index, range) in ranges.enumerated() {
            let raw = bytes[range]
            diskLineStarts.append(range.lowerBound)
            if kinds[index] {
                if foundHeader {
                    messageLines.append(lines.count)
                    lines.append(Line(kind: .message, raw: raw, object: nil))
                } else {
                    foundHeader = true
                    headerLine = lines.count
                    lines.append(Line(kind: .header, raw: raw, object: nil))
                }
            } else {
                if !raw.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    malformedLines.append(lines.count + 1)
                }
                lines.append(Line(kind: .kept, raw: raw, object: nil))
            }
        }
        if !foundHeader {
            // No header on disk: one is added in front when the file is next written.
            headerLine = 0
            lines.insert(Line(kind: .header, raw: nil, object: ChatFile.newHeader), at: 0)
            messageLines = []
            firstDirtyLine = nil
            headerWasMissing = true
        }
    }

    var headerWasMissing = false

    /// The byte ranges of the lines (split on `\n`), and whether the text ends with a `\n` (then the empty text
    /// after it is not a line). An empty file has no lines.
    static func lineRanges(of bytes: [UInt8]) -> ([Range<Int>], Bool) {
        var ranges: [Range<Int>] = []
        var trailingNewline = false
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            var start = 0
            while let hit = memchr(base + start, 0x0A, buffer.count - start) {
                let end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                ranges.append(start..<end)
                start = end + 1
            }
            if start < buffer.count { ranges.append(start..<buffer.count) } else { trailingNewline = true }
        }
        return (ranges, trailingNewline)
    }

    /// Which lines are JSON objects; long files are checked on all cores.
    static func objectLines(_ bytes: [UInt8], _ ranges: [Range<Int>]) -> [Bool] {
        var result = [Bool](repeating: false, count: ranges.count)
        bytes.withUnsafeBufferPointer { buffer in
            result.withUnsafeMutableBufferPointer { output in
                nonisolated(unsafe) let input = buffer
                nonisolated(unsafe) let flags = output
                let chunks = bytes.count > 4 << 20 ? 16 : 1
                let perChunk = (ranges.count + chunks - 1) / max(chunks, 1)
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    // Each chunk writes only its own lines' flags.
                    let lower = chunk * perChunk
                    let upper = min(ranges.count, lower + perChunk)
                    guard lower < upper else { return }
                    for index in lower..<upper {
                        flags[index] = JSONValue.isValidObject(buffer: UnsafeBufferPointer(rebasing: input[ranges[index]]))
                    }
                }
            }
        }
        return result
    }

    static let newHeader: JSONObject = [
        "chat_metadata": .object(JSONObject()), "user_name": "unused", "character_name": "unused",
    ]

    // MARK: Header

    /// The header object (first line).
    public var header: JSONObject {
        get { object(atLine: headerLine) }
        set { setObject(newValue, atLine: headerLine) }
    }

    /// `chat_metadata` from the header.
    public var metadata: JSONObject {
        get { header["chat_metadata"]?.objectValue ?? JSONObject() }
        set {
            var h = header
            h["chat_metadata"] = .object(newValue)
            header = h
        }
    }

    /// Chat-local variables: `chat_metadata.variables` (values are strings or numbers as stored).
    public var variables: JSONObject {
        get { metadata["variables"]?.objectValue ?? JSONObject() }
        set {
            var m = metadata
            m["variables"] = .object(newValue)
            metadata = m
        }
    }

    /// The character's name for `{{char}}`: a legacy header's real `character_name`, else the chat's folder name.
    public var characterName: String? {
        if let name = header["character_name"]?.stringValue, name != "unused", !name.isEmpty { return name }
        return characterFolder
    }

    // MARK: Messages

    /// Number of messages (the header and malformed lines do not count).
    public var messageCount: Int { messageLines.count }

    /// The message at a 0-based index (hidden messages included). Precondition: `0 <= index < messageCount`.
    public func message(at index: Int) -> ChatMessage {
        ChatMessage(object(atLine: messageLines[index]))
    }

    /// The message at `index`, or nil when out of range.
    public func messageIfPresent(at index: Int) -> ChatMessage? {
        messageLines.indices.contains(index) ? message(at: index) : nil
    }

    /// All messages, in order (parses every line; use `message(at:)` for single messages of long chats).
    public var messages: [ChatMessage] { (0..<messageCount).map { message(at: $0) } }

    /// Replaces the message at `index`. A message equal to the stored one leaves the line untouched.
    public func replaceMessage(at index: Int, with message: ChatMessage) {
        setObject(message.object, atLine: messageLines[index])
    }

    /// Changes the message at `index` in place and returns what `change` returns.
    @discardableResult
    public func updateMessage<R>(at index: Int, _ change: (inout ChatMessage) throws -> R) rethrows -> R {
        var message = message(at: index)
        let result = try change(&message)
        replaceMessage(at: index, with: message)
        return result
    }

    /// Inserts a message so that it gets `index` (`index == messageCount` appends).
    public func insertMessage(_ message: ChatMessage, at index: Int) {
        let line = index < messageLines.count ? messageLines[index] : lines.count
        lines.insert(Line(kind: .message, raw: nil, object: message.object), at: line)
        for i in index..<messageLines.count { messageLines[i] += 1 }
        messageLines.insert(line, at: index)
        markDirty(line)
    }

    /// Adds a message at the end (written as an appended line when nothing else changed).
    public func appendMessage(_ message: ChatMessage) { insertMessage(message, at: messageCount) }

    /// Removes the messages in `range` and returns them. Malformed lines between them stay.
    @discardableResult
    public func removeMessages(in range: Range<Int>) -> [ChatMessage] {
        guard !range.isEmpty else { return [] }
        let removed = range.map { message(at: $0) }
        let doomed = Set(range.map { messageLines[$0] })
        let first = messageLines[range.lowerBound]
        // One pass, so cutting a long range of a long chat stays linear.
        var kept: [Line] = []
        kept.reserveCapacity(lines.count - doomed.count)
        var keptMessageLines: [Int] = []
        keptMessageLines.reserveCapacity(messageLines.count - doomed.count)
        for (index, line) in lines.enumerated() where !doomed.contains(index) {
            if index == headerLine { headerLine = kept.count }
            if line.kind == .message { keptMessageLines.append(kept.count) }
            kept.append(line)
        }
        lines = kept
        messageLines = keptMessageLines
        markDirty(first)
        return removed
    }

    // MARK: Lines

    func object(atLine index: Int) -> JSONObject {
        if let object = lines[index].object { return object }
        guard let raw = lines[index].raw, case .object(let object)? = try? JSONValue.parse(raw) else {
            return JSONObject()
        }
        lines[index].object = object
        return object
    }

    func setObject(_ object: JSONObject, atLine index: Int) {
        if lines[index].raw != nil || lines[index].object != nil, self.object(atLine: index) == object,
            !(index == headerLine && headerWasMissing)
        {
            return
        }
        lines[index].object = object
        lines[index].raw = nil
        markDirty(index)
    }

    func markDirty(_ line: Int) {
        firstDirtyLine = min(firstDirtyLine ?? line, line)
    }

    /// Whether anything changed since the file was read or last written.
    public var hasChanges: Bool { firstDirtyLine != nil }

    /// Tails larger than this are not rewritten in place (the journal would hold a copy); the file is replaced.
    static let largestInPlaceTail = 4 << 20

    /// Writes the changes: appends or rewrites the changed tail in place (journaled) when that is small, else
    /// replaces the whole file atomically. Unchanged lines are copied byte for byte.
    func write(journal: TailJournal) throws(StoreError) {
        guard let dirty = firstDirtyLine, !isInMemory else { return }
        if headerWasMissing, headerLine == 0 {
            // Adding the missing header shifts every line: a full rewrite.
            try writeWhole(journal: journal)
            return
        }
        guard let size = diskSize, dirty > 0 else {
            try writeWhole(journal: journal)
            return
        }
        let truncateAt: Int
        var newTail: [UInt8] = []
        if dirty < diskLineStarts.count {
            truncateAt = dirty >= lines.count && !endsWithNewline ? diskLineStarts[dirty] - 1 : diskLineStarts[dirty]
        } else {
            truncateAt = size
            if !endsWithNewline && size > 0 && dirty < lines.count { newTail.append(0x0A) }
        }
        guard size - truncateAt <= ChatFile.largestInPlaceTail else {
            try writeWhole(journal: journal)
            return
        }
        var ranges: [Range<Int>] = []
        for index in dirty..<lines.count {
            if index > dirty { newTail.append(0x0A) }
            let start = newTail.count
            appendLine(index, to: &newTail)
            ranges.append(start..<newTail.count)
        }
        if endsWithNewline && dirty < lines.count { newTail.append(0x0A) }
        let oldTail = try FileSystem.read(path, from: truncateAt, count: size - truncateAt)
        try journal.rewriteTail(of: path, from: truncateAt, oldTail: oldTail[...], newTail: newTail)
        // Remember the new lines' bytes so later commits copy them instead of serializing again.
        for (offset, index) in (dirty..<lines.count).enumerated() where lines[index].raw == nil {
            lines[index].raw = newTail[ranges[offset]]
        }
        let newStarts = ranges.map { truncateAt + $0.lowerBound }
        diskLineStarts.removeSubrange(min(dirty, diskLineStarts.count)...)
        diskLineStarts.append(contentsOf: newStarts)
        diskSize = truncateAt + newTail.count
        firstDirtyLine = nil
        identity = FileIdentity.of(path: path)
    }

    private func serialized(_ index: Int) -> [UInt8] {
        var out: [UInt8] = []
        appendLine(index, to: &out)
        return out
    }

    private func appendLine(_ index: Int, to out: inout [UInt8]) {
        if let raw = lines[index].raw {
            out.append(contentsOf: raw)
        } else if let object = lines[index].object {
            JSONValue.object(object).write(into: &out)
        }
    }

    private func writeWhole(journal: TailJournal) throws(StoreError) {
        try FileSystem.makeDirectories(FileSystem.parent(of: path))
        try journal.clear()
        // Serialize changed lines first, so the written bytes are also what later commits copy.
        for index in lines.indices where lines[index].raw == nil {
            lines[index].raw = serialized(index)[...]
        }
        var starts: [Int] = []
        var offset = 0
        for index in lines.indices {
            if index > 0 { offset += 1 }
            starts.append(offset)
            offset += lines[index].raw?.count ?? 0
        }
        let snapshot = lines
        let trailingNewline = endsWithNewline
        try FileSystem.replaceAtomically(path, syncs: journal.syncs) { (writer: inout ChunkWriter) throws(StoreError) in
            for index in snapshot.indices {
                if index > 0 { try writer.write(byte: 0x0A) }
                if let raw = snapshot[index].raw { try writer.write(raw) }
            }
            if trailingNewline { try writer.write(byte: 0x0A) }
        }
        diskLineStarts = starts
        diskSize = offset + (endsWithNewline ? 1 : 0)
        headerWasMissing = false
        firstDirtyLine = nil
        identity = FileIdentity.of(path: path)
    }
}
