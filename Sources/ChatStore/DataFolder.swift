import JSCompat
import Reasoning

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A SillyTavern user data folder: `settings.json`, `chats/<character>/<name>.jsonl`, `group chats/<id>.jsonl`,
/// `reasoning/*.json`. The only thing in stscript that touches these files.
///
/// Typical use (one script run):
/// ```
/// let folder = try DataFolder(path: "/data/default-user")   // locks the folder, reads settings.json
/// let chat = try folder.openChat("Alice/Alice - 2025-01-30.jsonl")
/// chat.appendMessage(message)
/// folder.settings.globalVariables["x"] = "1"
/// try folder.commit()                                        // writes what changed, once
/// folder.close()                                             // lets other stscript processes in
/// ```
/// The folder is locked (flock on `.stscript.lock`) from `init` (or `begin()`) until `close()` (or
/// `commit(release: true)`), so concurrent stscript processes never lose each other's changes. A long session
/// (REPL) should call `commit(release: true)` after each input and `begin()` before the next; `begin()` re-reads
/// files another process changed in between.
public final class DataFolder {
    /// Absolute path of the folder.
    public let root: String
    /// settings.json.
    public let settings: Settings
    /// Chats opened so far, by absolute path.
    public private(set) var openChats: [String: ChatFile] = [:]
    /// Where warnings about the files go (malformed lines); standard error by default.
    public var warn: (String) -> Void = { message in
        var line = Array(("stscript: " + message + "\n").utf8)
        _ = line.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }

    let lock: StoreLock
    var journal: TailJournal

    /// Whether commits wait for the disk (fsync). On by default; a killed process never tears a file either way,
    /// but without it a power loss may lose the last commits. Benchmarks turn it off to time the code alone.
    public var syncsToDisk: Bool {
        get { journal.syncs }
        set { journal.syncs = newValue }
    }

    /// Opens (and locks) the folder. It need not exist yet: it is created on the first write.
    public init(path: String) throws(StoreError) {
        guard !path.isEmpty, !path.contains("\0") else { throw StoreError("invalid data folder path") }
        root = DataFolder.absolute(path)
        if FileSystem.exists(root) && !FileSystem.isDirectory(root) {
            throw StoreError("\(root) is not a folder")
        }
        lock = StoreLock(folder: root)
        journal = TailJournal(folder: root)
        // A folder we may not write to is read without the lock (a commit that needs to write fails clearly).
        if FileSystem.isDirectory(root) && access(root, W_OK) == 0 {
            try lock.acquire()
            try journal.recover()
        }
        settings = try Settings(path: root + "/settings.json")
    }

    // MARK: Chats

    /// Opens a chat (read once; the same object is returned when asked again).
    ///
    /// `reference` is a path inside the folder, either absolute or relative to the folder
    /// (`chats/Alice/x.jsonl`), or relative to `chats/` (`Alice/x.jsonl`, `.jsonl` optional). A reference that
    /// leads outside the folder (`..`, an absolute path elsewhere) or contains NUL is an error. A missing file is
    /// an empty chat, created on the first commit that changes it.
    public func openChat(_ reference: String) throws(StoreError) -> ChatFile {
        let path = try resolveChatPath(reference)
        if let chat = openChats[path] { return chat }
        let relative = String(path.dropFirst(root.count + 1)).split(separator: "/").map(String.init)
        let characterFolder = relative.count == 3 && relative[0] == "chats" ? relative[1] : nil
        let isGroup = relative.first == "group chats"
        let chat = try ChatFile(path: path, characterFolder: characterFolder, isGroupChat: isGroup)
        for line in chat.malformedLines {
            warn("\(path):\(line): not a JSON object; kept as it is")
        }
        openChats[path] = chat
        return chat
    }

