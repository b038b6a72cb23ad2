@testable import PromptAssembly

/// The inputs behind the golden request bodies: one model per provider, every flow.
enum GoldenBodies {
    static let models: [(Provider, String)] = [
        (.openai, "o4-mini"), (.anthropic, "claude-sonnet-4-5"), (.openrouter, "anthropic/claude-sonnet-4.5"),
        (.xai, "grok-3-mini"), (.perplexity, "sonar-deep-research"), (.nanogpt, "deepseek-r1"),
        (.deepseek, "deepseek-reasoner"), (.google, "gemini-2.5-pro"), (.vertex, "gemini-2.5-flash"),
        (.zai, "glm-4.6"), (.moonshot, "kimi-k2-thinking"), (.koboldcpp, "koboldcpp/qwen3-8b"),
        (.custom, "gpt-5-mini"), (.ollama, "qwen3:8b"),
    ]

    static let system = "You are terse."
    static let conversation = [PromptMessage(role: .user, content: "What is 17 * 3?")]
    static let instructions = "Check the arithmetic twice."

    /// Providers whose structured-output shapes differ: a JSON schema everywhere, a tool for Claude.
    static let schemaModels: [(Provider, String)] = [
        (.openai, "o4-mini"), (.anthropic, "claude-sonnet-4-5"), (.google, "gemini-2.5-flash"),
        (.deepseek, "deepseek-reasoner"), (.ollama, "gpt-oss:20b"),
    ]

    static let answerSchema = StructuredOutput(
        name: "product", schemaJSON: #"{"type":"object","properties":{"value":{"type":"integer"}},"required":["value"]}"#)

    static func calls(_ flow: CallFlow, structured: Bool = false) -> [FlowCall] {
        CallFlows.calls(flow: flow, system: system, conversation: conversation, thinkingInstructions: instructions,
                        thinking: "17 * 3 = 51; 51 / 3 = 17.", structuredOutput: structured ? answerSchema : nil)
    }

    static func request(_ provider: Provider, _ model: String, _ call: FlowCall) -> ModelRequest {
        call.request(provider: provider, model: model, maxTokens: 8000, stream: false, effort: .high)
    }
}
