import Foundation

/// Reasoning-effort tables: what each provider is sent for each `ReasoningEffort`.
///
/// Derived from SillyTavern's behaviour (docs "Reasoning Effort" tables, client and server code of 1.18).
/// Where the docs and the code disagree the code wins, because it is what reaches the provider:
/// "Low" is 10 % of the max response in the code (the docs table says 15 %).
public enum EffortTables {

    // MARK: OpenAI chat completions (also Azure and OpenAI-compatible "custom" endpoints)

    /// `reasoning_effort` for an OpenAI model, or nil when the key must not be sent.
    public static func openAI(effort: ReasoningEffort, model: String) -> String? {
        guard effort != .auto, ModelNames.isOpenAIReasoningModel(model) else { return nil }
        if let fixed = ModelNames.openAIFixedEffort(model) { return fixed }
        switch effort {
        case .auto: return nil
        case .minimum:
            // GPT-5.4 and later dropped "minimal" and accept "none" instead; GPT-5 accepts "minimal".
            if ModelNames.hasPrefix(model, anyOf: ["gpt-5.4", "gpt-5.5"]) { return "none" }
            if model.hasPrefix("gpt-5") { return "minimal" }
            return "low"
        case .maximum: return "high"
        case .low, .medium, .high: return effort.rawValue
        }
    }

    // MARK: Anthropic messages

    /// What a Claude request carries for thinking.
    public enum ClaudeThinking: Equatable, Sendable {
        /// No `thinking` key: the model answers without extended thinking.
        case off
        /// `thinking: {type: enabled, budget_tokens}`; `maxTokens` may have been raised to make room.
        case budget(tokens: Int, maxTokens: Int)
        /// `thinking: {type: adaptive}` with `output_config.effort` (Opus 4.6 and later).
        case adaptive(effort: String)
    }

    /// Thinking for a Claude model. Budgets are fractions of the max response, at least 1024 tokens, and at most
    /// 21333 without streaming (Anthropic refuses larger non-streaming budgets).
    public static func claude(effort: ReasoningEffort, model: String, maxTokens: Int, stream: Bool,
                              adaptiveThinking: Bool = true) -> ClaudeThinking {
        guard ModelNames.claudeCanThink(model), effort != .auto else { return .off }
        if ModelNames.claudeUsesAdaptiveThinking(model, adaptiveEnabled: adaptiveThinking) {
            switch effort {
            case .auto: return .off
            case .minimum, .low: return .adaptive(effort: "low")
            case .medium: return .adaptive(effort: "medium")
            case .high: return .adaptive(effort: "high")
            case .maximum: return .adaptive(effort: "max")
            }
        }
        var budget: Int
        switch effort {
        case .auto: return .off
        case .minimum: budget = 1024
        case .low: budget = fraction(maxTokens, 0.10)
        case .medium: budget = fraction(maxTokens, 0.25)
        case .high: budget = fraction(maxTokens, 0.5)
        case .maximum: budget = fraction(maxTokens, 0.95)
        }
        budget = max(budget, claudeMinimumBudget)
        if !stream { budget = min(budget, claudeNonStreamingBudgetCap) }
        // Anthropic needs max_tokens above the budget; a response of 1024 or less gets 1024 more (1024 → 2048).
        let raisedMax = maxTokens <= claudeMinimumBudget ? maxTokens + claudeMinimumBudget : maxTokens
        return .budget(tokens: budget, maxTokens: raisedMax)
    }

    public static let claudeMinimumBudget = 1024
    public static let claudeNonStreamingBudgetCap = 21333

    // MARK: Google AI Studio / Vertex AI

    /// What a Gemini `thinkingConfig` carries besides `includeThoughts`.
    public enum GoogleThinking: Equatable, Sendable {
        /// The model has no thinking config at all (older Gemini, Gemma, image models).
        case unsupported
        /// `thinkingConfig` with only `includeThoughts` (Gemini 3 on auto: the model decides).
        case modelDefault
        /// `thinkingBudget` in tokens; -1 is dynamic thinking, 0 turns thinking off.
        case budget(Int)
        /// `thinkingLevel` keyword (Gemini 3).
        case level(String)
    }