    /// The absolute path a chat reference names (see `openChat`), or a clear error.
    public func resolveChatPath(_ reference: String) throws(StoreError) -> String {
        guard !reference.isEmpty else { throw StoreError("chat name is empty") }
        guard !reference.contains("\0") else { throw StoreError("chat name contains a NUL character") }
        var candidate: String
        if reference.hasPrefix("/") {
            candidate = reference
        } else {
            let parts = reference.split(separator: "/", omittingEmptySubsequences: true)
            if parts.first == "chats" || parts.first == "group chats" {
                candidate = root + "/" + reference
            } else {
                // A path that exists relative to the working directory and lies in the folder is taken as is.
                let fromWorkingDirectory = DataFolder.absolute(reference)
                if fromWorkingDirectory.hasPrefix(root + "/") && FileSystem.exists(fromWorkingDirectory) {
                    candidate = fromWorkingDirectory
                } else {
                    candidate = root + "/chats/" + reference
                }
            }
        }
        candidate = DataFolder.normalize(candidate)
        guard candidate.hasPrefix(root + "/") else {
            throw StoreError("chat \"\(reference)\" is outside the data folder \(root)")
        }
        if !candidate.hasSuffix(".jsonl") && !FileSystem.exists(candidate) { candidate += ".jsonl" }
        if FileSystem.isDirectory(candidate) { throw StoreError("chat \"\(reference)\" is a folder") }
        // Writing a chat over settings.json or the lock file would ruin the folder.
        guard candidate.hasSuffix(".jsonl") else {
            throw StoreError("\"\(reference)\" is not a chat (chats are .jsonl files)")
        }
        return candidate
    }

    // MARK: Reasoning templates

    /// Reasoning templates as SillyTavern lists them: the files of `reasoning/*.json` sorted by file name, with
    /// the five built-in templates standing in for their files (`Think XML.json`, …) when those are missing.
    public var reasoningTemplates: [ReasoningTemplate] {
        var byFile: [String: ReasoningTemplate] = [:]
        for template in ReasoningTemplate.builtIn { byFile[template.name + ".json"] = template }
        let folder = root + "/reasoning"
        for file in FileSystem.listDirectory(folder) where file.hasSuffix(".json") {
            guard let bytes = try? FileSystem.read(folder + "/" + file),
                case .object(let object)? = try? JSONValue.parse(bytes),
                let template = ReasoningTemplate(object)
            else {
                warn("\(folder)/\(file): not a reasoning template; skipped")
                continue
            }
            byFile[file] = template
        }
        // JavaScript's default sort compares UTF-16 code units.
        return byFile.sorted { Array($0.key.utf16).lexicographicallyPrecedes(Array($1.key.utf16)) }.map(\.value)
    }

    // MARK: Transactions

    /// Writes every change (settings.json and each changed chat) and, with `release`, unlocks the folder.
    /// Unchanged files are not touched. Call once when a run ends, also after an error.
    public func commit(release: Bool = false) throws(StoreError) {
        let changed = settings.hasChanges || openChats.values.contains(where: \.hasChanges)
        if changed {
            try FileSystem.makeDirectories(root)
            if !lock.isHeld {
                try lock.acquire()
                try journal.recover()
            }
            try settings.write(syncs: journal.syncs)
            for chat in openChats.values.sorted(by: { $0.path < $1.path }) {
                try chat.write(journal: journal)
            }
        }
        if release { close() }
    }

    /// Locks the folder again after `commit(release: true)` and re-reads files that changed on disk meanwhile.
    public func begin() throws(StoreError) {
        guard !lock.isHeld, FileSystem.isDirectory(root), access(root, W_OK) == 0 else { return }
        try lock.acquire()
        try journal.recover()
        if FileIdentity.of(path: settings.path) != settings.identity { try settings.load() }
        for chat in openChats.values where FileIdentity.of(path: chat.path) != chat.identity {
            try chat.load()
        }
    }

    /// Releases the lock (changes not committed stay in memory only).
    public func close() { lock.release() }

    // MARK: Paths

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        var buffer = [CChar](repeating: 0, count: 4096)
        let cwd = getcwd(&buffer, buffer.count).map { _ in
            String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        } ?? "/"
        return normalize(cwd + "/" + path)
    }

    /// Removes `.`, `..` and repeated slashes without touching the disk.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
