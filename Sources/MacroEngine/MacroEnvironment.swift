import Foundation

/// Which variable namespace a `{{getvar}}`-style macro talks to (spec §6.1).
public enum VariableScope: Sendable, Hashable {
    /// Chat-local variables (`chat_metadata.variables`): `{{getvar}}`, `{{.name}}`.
    case chat
    /// Global variables (`extension_settings.variables.global`): `{{getglobalvar}}`, `{{$name}}`.
    case global
}

/// A chat or global variable's stored value, as SillyTavern keeps it in JSON.
public enum VariableValue: Sendable, Hashable {
    /// A JSON string (what `/setvar` and `{{setvar}}` store).
    case text(String)
    /// A JSON number (what arithmetic such as `/addvar` or `{{incvar}}` stores).
    case number(Double)
    /// Any other JSON value (`true`, `null`, a list, an object), kept as its JSON text.
    case json(String)
}

/// One chat message as the chat macros (`{{lastMessage}}`, `{{lastSwipeId}}`, …) need to see it.
public struct MacroChatMessage: Sendable, Hashable {
    /// The message text (`mes`).
    public var text: String
    /// Sent by the user (`is_user`).
    public var isUser: Bool
    /// A system or hidden message (`is_system`).
    public var isSystem: Bool
    /// Number of swipes (`swipes.length`), or nil when the message has no swipe list.
    public var swipeCount: Int?
    /// The shown swipe (`swipe_id`, 0-based), or nil when absent.
    public var swipeID: Int?
    /// When the message was sent (`send_date`), if known; used by `{{idleDuration}}`.
    public var sendDate: Date?

    public init(text: String, isUser: Bool = false, isSystem: Bool = false,
                swipeCount: Int? = nil, swipeID: Int? = nil, sendDate: Date? = nil) {
        self.text = text
        self.isUser = isUser
        self.isSystem = isSystem
        self.swipeCount = swipeCount
        self.swipeID = swipeID
        self.sendDate = sendDate
    }
}

/// The reasoning formatting strings of the current settings (spec §10, §12).
public struct ReasoningFormatting: Sendable, Hashable {
    public var prefix: String
    public var suffix: String
    public var separator: String

    public init(prefix: String, suffix: String, separator: String) {
        self.prefix = prefix
        self.suffix = suffix
        self.separator = separator
    }

    /// SillyTavern's default template since 2026-03 ("Think XML").
    public static let thinkXML = ReasoningFormatting(prefix: "<think>", suffix: "</think>", separator: "\n")
}

/// Character card fields the card macros (`{{description}}`, `{{personality}}`, …) read.
public enum CharacterField: String, Sendable, CaseIterable {
    case description, personality, scenario, persona
    case charPrompt, charInstruction, mesExamplesRaw, charDepthPrompt, creatorNotes, version, firstMessage
}

/// A macro supplied by the caller for one evaluation (STscript's `pipe`, `var`, `timesIndex`, `arg::key`, a regex
/// script's `match`). It takes precedence over a built-in macro of the same name.
public struct ScopedMacro {
    /// How many arguments the macro accepts.
    public var argumentCount: ClosedRange<Int>
    /// When true a call with another argument count is left verbatim; when false it is still evaluated.
    public var strictArguments: Bool
    /// Computes the replacement from the (already expanded, trimmed) arguments.
    public var evaluate: ([String]) -> String

    public init(argumentCount: ClosedRange<Int>, strictArguments: Bool, evaluate: @escaping ([String]) -> String) {
        self.argumentCount = argumentCount
        self.strictArguments = strictArguments
        self.evaluate = evaluate
    }

    /// A macro without arguments that yields `text` (`{{pipe}}`); called with arguments it stays verbatim.
    public static func value(_ text: @escaping @autoclosure () -> String) -> ScopedMacro {
        ScopedMacro(argumentCount: 0...0, strictArguments: true) { _ in text() }
    }

    /// A macro taking any number of arguments whose result depends on them (`{{timesIndex}}`, `{{arg::key}}`):
    /// never left verbatim because of its argument count.
    public static func lenient(_ evaluate: @escaping ([String]) -> String) -> ScopedMacro {
        ScopedMacro(argumentCount: 0...Int.max, strictArguments: false, evaluate: evaluate)
    }
}

/// Everything the macro engine needs from its surroundings. The STScript runtime, the prompt assembler and regex
/// scripts each supply one. Every requirement has a default (see the extension below), so an environment only
/// implements what it has; a conforming type is usually a class or a struct over reference storage, because
/// variable macros (`{{setvar}}`, `{{.x++}}`) write through these non-mutating methods.
public protocol MacroEnvironment {
    /// A caller-supplied macro for `name` (already lowercased), or nil to fall back to the built-in macros.
    /// STscript supplies `pipe`, `var` (1–2 arguments, lenient), `timesIndex` and `arg` here.
    func scopedMacro(named name: String) -> ScopedMacro?

