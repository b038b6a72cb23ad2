// Profiles: how one model family marks its thinking in the text it generates.

/// How a model family writes its reasoning: the markers around the block and the quirks around them.
/// A profile says nothing about whether the prompt already opened the block; that is `SplitStart`.
public struct ReasoningProfile: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Reasoning between open and close markers at the start of the output.
        case markers
        /// gpt-oss Harmony channels (`<|channel|>analysis<|message|>…<|end|>`), tool calls by recipient.
        case harmony
        /// A SillyTavern reasoning template: SillyTavern's first-occurrence rules and JavaScript trimming.
        case template(strict: Bool)
    }

    public var name: String
    public var kind: Kind
    /// Alternatives that open the reasoning block (only at the start of the output, after whitespace).
    public var openMarkers: [String]
    /// Alternatives that close it (the first occurrence wins).
    public var closeMarkers: [String]
    /// A channel label written right after the open marker and not part of the reasoning (Gemma 4 `thought\n`).
    public var label: String?
    /// Tool-call openers that end the reasoning when they start a line; they stay in the content for a tool parser.
    public var toolStarts: [String]
    /// Pairs that wrap the answer (`<answer>`, `</answer>`); removed when the answer starts with the opener.
    /// An empty close means the opener alone is stripped.
    public var contentWrappers: [(open: String, close: String)]
    /// A close marker at the very start of a reply that never opened a block is dropped (MiniMax-M3).
    public var dropsStrayClose: Bool

    public init(name: String, kind: Kind = .markers, open: [String], close: [String], label: String? = nil,
                toolStarts: [String] = [], contentWrappers: [(open: String, close: String)] = [],
                dropsStrayClose: Bool = false) {
        self.name = name
        self.kind = kind
        self.openMarkers = open
        self.closeMarkers = close
        self.label = label
        self.toolStarts = toolStarts
        self.contentWrappers = contentWrappers
        self.dropsStrayClose = dropsStrayClose
    }

    public static func == (a: ReasoningProfile, b: ReasoningProfile) -> Bool {
        a.name == b.name && a.kind == b.kind && a.openMarkers == b.openMarkers && a.closeMarkers == b.closeMarkers
            && a.label == b.label && a.toolStarts == b.toolStarts && a.dropsStrayClose == b.dropsStrayClose
            && a.contentWrappers.map(\.open) == b.contentWrappers.map(\.open)
            && a.contentWrappers.map(\.close) == b.contentWrappers.map(\.close)
    }

    public func hash(into h: inout Hasher) {
        h.combine(name)
        h.combine(openMarkers)
        h.combine(closeMarkers)
    }

    /// Custom markers (`stscript think --open M --close M`).
    public static func custom(open: [String], close: [String], label: String? = nil, toolStarts: [String] = [])
        -> ReasoningProfile {
        ReasoningProfile(name: "custom", open: open, close: close, label: label, toolStarts: toolStarts)
    }

    /// A SillyTavern reasoning template as a profile, so auto-parse and streaming share the splitter.
    public static func template(_ t: ReasoningTemplate, strict: Bool = true) -> ReasoningProfile {
        ReasoningProfile(name: t.name.isEmpty ? "template" : t.name, kind: .template(strict: strict),
                         open: [t.prefix], close: [t.suffix])
    }

    /// Whether the profile can split anything (a template with an empty prefix or suffix cannot).
    public var isUsable: Bool {
        if case .harmony = kind { return true }
        return !openMarkers.contains("") && !closeMarkers.contains("") && !closeMarkers.isEmpty
    }

    // MARK: catalog

    static let think = ["<think>"], thinkClose = ["</think>"]

    /// Every built-in profile, by the name the command line uses.
    public static let builtIn: [ReasoningProfile] = [
        ReasoningProfile(name: "think", open: think, close: thinkClose),
        ReasoningProfile(name: "deepseek-r1", open: think, close: thinkClose),
        ReasoningProfile(name: "deepseek-v3.1", open: think, close: thinkClose),
        ReasoningProfile(name: "qwen3", open: think, close: thinkClose, toolStarts: ["<tool_call>"]),
        ReasoningProfile(name: "qwen3.5", open: think, close: thinkClose, toolStarts: ["<tool_call>"]),
        ReasoningProfile(name: "glm4.5", open: think, close: thinkClose, toolStarts: ["<tool_call>"]),
        ReasoningProfile(name: "kimi-k2", open: think, close: thinkClose, toolStarts: ["<|tool_calls_section_begin|>"]),
        ReasoningProfile(name: "kimi-vl", open: ["◁think▷"], close: ["◁/think▷"]),
        ReasoningProfile(name: "minimax-m2", open: think, close: thinkClose, toolStarts: ["<minimax:tool_call>"]),
        ReasoningProfile(name: "minimax-m3", open: ["<mm:think>"], close: ["</mm:think>"], dropsStrayClose: true),
        ReasoningProfile(name: "mistral", open: ["[THINK]"], close: ["[/THINK]"]),
        ReasoningProfile(name: "seed-oss", open: ["<seed:think>"], close: ["</seed:think>"]),
        ReasoningProfile(name: "gemma4", open: ["<|channel>"], close: ["<channel|>"], label: "thought\n"),
        ReasoningProfile(name: "granite3",
                         open: ["Here is my thought process:", "Here's my thought process:"],
                         close: ["Here is my response:", "Here's my response:"]),
        ReasoningProfile(name: "granite4", open: think, close: thinkClose, toolStarts: ["<tool_call>"]),
        ReasoningProfile(name: "command-a", open: ["<|START_THINKING|>"], close: ["<|END_THINKING|>"],
                         contentWrappers: [("<|START_RESPONSE|>", "<|END_RESPONSE|>"), ("<|START_TEXT|>", "<|END_TEXT|>")]),
        ReasoningProfile(name: "hunyuan", open: think, close: thinkClose, contentWrappers: [("<answer>", "</answer>")]),
        ReasoningProfile(name: "ernie4.5", open: think, close: thinkClose, contentWrappers: [("<response>", "</response>")]),
        ReasoningProfile(name: "apertus", open: ["<|inner_prefix|>"], close: ["<|inner_suffix|>"],
                         toolStarts: ["<|tools_prefix|>"]),
        ReasoningProfile(name: "nemotron", open: think, close: thinkClose, toolStarts: ["<tool_call>"]),
        ReasoningProfile(name: "harmony", kind: .harmony, open: ["<|channel|>analysis<|message|>"], close: ["<|end|>"]),
        // Harmony detokenized with special tokens skipped: `analysis…assistantfinal…`.
        ReasoningProfile(name: "harmony-text", open: ["analysis", "assistantanalysis"], close: ["assistantfinal"],
                         contentWrappers: [("assistantfinal", "")]),
    ]

    /// A built-in profile by its command-line name (`_` and `-` are the same; case-insensitive).
    public static func named(_ name: String) -> ReasoningProfile? {
        let key = name.lowercased().replacingUnderscores()
        if key == "think-implicit" { return builtIn[0] }
        return builtIn.first { $0.name == key }
    }

    /// A profile or, failing that, a SillyTavern template preset by name (`pipe --parse-reasoning NAME`).
    public static func resolve(_ name: String, templates: [ReasoningTemplate] = ReasoningTemplate.presets,
                               strictTemplate: Bool = true) -> ReasoningProfile? {
        if let p = named(name) { return p }
        let lower = name.lowercased()
        if let t = templates.first(where: { $0.name.lowercased() == lower }) {
            return template(t, strict: strictTemplate)
        }
        return nil
    }
}

