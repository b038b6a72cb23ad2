// `--chat-script FILE.st`: an STscript run once over a whole chat, as `stscript run --chat` runs it over a chat
// file. It sees every message (`/messages`, `{{lastMessageId}}`, chat variables in the header) and what it
// changes is written back, unchanged lines byte for byte.
import ChatStore
import Foundation
import STScriptRuntime

public struct ChatScript: Sendable {
    public let source: String
    public let name: String

    public init(source: String, name: String = "<script>") {
        self.source = source
        self.name = name
    }

    public init(file: String) throws {
        self.init(source: try ScriptFile.load(file), name: file)
    }

    /// Runs the script over the chat in `bytes` and returns the chat afterwards. As in `stscript run`, a script
    /// that fails midway keeps what it did before the failure: the error comes with the chat as it was left.
    public func apply(to bytes: [UInt8]) -> (chat: [UInt8], error: String?) {
        let session = ChatSession(folder: nil, chat: ChatFile(inMemoryFrom: bytes, characterName: nil))
        let interpreter = Interpreter()
        session.configure(interpreter)
        let result = interpreter.run(source)
        var problem: String?
        if let error = result.error {
            problem = "\(name):\(error.line):\(error.column): \(error.message)"
        } else if let aborted = result.aborted, !aborted.quiet {
            problem = "\(name): aborted: \(aborted.reason)"
        }
        let after = session.chat  // writes the run's chat variables into the header
        return (after.hasChanges ? after.jsonl : bytes, problem)
    }
}

/// Reading a script for a transform: refused before any input is read when it does not parse, since it would
/// fail on every message or chat.
enum ScriptFile {
    static func load(_ file: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw TransformError("cannot read script \(file)")
        }
        do {
            _ = try Interpreter().parse(text)
        } catch {
            throw TransformError("\(file):\(error.line):\(error.column): syntax error: \(error.message)\n\(error.snippet)")
        }
        return text
    }
}
