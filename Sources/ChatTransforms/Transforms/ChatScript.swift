// `--chat-script FILE.st`: an STscript run once over a whole chat, as `stscript run --chat` runs it over a chat
// file. It sees every message (`/messages`, `{{lastMessageId}}`, chat variables in the header) and what it
// changes is written back, unchanged lines byte for byte.
import ChatStore
import STScriptRuntime

public struct ChatScript: ScriptedTransform, Sendable {
    public let script: TransformScript

    public init(script: TransformScript) {
        self.script = script
    }

    /// Runs the script over the chat in `bytes` and returns the chat afterwards. As in `stscript run`, a script
    /// that fails midway keeps what it did before the failure: the error comes with the chat as it was left.
    public func apply(to bytes: [UInt8]) -> (chat: [UInt8], error: String?) {
        let session = ChatSession(folder: nil, chat: ChatFile(inMemoryFrom: bytes, characterName: nil))
        let problem = script.run(in: session)
        let after = session.chat  // writes the run's chat variables into the header
        return (after.hasChanges ? after.jsonl : bytes, problem)
    }
}