extension String {
    func replacingUnderscores() -> String {
        String(unicodeScalars.map { $0 == "_" ? "-" : Character($0) })
    }
}

/// Where the output starts: derived from the end of the rendered prompt, never from the model's name.
public enum SplitStart: Sendable, Hashable {
    /// Nothing known: a block counts only if the output opens one.
    case detect
    /// The prompt already opened the reasoning block (`--thinking-open`).
    case reasoning
    /// The prompt closed an empty block or turned thinking off: the output is the answer.
    case content

    /// The start state implied by the tail of the rendered prompt: ends inside an open block → reasoning,
    /// last block closed → content, no marker → detect.
    public static func fromPromptTail(_ tail: String, profile: ReasoningProfile) -> SplitStart {
        let bytes = Array(tail.utf8)
        if case .harmony = profile.kind {
            return HarmonyStart.fromPromptTail(bytes)
        }
        func lastIndex(_ markers: [String]) -> Int {
            markers.filter { !$0.isEmpty }.map { bytes.lastOffset(of: Array($0.utf8)) ?? -1 }.max() ?? -1
        }
        let open = lastIndex(profile.openMarkers), close = lastIndex(profile.closeMarkers)
        if open < 0 && close < 0 { return .detect }
        return open > close ? .reasoning : .content
    }
}

/// Options of one split besides the profile.
public struct SplitOptions: Sendable, Hashable {
    public var start: SplitStart
    /// Interleaved thinking: every block anywhere in the output goes to reasoning, as separate steps.
    public var multiBlock: Bool
    /// Report a missing or unclosed block, or an empty answer, as diagnostics.
    public var strict: Bool

    public init(start: SplitStart = .detect, multiBlock: Bool = false, strict: Bool = false) {
        self.start = start
        self.multiBlock = multiBlock
        self.strict = strict
    }
}
