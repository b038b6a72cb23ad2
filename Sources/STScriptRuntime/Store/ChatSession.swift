import ChatStore
import Foundation
import JSCompat
import MacroEngine
import Reasoning
import RegexScripts
import STScriptSyntax

/// The store binding of a run: the data folder (settings.json) and the current chat, seen by the interpreter as
/// its variable store, its chat macro context, and (through `Interpreter.chatSession`) by the chat-message and
/// reasoning commands. Without a data folder everything lives in memory.
///
/// ```
/// let session = try ChatSession.open(storePath: "/data/default-user", chatPath: "Alice/chat.jsonl")
/// session.configure(interpreter)     // user name, {{char}}, parser flags, variables, chat macros
/// let result = interpreter.run(script)
/// try session.commit()               // once, also after an error
/// ```
public final class ChatSession: VariableStore, ChatMacroContext {
    /// The data folder, nil when running without one.
    public let folder: DataFolder?
    /// The current chat (in memory when there is no chat file).
    public let chat: ChatFile
    private var memoryGlobals = JSONObject()
    private var memoryReasoning = ReasoningSettings.defaults

    public init(folder: DataFolder?, chat: ChatFile) {
        self.folder = folder
        self.chat = chat
    }

    /// Opens a data folder (locked until `commit(release: true)` or `close()`) and a chat in it. `chatPath` nil:
    /// an in-memory chat. `storePath` nil: everything in memory (a chat path is then an error).
    public static func open(storePath: String?, chatPath: String?) throws -> ChatSession {
        guard let storePath else {
            if let chatPath { throw StoreError("a chat (\(chatPath)) needs a data folder (--store)") }
            return ChatSession(folder: nil, chat: ChatFile(inMemoryFor: nil))
        }
        let folder = try DataFolder(path: storePath)
        let chat = try chatPath.map { path throws(StoreError) in try folder.openChat(path) }
        return ChatSession(folder: folder, chat: chat ?? ChatFile(inMemoryFor: nil))
    }

    /// Points the interpreter at this session: user and character names, parser flags preset in settings,
    /// chat and global variables, chat macros, and the session itself for the message and reasoning commands.
    public func configure(_ interpreter: Interpreter) {
        interpreter.userName = userName
        interpreter.characterName = characterName
        if let flags = folder?.settings.parserFlags {
            interpreter.parserFlags = ParserFlags(strictEscaping: flags[1] ?? false, replaceGetvar: flags[2] ?? false)
        }
        interpreter.variables = self
        interpreter.chatContext = self
        interpreter.register(self)
    }

    /// Writes what changed (settings.json, the chat); `release` also unlocks the data folder.
    public func commit(release: Bool = false) throws {
        try folder?.commit(release: release)
    }

    // MARK: Names and settings

    /// `{{user}}`: settings.json `username`.
    public var userName: String { folder?.settings.userName ?? "User" }

    /// `{{char}}`: the chat's character (folder name, or a legacy header's name).
    public var characterName: String { chat.characterName ?? "" }

    /// `power_user.reasoning` (in memory without a data folder).
    public var reasoning: ReasoningSettings {
        get { folder?.settings.reasoning ?? memoryReasoning }
        set {
            if let folder { folder.settings.reasoning = newValue } else { memoryReasoning = newValue }
        }
    }

    /// Reasoning templates: built in plus the data folder's `reasoning/*.json`.
    public var reasoningTemplates: [ReasoningTemplate] { folder?.reasoningTemplates ?? ReasoningTemplate.builtIn }

    /// Regex scripts (`extension_settings.regex`), rebuilt only when the stored list changes.
    public var regexScriptSet: RegexScriptSet {
        let stored = folder?.settings.regexScripts ?? []
        if let cached = cachedRegexScripts, cached.source == stored { return cached.set }
        let set = RegexScriptSet(folder.map { RegexScript.scripts(inSettings: .object($0.settings.document)) } ?? [])
        cachedRegexScripts = (stored, set)
        return set
    }
    private var cachedRegexScripts: (source: [JSONValue], set: RegexScriptSet)?

    /// SillyTavern's "trim spaces" setting (`power_user.trim_spaces`, on unless set false).
    public var trimSpaces: Bool { folder?.settings.value(at: ["power_user", "trim_spaces"])?.isTruthy ?? true }

    /// The avatar file of the persona with this name (`power_user.personas`: avatar → name), if any.
    public func personaAvatar(named name: String) -> String? {
        let personas = folder?.settings.value(at: ["power_user", "personas"])?.objectValue ?? JSONObject()
        return personas.first { $0.value.stringValue == name }?.key
    }

    /// `/sendas` without a name warns once (SillyTavern remembers it in the browser; here, per session).
    var warnedAboutNamelessSendAs = false

    // MARK: VariableStore

    public func value(_ name: String, in namespace: VariableNamespace) -> StoredValue? {
        let stored = namespace == .chat ? chat.variables[name] : globals[name]
        return stored.map(ChatSession.storedValue)
    }

    public func setValue(_ value: StoredValue?, for name: String, in namespace: VariableNamespace) {
        let json = value.map(ChatSession.jsonValue)
        if namespace == .chat {
            var variables = chat.variables
            variables[name] = json
            chat.variables = variables
        } else {
            var variables = globals
            variables[name] = json
            globals = variables
        }
    }

    public func names(in namespace: VariableNamespace) -> [String] {
        namespace == .chat ? chat.variables.keys : globals.keys
    }

    private var globals: JSONObject {
        get { folder?.settings.globalVariables ?? memoryGlobals }
        set {
            if let folder { folder.settings.globalVariables = newValue } else { memoryGlobals = newValue }
        }
    }

    static func storedValue(_ json: JSONValue) -> StoredValue {
        switch json {
        case .string(let s): return .text(s)
        case .number(let n): return .number(n.double)
        default: return .json(json.stringified())
        }
    }

    static func jsonValue(_ stored: StoredValue) -> JSONValue {
        switch stored {
        case .text(let s): return .string(s)
        case .number(let n): return .number(n)
        case .json(let text): return (try? JSONValue.parse(text)) ?? .string(text)
        }
    }

    // MARK: ChatMacroContext

    public var messageCount: Int { chat.messageCount }

    public func macroMessage(at index: Int) -> MacroChatMessage? {
        guard let message = chat.messageIfPresent(at: index) else { return nil }
        return MacroChatMessage(
            text: message.text, isUser: message.isUser, isSystem: message.isHidden,
            swipeCount: message.swipes?.count, swipeID: message.swipeID, sendDate: SendDate.parse(message.sendDate))
    }

    public var chatIDHash: Double {
        if let hash = chat.metadata["chat_id_hash"]?.numberValue { return hash }
        let id = chat.chatID
        return id.isEmpty ? 0 : MacroEngine.stringHash(id)
    }

    public var pickRerollSeed: String? {
        guard let seed = chat.metadata["pick_reroll_seed"], !seed.isNull else { return nil }
        return seed.javaScriptString
    }

    public var reasoningFormatting: ReasoningFormatting {
        let r = reasoning
        return ReasoningFormatting(prefix: r.prefix, suffix: r.suffix, separator: r.separator)
    }
}

extension Interpreter {
    /// The store binding registered by `ChatSession.configure`; a fresh in-memory one when none was.
    public var chatSession: ChatSession {
        if let session = service(ChatSession.self) { return session }
        let session = ChatSession(folder: nil, chat: ChatFile(inMemoryFor: characterName.isEmpty ? nil : characterName))
        register(session)
        return session
    }
}
