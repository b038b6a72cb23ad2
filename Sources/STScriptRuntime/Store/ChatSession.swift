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
    private let storedFolder: DataFolder?
    private let storedChat: ChatFile
    private var memoryGlobals = JSONObject()
    private var memoryReasoning = ReasoningSettings.defaults
    /// The chat's and the global variables while a run uses them (nil: not read yet). Reading and writing them
    /// through the header or settings.json would copy the whole object on every `/addvar` of a loop.
    private var chatTable: VariableTable?
    private var globalTable: VariableTable?

    public init(folder: DataFolder?, chat: ChatFile) {
        storedFolder = folder
        storedChat = chat
    }

    /// The data folder, nil when running without one. Variables changed by the run are written into its settings
    /// first, and read again afterwards, since whoever asks may read or replace them (the REPL re-reads the folder).
    public var folder: DataFolder? {
        writeBackVariables(forget: true)
        return storedFolder
    }

    /// The current chat (in memory when there is no chat file), its header holding the run's chat variables.
    public var chat: ChatFile {
        writeBackChatVariables(forget: true)
        return storedChat
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
        if let flags = storedFolder?.settings.parserFlags {
            interpreter.parserFlags = ParserFlags(strictEscaping: flags[1] ?? false, replaceGetvar: flags[2] ?? false)
        }
        interpreter.variables = self
        interpreter.chatContext = self
        interpreter.register(self)
    }

    /// Writes what changed (settings.json, the chat); `release` also unlocks the data folder.
    public func commit(release: Bool = false) throws {
        try folder?.commit(release: release)     // `folder` writes the variables back first
    }

    // MARK: Names and settings

    /// `{{user}}`: settings.json `username`.
    public var userName: String { storedFolder?.settings.userName ?? "User" }

    /// `{{char}}`: the chat's character (folder name, or a legacy header's name).
    public var characterName: String { storedChat.characterName ?? "" }

    /// `power_user.reasoning` (in memory without a data folder).
    public var reasoning: ReasoningSettings {
        get { storedFolder?.settings.reasoning ?? memoryReasoning }
        set {
            if let storedFolder { storedFolder.settings.reasoning = newValue } else { memoryReasoning = newValue }
        }
    }

    /// Reasoning templates: built in plus the data folder's `reasoning/*.json`.
    public var reasoningTemplates: [ReasoningTemplate] { storedFolder?.reasoningTemplates ?? ReasoningTemplate.builtIn }

    /// Regex scripts (`extension_settings.regex`), rebuilt only when the stored list changes.
    public var regexScriptSet: RegexScriptSet {
        let stored = storedFolder?.settings.regexScripts ?? []
        if let cached = cachedRegexScripts, cached.source == stored { return cached.set }
        let set = RegexScriptSet(storedFolder.map { RegexScript.scripts(inSettings: .object($0.settings.document)) } ?? [])
        cachedRegexScripts = (stored, set)
        return set
    }
    private var cachedRegexScripts: (source: [JSONValue], set: RegexScriptSet)?

    /// SillyTavern's "trim spaces" setting (`power_user.trim_spaces`, on unless set false).
    public var trimSpaces: Bool { storedFolder?.settings.value(at: ["power_user", "trim_spaces"])?.isTruthy ?? true }

    /// The avatar file of the persona with this name (`power_user.personas`: avatar → name), if any.
    public func personaAvatar(named name: String) -> String? {
        let personas = storedFolder?.settings.value(at: ["power_user", "personas"])?.objectValue ?? JSONObject()
        return personas.first { $0.value.stringValue == name }?.key
    }

    /// `/sendas` without a name warns once (SillyTavern remembers it in the browser; here, per session).
    var warnedAboutNamelessSendAs = false

    // MARK: VariableStore

    public func value(_ name: String, in namespace: VariableNamespace) -> StoredValue? {
        if namespace == .chat {
            if chatTable == nil { chatTable = VariableTable(storedChat.variables) }
            return chatTable?.value(name)
        }
        if globalTable == nil { globalTable = VariableTable(storedGlobals) }
        return globalTable?.value(name)
    }

    public func setValue(_ value: StoredValue?, for name: String, in namespace: VariableNamespace) {
        if namespace == .chat {
            if chatTable == nil { chatTable = VariableTable(storedChat.variables) }
            chatTable?.set(value, for: name)
        } else {
            if globalTable == nil { globalTable = VariableTable(storedGlobals) }
            globalTable?.set(value, for: name)
        }
    }

    public func addNumber(_ increment: Double, to name: String, in namespace: VariableNamespace) -> Double? {
        if namespace == .chat {
            if chatTable == nil { chatTable = VariableTable(storedChat.variables) }
            return chatTable?.addNumber(increment, to: name) ?? nil
        }
        if globalTable == nil { globalTable = VariableTable(storedGlobals) }
        return globalTable?.addNumber(increment, to: name) ?? nil
    }

    public func names(in namespace: VariableNamespace) -> [String] {
        if namespace == .chat {
            if chatTable == nil { chatTable = VariableTable(storedChat.variables) }
            return chatTable?.names ?? []
        }
        if globalTable == nil { globalTable = VariableTable(storedGlobals) }
        return globalTable?.names ?? []
    }

    private var storedGlobals: JSONObject { storedFolder?.settings.globalVariables ?? memoryGlobals }

    /// Writes changed variables into the chat header and settings; `forget` drops the tables so the next read
    /// sees whatever happens to the header or settings meanwhile.
    private func writeBackVariables(forget: Bool) {
        writeBackChatVariables(forget: forget)
        if let object = globalTable?.changedObject() {
            if let storedFolder { storedFolder.settings.globalVariables = object } else { memoryGlobals = object }
            globalTable?.isChanged = false
        }
        if forget { globalTable = nil }
    }

    private func writeBackChatVariables(forget: Bool) {
        if let object = chatTable?.changedObject() {
            storedChat.variables = object
            chatTable?.isChanged = false
        }
        if forget { chatTable = nil }
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

    public var messageCount: Int { storedChat.messageCount }

    public func macroMessage(at index: Int) -> MacroChatMessage? {
        guard let message = storedChat.messageIfPresent(at: index) else { return nil }
        return MacroChatMessage(
            text: message.text, isUser: message.isUser, isSystem: message.isHidden,
            swipeCount: message.swipes?.count, swipeID: message.swipeID, sendDate: SendDate.parse(message.sendDate))
    }

    public var chatIDHash: Double {
        if let hash = storedChat.metadata["chat_id_hash"]?.numberValue { return hash }
        let id = storedChat.chatID
        return id.isEmpty ? 0 : MacroEngine.stringHash(id)
    }

    public var pickRerollSeed: String? {
        guard let seed = storedChat.metadata["pick_reroll_seed"], !seed.isNull else { return nil }
        return seed.javaScriptString
    }

    public var reasoningFormatting: ReasoningFormatting {
        let r = reasoning
        return ReasoningFormatting(prefix: r.prefix, suffix: r.suffix, separator: r.separator)
    }
}

