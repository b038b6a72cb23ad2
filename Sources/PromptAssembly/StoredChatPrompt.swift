import ChatStore
import Foundation
import JSCompat
import MacroEngine
import RegexScripts

/// Prompt assembly for a chat in a SillyTavern data folder: reads the chat and settings through the store,
/// runs the regex scripts and macros of that folder. The CLI's `prompt` and the `/prompt` commands share it.
public enum StoredChatPrompt {
    /// Opens the folder and the chat and assembles the prompt. Both must exist: reading a prompt creates nothing.
    public static func assemble(store: String, chat reference: String,
                                request: AssemblyRequest = AssemblyRequest()) throws -> AssembledChat {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: store, isDirectory: &isFolder), isFolder.boolValue else {
            throw StoredChatPromptError(description: "no data folder at \(store)")
        }
        let folder = try DataFolder(path: store)
        defer { folder.close() }
        let path = try folder.resolveChatPath(reference)
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoredChatPromptError(description: "no chat at \(path)")
        }
        let chat = try folder.openChat(path)
        return try assemble(settings: folder.settings, chat: chat, request: request)
    }

    /// Assembles the prompt for an open chat. `macros` defaults to an environment built from the store
    /// (`{{user}}` = settings username, `{{char}}` = the group speaker or the chat's character).
    public static func assemble(settings: Settings, chat: ChatFile, request: AssemblyRequest = AssemblyRequest(),
                                macros environment: (any MacroEnvironment)? = nil) throws -> AssembledChat {
        try assemble(settingsDocument: settings.document, chat: chat, request: request, macros: environment)
    }

    /// The same for a settings.json document (an empty one for a chat without a data folder).
    public static func assemble(settingsDocument document: JSONObject, chat: ChatFile,
                                request: AssemblyRequest = AssemblyRequest(),
                                macros environment: (any MacroEnvironment)? = nil) throws -> AssembledChat {
        let settings = JSONValue.object(document)
        let reasoning = reasoningSettings(settings["power_user"]?["reasoning"]?.objectValue)
        let environment = environment ?? StoredChatMacros(
            userName: settings["username"]?.stringValue ?? "User",
            characterName: request.groupSpeaker ?? chat.characterName ?? "",
            formatting: ReasoningFormatting(prefix: reasoning.prefix, suffix: reasoning.suffix,
                                            separator: reasoning.separator),
            chat: chat,
            globals: settings["extension_settings"]?["variables"]?["global"]?.objectValue ?? JSONObject())
        let expander = MacroEngineExpander(environment: environment)
        let regex = RegexScriptsRunner(scripts: RegexScriptSet(RegexScript.scripts(inSettings: settings)),
                                       expander: expander)
        let assembler = ChatAssembler(settings: reasoning, regex: regex, macros: expander)
        return try assembler.assemble(chat.messages.map(turn), for: request)
    }

    /// One stored message as the assembler reads it, with JavaScript's coercions.
    static func turn(_ message: ChatMessage) -> ChatTurn {
        let extra = message["extra"]?.objectValue
        var toolCalls = false
        if case .array? = extra?["tool_invocations"] { toolCalls = true }
        return ChatTurn(name: message["name"]?.stringValue,
                        isUser: message["is_user"]?.isTruthy ?? false,
                        isHidden: message["is_system"]?.isTruthy ?? false,
                        carriesToolInvocations: toolCalls,
                        // A message text that is not a string reaches the prompt as "" (regex step drops it).
                        text: message["mes"]?.stringValue ?? "",
                        reasoning: reasoningText(extra?["reasoning"]))
    }

    /// `String(extra.reasoning ?? '')`.
    static func reasoningText(_ value: JSONValue?) -> String {
        guard let value, !value.isNull else { return "" }
        return value.stringValue ?? value.javaScriptString
    }

    /// `power_user.reasoning` with SillyTavern's defaults for missing keys (template "Think XML").
    public static func reasoningSettings(_ object: JSONObject?) -> ReasoningPromptSettings {
        let object = object ?? JSONObject()
        // `power_user.reasoning.prefix || ''`: falsy values are "", others their JavaScript string.
        func part(_ key: String, _ fallback: String) -> String {
            guard let value = object[key] else { return fallback }
            return value.isTruthy ? (value.stringValue ?? value.javaScriptString) : ""
        }
        return ReasoningPromptSettings(
            addToPrompts: object["add_to_prompts"]?.isTruthy ?? false,
            maxAdditions: object["max_additions"].map(javaScriptNumber) ?? 1,
            prefix: part("prefix", "<think>"), suffix: part("suffix", "</think>"), separator: part("separator", "\n"))
    }

    /// JavaScript's `Number(value)` for a JSON value, as `counter >= value` coerces it.
    static func javaScriptNumber(_ value: JSONValue) -> Double {
        switch value {
        case .null: return 0
        case .bool(let flag): return flag ? 1 : 0
        case .number(let number): return number.double
        case .string(let text): return JSNumber.parse(text)
        case .array(let items):
            if items.isEmpty { return 0 }
            return items.count == 1 ? JSNumber.parse(items[0].javaScriptString) : .nan
        case .object: return .nan
        }
    }

}

public struct StoredChatPromptError: Error, CustomStringConvertible {
    public var description: String
}

/// Prompt-mode regex scripts at a depth, their replacements expanded by the macro engine.
struct RegexScriptsRunner: PromptRegexRunner {
    let scripts: RegexScriptSet
    let macros: RegexMacros

    init(scripts: RegexScriptSet, expander: MacroEngineExpander) {
        self.scripts = scripts
        self.macros = RegexMacros(expand: { text in expander.expand(text) })
    }

    func apply(_ text: String, placement: PromptRegexPlacement, depth: Int) throws -> String {
        guard let placement = RegexPlacement(rawValue: placement.rawValue) else { return text }
        return try scripts.apply(to: text, placement: placement,
                                 context: RegexRunContext(isPrompt: true, depth: depth), macros: macros)
    }
}

/// The macro engine behind the assembler's expander protocol.
struct MacroEngineExpander: PromptMacroExpander, @unchecked Sendable {
    let environment: any MacroEnvironment

    func expand(_ text: String) -> String {
        MacroEngine.expand(text, in: environment)
    }
}

/// What macros see while a prompt is assembled: names, the chat, variables (read only).
final class StoredChatMacros: MacroEnvironment, @unchecked Sendable {
    let userName: String
    let characterName: String
    let reasoningFormatting: ReasoningFormatting
    private let messages: [ChatMessage]
    private let locals: JSONObject
    private let globals: JSONObject

    init(userName: String, characterName: String, formatting: ReasoningFormatting, chat: ChatFile,
         globals: JSONObject) {
        self.userName = userName
        self.characterName = characterName
        self.reasoningFormatting = formatting
        self.messages = chat.messages
        self.locals = chat.variables
        self.globals = globals
    }

    var chatMessageCount: Int { messages.count }

    func chatMessage(at index: Int) -> MacroChatMessage? {
        guard messages.indices.contains(index) else { return nil }
        let message = messages[index]
        return MacroChatMessage(text: message.text, isUser: message.isUser, isSystem: message.isHidden)
    }

    func variable(_ name: String, in scope: VariableScope) -> VariableValue? {
        guard let value = (scope == .chat ? locals : globals)[name] else { return nil }
        switch value {
        case .string(let text): return .text(text)
        case .number(let number): return .number(number.double)
        default: return .json(value.stringified())
        }
    }

    // Assembling a prompt never writes variables.
    func setVariable(_ name: String, to value: VariableValue?, in scope: VariableScope) {}
}
