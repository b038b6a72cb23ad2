import Foundation
import STScriptRuntime
import STScriptSyntax

/// The data folder a run reads and writes: settings.json (user name, parser flags, global variables) and one
/// chat file (chat variables in its header). Interim binding over Foundation's JSON until ChatStore is wired in.
final class StoreSession: VariableStore {
    private var settingsPath: String?
    private var settings: [String: Any] = [:]
    private var chatPath: String?
    private var chatLines: [String] = []
    private var header: [String: Any] = [:]
    private var chatVariables = OrderedStore()
    private var globalVariables = OrderedStore()
    private var characterName = ""
    private var dirtySettings = false
    private var dirtyChat = false

    /// Store: `--store`, else `$STSCRIPT_STORE`, else a `store` folder beside the script, else
    /// `$XDG_DATA_HOME/stscript` (or `~/.local/share/stscript`) when it exists; without one, variables live in memory.
    static func open(storePath: String?, chatPath: String?, scriptPath: String?) throws -> StoreSession {
        let session = StoreSession()
        let fm = FileManager.default
        var root = storePath ?? ProcessInfo.processInfo.environment["STSCRIPT_STORE"]
        if root == nil, let scriptPath, scriptPath != "-" {
            let beside = URL(fileURLWithPath: scriptPath).deletingLastPathComponent().appendingPathComponent("store").path
            if fm.fileExists(atPath: beside + "/settings.json") { root = beside }
        }
        if root == nil {
            let env = ProcessInfo.processInfo.environment
            let base = env["XDG_DATA_HOME"].map { $0 } ?? (NSHomeDirectory() + "/.local/share")
            let xdg = base + "/stscript"
            if fm.fileExists(atPath: xdg + "/settings.json") { root = xdg }
        }
        if let root {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue else {
                throw RunnerError("store folder \(root) does not exist")
            }
            let path = root + "/settings.json"
            session.settingsPath = path
            if let data = fm.contents(atPath: path) {
                guard let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                    throw RunnerError("\(path) is not a JSON object")
                }
                session.settings = obj
            }
        }
        var chat = chatPath
        if chat == nil, let root {
            chat = newestChat(in: root + "/chats")
        }
        if let chat {
            try session.loadChat(chat)
        }
        let globals = ((session.settings["extension_settings"] as? [String: Any])?["variables"] as? [String: Any])?["global"]
        for (k, v) in orderedPairs(globals) { session.globalVariables.set(k, v) }
        return session
    }

    private static func newestChat(in folder: String) -> String? {
        let fm = FileManager.default
        guard let characters = try? fm.contentsOfDirectory(atPath: folder) else { return nil }
        var best: (String, Date)?
        for character in characters {
            let dir = folder + "/" + character
            for file in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] where file.hasSuffix(".jsonl") {
                let path = dir + "/" + file
                let date = (try? fm.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
                if best == nil || date > best!.1 { best = (path, date) }
            }
        }
        return best?.0
    }

    private func loadChat(_ path: String) throws {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw RunnerError("cannot read chat \(path)")
        }
        chatPath = path
        chatLines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while chatLines.last?.isEmpty == true { chatLines.removeLast() }
        if let first = chatLines.first, let data = first.data(using: .utf8),
           let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            header = obj
        }
        let vars = (header["chat_metadata"] as? [String: Any])?["variables"]
        for (k, v) in StoreSession.orderedPairs(vars) { chatVariables.set(k, v) }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
        characterName = folder
        if let name = header["character_name"] as? String, name != "unused", !name.isEmpty { characterName = name }
    }

    private static func orderedPairs(_ any: Any?) -> [(String, StoredValue)] {
        guard let dict = any as? [String: Any] else { return [] }
        return dict.keys.sorted().map { ($0, storedValue(dict[$0]!)) }
    }

    private static func storedValue(_ v: Any) -> StoredValue {
        if let s = v as? String { return .text(s) }
        if let n = v as? NSNumber {
            if String(cString: n.objCType) == "c" { return .json(n.boolValue ? "true" : "false") }
            return .number(n.doubleValue)
        }
        if v is NSNull { return .json("null") }
        if let data = try? JSONSerialization.data(withJSONObject: v), let s = String(data: data, encoding: .utf8) {
            return .json(s)
        }
        return .json("null")
    }

    private static func anyValue(_ v: StoredValue) -> Any {
        switch v {
        case .text(let s): return s
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? NSNumber(value: Int64(n)) : NSNumber(value: n)
        case .json(let j):
            return (try? JSONSerialization.jsonObject(with: Data(j.utf8), options: [.fragmentsAllowed])) ?? NSNull()
        }
    }

    func configure(_ interpreter: Interpreter) {
        interpreter.userName = settings["username"] as? String ?? "User"
        interpreter.characterName = characterName
        let flags = (((settings["power_user"] as? [String: Any])?["stscript"] as? [String: Any])?["parser"]
            as? [String: Any])?["flags"] as? [String: Any] ?? [:]
        interpreter.parserFlags = ParserFlags(strictEscaping: (flags["1"] as? Bool) ?? false,
                                              replaceGetvar: (flags["2"] as? Bool) ?? false)
    }

    // MARK: VariableStore

    func value(_ name: String, in namespace: VariableNamespace) -> StoredValue? {
        namespace == .chat ? chatVariables.get(name) : globalVariables.get(name)
    }

    func setValue(_ value: StoredValue?, for name: String, in namespace: VariableNamespace) {
        if namespace == .chat {
            chatVariables.set(name, value)
            dirtyChat = true
        } else {
            globalVariables.set(name, value)
            dirtySettings = true
        }
    }

    func names(in namespace: VariableNamespace) -> [String] {
        namespace == .chat ? chatVariables.keys : globalVariables.keys
    }

    // MARK: saving

    func commit() throws {
        if dirtyChat, let chatPath {
            var metadata = header["chat_metadata"] as? [String: Any] ?? [:]
            var vars: [String: Any] = [:]
            for k in chatVariables.keys { vars[k] = StoreSession.anyValue(chatVariables.get(k)!) }
            metadata["variables"] = vars
            header["chat_metadata"] = metadata
            let data = try JSONSerialization.data(withJSONObject: header)
            let line = String(decoding: data, as: UTF8.self)
            var lines = chatLines
            if lines.isEmpty { lines = [line] } else { lines[0] = line }
            try lines.joined(separator: "\n").write(toFile: chatPath, atomically: true, encoding: .utf8)
        }
        if dirtySettings, let settingsPath {
            var ext = settings["extension_settings"] as? [String: Any] ?? [:]
            var variables = ext["variables"] as? [String: Any] ?? [:]
            var global: [String: Any] = [:]
            for k in globalVariables.keys { global[k] = StoreSession.anyValue(globalVariables.get(k)!) }
            variables["global"] = global
            ext["variables"] = variables
            settings["extension_settings"] = ext
            let data = try JSONSerialization.data(withJSONObject: settings)
            try data.write(to: URL(fileURLWithPath: settingsPath), options: .atomic)
        }
    }
}

private struct OrderedStore {
    private(set) var keys: [String] = []
    private var values: [String: StoredValue] = [:]
    func get(_ key: String) -> StoredValue? { values[key] }
    mutating func set(_ key: String, _ value: StoredValue?) {
        if let value {
            if values.updateValue(value, forKey: key) == nil { keys.append(key) }
        } else if values.removeValue(forKey: key) != nil {
            keys.removeAll { $0 == key }
        }
    }
}
