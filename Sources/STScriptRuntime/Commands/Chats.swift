import ChatStore
import Foundation

/// Lent by the REPL to `/chat-open` and `/chat-new`: switching the open chat is a property of the session, not of
/// one run, so the REPL does it (the switch takes effect for the next input). Without it those commands explain.
public final class ChatSwitcher {
    /// Opens the chat named `reference` (as `/chat-list` prints it) and returns its label.
    public let open: (String) throws -> String

    public init(open: @escaping (String) throws -> String) {
        self.open = open
    }

    /// `Character/chat name` for every `chats/<character>/<name>.jsonl` under `root`, most recently changed first.
    public static func chatNames(inFolder root: String) -> [String] {
        let fm = FileManager.default
        let chats = root + "/chats"
        var found: [(name: String, date: Date)] = []
        for character in ((try? fm.contentsOfDirectory(atPath: chats)) ?? []).sorted() {
            for file in ((try? fm.contentsOfDirectory(atPath: chats + "/" + character)) ?? []) where file.hasSuffix(".jsonl") {
                let path = chats + "/" + character + "/" + file
                let date = (try? fm.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
                found.append(("\(character)/\(file.dropLast(6))", date))
            }
        }
        return found.sorted { $0.date != $1.date ? $0.date > $1.date : $0.name < $1.name }.map(\.name)
    }
}

/// `/chat-list`, `/chat-open`, `/chat-new`: the chats of the store.
enum ChatCommands {
    static let family = "Chats"

    static let declarations: [CommandDeclaration] = [
        CommandDeclaration(
            name: "chat-list", family: family,
            help: "Lists the store's chats as Character/chat name, one per line, newest first.",
            example: "/chat-list", returns: "the chat names, one per line",
            run: { call in .text(chatNames(call.interpreter).joined(separator: "\n")) }),
        CommandDeclaration(
            name: "chat-open", family: family,
            help: "Opens another chat of the store in the REPL (from the next input on).",
            example: "/chat-open Alice/Alice - 2025-01-30@12h30m15s", returns: "the chat opened",
            unnamedArguments: [.init("chat name as /chat-list prints it", isRequired: true)],
            run: { call in
                let name = call.unnamed.string.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !name.isEmpty else { throw CommandError("/chat-open needs a chat name; /chat-list shows them") }
                return .text(try switcher(call).open(name))
            }),
        CommandDeclaration(
            name: "chat-new", family: family,
            help: "Starts a new chat with the current character and opens it in the REPL (from the next input on).",
            example: "/chat-new Evening walk", returns: "the chat opened",
            unnamedArguments: [.init("chat name (default: the character's name and the date)")],
            run: { call in
                let switcher = try switcher(call)
                guard let session = call.interpreter.service(ChatSession.self), let folder = session.folder,
                      !session.characterName.isEmpty else {
                    throw CommandError("/chat-new needs a store and an open chat of a character (open one with /chat-open)")
                }
                var name = call.unnamed.string.trimmingCharacters(in: .whitespacesAndNewlines)
                if name.isEmpty { name = "\(session.characterName) - \(dateStamp(Date()))" }
                guard !name.contains("/") else { throw CommandError("a chat name cannot contain /") }
                let reference = characterFolder(session) + "/" + name
                do {
                    let isNew = !FileManager.default.fileExists(atPath: try folder.resolveChatPath(reference))
                    let chat = try folder.openChat(reference)
                    if isNew { chat.variables = chat.variables }   // a header change, so the next commit writes the file
                } catch {
                    throw CommandError("\(error)")
                }
                return .text(try switcher.open(reference))
            }),
    ]

    static func switcher(_ call: CommandCall) throws -> ChatSwitcher {
        guard let switcher = call.interpreter.service(ChatSwitcher.self) else {
            throw CommandError("switching chats works in the REPL (stscript with no arguments)")
        }
        return switcher
    }

    /// `Character/chat name` for every `chats/<character>/<name>.jsonl`, most recently changed first.
    static func chatNames(_ interpreter: Interpreter) -> [String] {
        guard let root = interpreter.service(ChatSession.self)?.folder?.root else { return [] }
        return ChatSwitcher.chatNames(inFolder: root)
    }

    /// The folder under `chats/` the current chat lives in (the character's name when it has none yet).
    static func characterFolder(_ session: ChatSession) -> String {
        let parts = session.chat.path.split(separator: "/")
        return parts.count >= 2 ? String(parts[parts.count - 2]) : session.characterName
    }

    /// SillyTavern's chat-name date: `2025-1-30@12h30m15s`.
    static func dateStamp(_ date: Date) -> String {
        let c = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return "\(c.year ?? 0)-\(c.month ?? 0)-\(c.day ?? 0)@\(c.hour ?? 0)h\(c.minute ?? 0)m\(c.second ?? 0)s"
    }
}