/// One variable namespace in insertion order (as a JavaScript object keeps it). Values nobody set keep the JSON
/// they were read with, so writing the object back keeps their spelling (`1.50`).
private struct VariableTable {
    private var entries = SmallMap<(value: StoredValue, original: JSONValue?)>()
    /// Whether a variable was set or deleted since the table was read or written back.
    var isChanged = false

    init(_ object: JSONObject) {
        for member in object { entries.set(member.key, (ChatSession.storedValue(member.value), member.value)) }
    }

    /// Mutating only to search in place (see `SmallMap.lookup`).
    mutating func value(_ name: String) -> StoredValue? { entries.lookup(name)?.value }

    var names: [String] { entries.keys }

    mutating func set(_ value: StoredValue?, for name: String) {
        if let value { entries.set(name, (value, nil)) } else { entries.remove(name) }
        isChanged = true
    }

    /// `/addvar` on a stored number in one lookup (see `VariableStore.addNumber`).
    mutating func addNumber(_ increment: Double, to name: String) -> Double? {
        let sum: Double?? = entries.update(name) { entry in
            guard let sum = entry.value.sum(adding: increment) else { return nil }
            entry = (.number(sum), nil)
            return sum
        }
        guard let sum = sum ?? nil else { return nil }
        isChanged = true
        return sum
    }

    /// The variables as the JSON object to store, nil when nothing changed.
    func changedObject() -> JSONObject? {
        guard isChanged else { return nil }
        return JSONObject(zip(entries.keys, entries.values).map { ($0, $1.original ?? ChatSession.jsonValue($1.value)) })
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
