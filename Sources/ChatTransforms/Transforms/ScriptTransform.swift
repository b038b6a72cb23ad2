// `--script FILE.st`: an STscript run once per message, with that message as the chat's only (and so last)
// message — `{{lastMessage}}`, `/messages`, and the reasoning commands act on it — and the result written back.
import ChatStore
import Foundation
import JSCompat
import STScriptRuntime

public struct ScriptTransform: MessageTransform, ScriptedTransform {
    public let script: TransformScript

    public init(script: TransformScript) {
        self.script = script
    }

    public func apply(to message: inout ObjectEditor) throws -> Bool {
        let before = message.render()
        guard case .object(let object) = try? JSONValue.parse(before) else { return false }
        // A chat of one message in memory: nothing is saved anywhere but this line.
        let chat = ChatFile(inMemoryFor: nil)
        chat.appendMessage(ChatMessage(object))
        let session = ChatSession(folder: nil, chat: chat)
        if let problem = script.run(in: session) { throw TransformError(problem) }
        guard chat.messageCount == 1 else {
            throw TransformError("\(script.name): a script run per message must leave exactly one message (found \(chat.messageCount))")
        }
        let after = chat.message(at: 0)
        guard after.object != object else { return false }
        message.replaceAll(with: Array(after.jsonLine.utf8))
        return true
    }
}