    public static func google(effort: ReasoningEffort, model: String, maxTokens: Int) -> GoogleThinking {
        switch ModelNames.geminiFamily(model) {
        case .none: return .unsupported
        case .gemini3Pro:
            switch effort {
            case .auto: return .modelDefault
            case .minimum, .low, .medium: return .level("low")
            case .high, .maximum: return .level("high")
            }
        case .gemini3Flash:
            switch effort {
            case .auto: return .modelDefault
            case .minimum: return .level("minimal")
            case .low: return .level("low")
            case .medium: return .level("medium")
            case .high, .maximum: return .level("high")
            }
        case .flashLite:
            guard let share = geminiShare(effort, maxTokens) else { return effort == .auto ? .budget(-1) : .budget(0) }
            return .budget(max(min(share, 24576), 512))
        case .flash:
            guard let share = geminiShare(effort, maxTokens) else { return effort == .auto ? .budget(-1) : .budget(0) }
            return .budget(min(share, 24576))
        case .pro:
            if effort == .auto { return .budget(-1) }
            let share = geminiShare(effort, maxTokens) ?? 128
            return .budget(max(min(share, 32768), 128))
        }
    }

    /// The part of the max response a 2.5 model may think with; nil for auto and minimum (decided per model).
    private static func geminiShare(_ effort: ReasoningEffort, _ maxTokens: Int) -> Int? {
        switch effort {
        case .auto, .minimum: nil
        case .low: fraction(maxTokens, 0.10)
        case .medium: fraction(maxTokens, 0.25)
        case .high: fraction(maxTokens, 0.5)
        case .maximum: maxTokens
        }
    }

    // MARK: Keyword providers

    /// OpenRouter's `reasoning.effort`. With reasoning not requested, "minimum" asks for no reasoning at all.
    public static func openRouter(effort: ReasoningEffort, requestReasoning: Bool) -> String? {
        switch effort {
        case .auto: nil
        case .minimum: requestReasoning ? "low" : "none"
        case .maximum: "high"
        case .low, .medium, .high: effort.rawValue
        }
    }

    /// The thinking budget OpenRouter derives from the keyword for budget-based models (Claude, Gemini):
    /// low 20 %, medium 50 %, high 80 % of the max response. Informational; only the keyword is sent.
    public static func openRouterBudget(effort: ReasoningEffort, maxTokens: Int) -> Int? {
        switch openRouter(effort: effort, requestReasoning: true) {
        case "low": fraction(maxTokens, 0.2)
        case "medium": fraction(maxTokens, 0.5)
        case "high": fraction(maxTokens, 0.8)
        default: nil
        }
    }

    /// xAI accepts only "low" and "high", and only grok-3-mini takes the parameter.
    public static func xAI(effort: ReasoningEffort, model: String) -> String? {
        guard model.contains("grok-3-mini") else { return nil }
        switch effort {
        case .auto: return nil
        case .high, .maximum: return "high"
        case .minimum, .low, .medium: return "low"
        }
    }

    public static func perplexity(effort: ReasoningEffort) -> String? {
        switch effort {
        case .auto: nil
        case .minimum: "low"
        case .maximum: "high"
        case .low, .medium, .high: effort.rawValue
        }
    }

    /// NanoGPT's scale sits one step lower: minimum → none … maximum → high.
    public static func nanoGPT(effort: ReasoningEffort) -> String? {
        switch effort {
        case .auto: nil
        case .minimum: "none"
        case .low: "minimal"
        case .medium: "low"
        case .high: "medium"
        case .maximum: "high"
        }
    }

    /// DeepSeek knows "high" and "max"; anything but auto and maximum is "high".
    /// Sent only when reasoning is requested (DeepSeek switches thinking with `thinking.type`).
    public static func deepSeek(effort: ReasoningEffort, requestReasoning: Bool) -> String? {
        guard requestReasoning else { return nil }
        switch effort {
        case .auto: return nil
        case .maximum: return "max"
        default: return "high"
        }
    }

    /// KoboldCpp's OpenAI-compatible endpoint takes the whole scale, maximum as "xhigh".
    public static func koboldCpp(effort: ReasoningEffort) -> String? {
        switch effort {
        case .auto: nil
        case .minimum: "minimal"
        case .maximum: "xhigh"
        case .low, .medium, .high: effort.rawValue
        }
    }

