import Foundation
import STScriptRuntime

/// Finds the data folder and chat a run uses and opens them through the runtime's store binding (`ChatSession`:
/// ChatStore underneath — lossless, atomic, locked).
enum StoreSession {
    /// Store: `--store`, else `$STSCRIPT_STORE`, else a `store` folder beside the script, else
    /// `$XDG_DATA_HOME/stscript` (or `~/.local/share/stscript`) when it exists; without one, everything lives in
    /// memory. Chat: `--chat`, else the store's most recently changed chat.
    static func open(storePath: String?, chatPath: String?, scriptPath: String?) throws -> ChatSession {
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
            guard fm.fileExists(atPath: root, isDirectory: &isDir) else {
                throw RunnerError("store folder \(root) does not exist")
            }
            guard isDir.boolValue else { throw RunnerError("store \(root) is a file, not a folder") }
        }
        var chat = chatPath
        if chat == nil, let root {
            chat = newestChat(in: root + "/chats")
        }
        return try ChatSession.open(storePath: root, chatPath: chat)
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

}