    /// `{{user}}`: the persona name.
    var userName: String { get }
    /// `{{char}}`: the character name.
    var characterName: String { get }
    /// `{{group}}` / `{{charIfNotGroup}}`: group member names joined by `, ` (the character name outside a group).
    var groupNames: String { get }
    /// `{{groupNotMuted}}`: like `groupNames` without muted members.
    var groupNamesNotMuted: String { get }
    /// `{{notChar}}`: everyone but the character (the user's name outside a group).
    var notCharacterNames: String { get }
    /// `{{model}}`: the model generating replies.
    var modelName: String { get }
    /// `{{maxContext}}` / `{{maxResponse}}`: the context and response token limits (`{{maxPrompt}}` is their
    /// difference); 0 when unknown.
    var maxContextTokens: Int { get }
    var maxResponseTokens: Int { get }
    /// `{{original}}`: the original text, substituted once per evaluation; nil leaves the macro verbatim.
    var originalText: String? { get }
    /// Card fields for `{{description}}` and friends; nil when there is no card (they expand to "").
    func characterField(_ field: CharacterField) -> String?

    /// The raw stored value of a chat-local or global variable, nil when it does not exist.
    func variable(_ name: String, in scope: VariableScope) -> VariableValue?
    /// Stores a value; nil deletes the variable.
    func setVariable(_ name: String, to value: VariableValue?, in scope: VariableScope)

    /// Number of messages in the current chat (0 when there is no chat).
    var chatMessageCount: Int { get }
    /// The message at a 0-based index, nil when out of range.
    func chatMessage(at index: Int) -> MacroChatMessage?

    /// `{{reasoningPrefix}}`, `{{reasoningSuffix}}`, `{{reasoningSeparator}}`.
    var reasoningFormatting: ReasoningFormatting { get }

    /// The clock for the time macros (`{{time}}`, `{{date}}`, `{{idleDuration}}`, …).
    var now: Date { get }
    /// The local time zone for the time macros.
    var timeZone: TimeZone { get }
    /// A uniformly distributed number in 0..<1 for `{{random}}` and `{{roll}}`; tests return fixed values.
    func randomUnit() -> Double
    /// The current chat's id hash for `{{pick}}`: `chat_metadata.chat_id_hash` when the chat has one, else
    /// `MacroEngine.stringHash(chatID)` (0 without a chat). `{{pick}}` combines it with the text's hash and the
    /// macro's position, so a pick is stable per chat, text and position.
    var chatIDHash: Double { get }
    /// `chat_metadata.pick_reroll_seed` (`/reroll-pick`), nil when unset.
    var pickRerollSeed: String? { get }

    /// Applied to every macro's result before it is spliced in (SillyTavern's `postProcessFn`); identity by default.
    func postProcess(_ macroResult: String) -> String
}

extension MacroEnvironment {
    public func scopedMacro(named name: String) -> ScopedMacro? { nil }
    public var userName: String { "User" }
    public var characterName: String { "" }
    public var groupNames: String { characterName }
    public var groupNamesNotMuted: String { groupNames }
    public var notCharacterNames: String { userName }
    public var modelName: String { "" }
    public var maxContextTokens: Int { 0 }
    public var maxResponseTokens: Int { 0 }
    public var originalText: String? { nil }
    public func characterField(_ field: CharacterField) -> String? { nil }
    public func variable(_ name: String, in scope: VariableScope) -> VariableValue? { nil }
    public func setVariable(_ name: String, to value: VariableValue?, in scope: VariableScope) {}
    public var chatMessageCount: Int { 0 }
    public func chatMessage(at index: Int) -> MacroChatMessage? { nil }
    public var reasoningFormatting: ReasoningFormatting { .thinkXML }
    public var now: Date { Date() }
    public var timeZone: TimeZone { .current }
    public func randomUnit() -> Double { Double.random(in: 0..<1) }
    public var chatIDHash: Double { 0 }
    public var pickRerollSeed: String? { nil }
    public func postProcess(_ macroResult: String) -> String { macroResult }
}

/// An environment with nothing in it but names: handy for tests and for callers that only need `{{user}}`/`{{char}}`.
public struct BasicMacroEnvironment: MacroEnvironment {
    public var userName: String
    public var characterName: String

    public init(userName: String = "User", characterName: String = "") {
        self.userName = userName
        self.characterName = characterName
    }
}