    /// Ollama's `think`: a boolean, or a level for gpt-oss models (which cannot turn thinking off).
    public enum OllamaThink: Equatable, Sendable {
        case omitted
        case enabled(Bool)
        case level(String)
    }

    public static func ollama(effort: ReasoningEffort, model: String, requestReasoning: Bool) -> OllamaThink {
        let levels = model.lowercased().contains("gpt-oss")
        if !requestReasoning { return levels ? .level("low") : .enabled(false) }
        switch effort {
        case .auto: return .omitted
        case .minimum, .low: return levels ? .level("low") : .enabled(true)
        case .medium: return levels ? .level("medium") : .enabled(true)
        case .high, .maximum: return levels ? .level("high") : .enabled(true)
        }
    }

    /// Z.AI and Moonshot only switch thinking on or off (`thinking.type`); they ignore effort.
    public static func thinkingType(requestReasoning: Bool) -> String {
        requestReasoning ? "enabled" : "disabled"
    }

    /// `Math.floor(maxTokens * share)` as JavaScript computes it.
    static func fraction(_ maxTokens: Int, _ share: Double) -> Int {
        Int((Double(maxTokens) * share).rounded(.down))
    }
}

/// Model-name rules the effort tables depend on.
public enum ModelNames {
    static func hasPrefix(_ model: String, anyOf prefixes: [String]) -> Bool {
        prefixes.contains { model.hasPrefix($0) }
    }

    /// OpenAI models that accept `reasoning_effort`: o1, o3, o3-mini, o4-mini, the GPT-5 family (not
    /// gpt-5-chat-latest), each optionally with a dated snapshot suffix.
    public static func isOpenAIReasoningModel(_ model: String) -> Bool {
        var name = Substring(model)
        if let dated = name.range(of: #"-\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) {
            name = name[..<dated.lowerBound]
        }
        if ["o1", "o3", "o3-mini", "o4-mini"].contains(name) { return true }
        guard name.hasPrefix("gpt-5") else { return false }
        if name == "gpt-5-chat-latest" { return false }
        return name.range(of: #"^gpt-5(\.\d+)?(-mini|-nano|-chat-latest)?$"#, options: .regularExpression) != nil
    }

    /// Models that accept only one effort value whatever the setting.
    public static func openAIFixedEffort(_ model: String) -> String? {
        model == "gpt-5.3-chat-latest" ? "medium" : nil
    }

    public static func claudeCanThink(_ model: String) -> Bool {
        hasPrefix(model, anyOf: ["claude-3-7", "claude-opus-4", "claude-sonnet-4", "claude-haiku-4-5"])
    }

    /// Opus 4.7 always thinks adaptively; Opus 4.6 and Sonnet 4.6 do when adaptive thinking is enabled
    /// (SillyTavern's `claude.enableAdaptiveThinking`, on by default).
    public static func claudeUsesAdaptiveThinking(_ model: String, adaptiveEnabled: Bool) -> Bool {
        if model.range(of: #"^claude-opus-4-([7-9]|\d\d)"#, options: .regularExpression) != nil { return true }
        return adaptiveEnabled && hasPrefix(model, anyOf: ["claude-opus-4-6", "claude-sonnet-4-6"])
    }

    public enum GeminiFamily: Sendable { case gemini3Pro, gemini3Flash, flashLite, flash, pro }

    /// Which thinking rules a Gemini model follows, or nil when it takes no thinking config.
    public static func geminiFamily(_ model: String) -> GeminiFamily? {
        let gemini25 = model.range(of: #"^gemini-2\.5-(flash|pro)"#, options: .regularExpression) != nil
            && model.range(of: #"-image(-preview)?$"#, options: .regularExpression) == nil
        let gemini3 = model.range(of: #"^gemini-3[.\d]*-(flash|pro)"#, options: .regularExpression) != nil
        guard gemini25 || gemini3 else { return nil }
        if model.range(of: #"gemini-3[.\d]*-pro"#, options: .regularExpression) != nil { return .gemini3Pro }
        if model.range(of: #"gemini-3[.\d]*-flash"#, options: .regularExpression) != nil { return .gemini3Flash }
        if model.contains("flash-lite") { return .flashLite }
        if model.contains("flash") { return .flash }
        return .pro
    }
}
