/// How hard the model should think, as SillyTavern's "Reasoning Effort" setting offers it.
/// `auto` means "send nothing and let the provider decide".
public enum ReasoningEffort: String, CaseIterable, Sendable {
    case auto, minimum, low, medium, high, maximum

    /// Accepts the words users type and SillyTavern's stored spellings (`min`, `max`).
    public init?(userText: String) {
        switch userText.lowercased() {
        case "auto": self = .auto
        case "min", "minimum", "minimal": self = .minimum
        case "low": self = .low
        case "medium", "med": self = .medium
        case "high": self = .high
        case "max", "maximum": self = .maximum
        default: return nil
        }
    }

    /// The value SillyTavern keeps in `oai_settings.reasoning_effort`.
    public var sillyTavernValue: String {
        switch self {
        case .minimum: "min"
        case .maximum: "max"
        default: rawValue
        }
    }
}

/// Where a request goes. Each provider has its own body shape and its own way of saying "reasoning effort".
public enum Provider: String, CaseIterable, Sendable {
    case openai, anthropic, openrouter, xai, perplexity, nanogpt, deepseek, google, vertex, zai, moonshot
    case koboldcpp, custom, ollama

    /// Accepts the provider names users type, including SillyTavern's source names.
    public init?(userText: String) {
        switch userText.lowercased() {
        case "openai", "azure", "azure_openai": self = .openai
        case "anthropic", "claude": self = .anthropic
        case "openrouter": self = .openrouter
        case "xai", "grok": self = .xai
        case "perplexity": self = .perplexity
        case "nanogpt": self = .nanogpt
        case "deepseek": self = .deepseek
        case "google", "makersuite", "aistudio", "ai-studio", "gemini": self = .google
        case "vertex", "vertexai": self = .vertex
        case "zai", "z.ai", "glm": self = .zai
        case "moonshot", "kimi": self = .moonshot
        case "koboldcpp", "kobold": self = .koboldcpp
        case "custom": self = .custom
        case "ollama": self = .ollama
        default: return nil
        }
    }

    /// The URL path the body is posted to, relative to the provider's base URL.
    public var endpointPath: String {
        switch self {
        case .anthropic: "/v1/messages"
        case .google, .vertex: "/models/{model}:generateContent"
        case .ollama: "/api/chat"
        default: "/v1/chat/completions"
        }
    }
}
