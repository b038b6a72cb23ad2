/// How a task is put to a model so that its thinking and its answer come back apart (after Kiln's chat strategies).

public enum CallFlow: String, CaseIterable, Sendable {
    /// One call: system, conversation → answer.
    case plain
    /// Chain of thought for models without native reasoning: a thinking call, then a final call that sees the
    /// thinking and asks for the result.
    case cot
    /// One call to a reasoning model; the answer and the reasoning are split from the one reply.
    case reasoning
}

/// A request for structured output. It shapes only the answer: reasoning never becomes a schema field.
public struct StructuredOutput: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case jsonSchema, tool }
    public var kind: Kind
    public var name: String
    public var description: String?
    /// The JSON Schema text of the answer.
    public var schemaJSON: String

    public init(kind: Kind = .jsonSchema, name: String, description: String? = nil, schemaJSON: String) {
        self.kind = kind
        self.name = name
        self.description = description
        self.schemaJSON = schemaJSON
    }
}

/// One model call of a flow: what is sent, and whether its reply is the final answer.
public struct FlowCall: Sendable, Equatable {
    public enum Stage: String, Sendable { case answer, thinking, final }
    public var stage: Stage
    public var messages: [PromptMessage]
    /// Structured output applies only to calls that produce the answer.
    public var structuredOutput: StructuredOutput?
    /// Whether the provider should be asked for its native reasoning.
    public var requestsNativeReasoning: Bool
}

public enum CallFlows {
    public static let defaultThinkingInstructions = "Think step by step, explaining your reasoning."
    public static let finalAnswerRequest = "Considering the above, return a final result."

    /// The calls of a flow. For `cot`, the final call exists only once the thinking is known; pass it as `thinking`.
    ///
    /// - system: the system prompt, nil for none.
    /// - conversation: the assembled chat (user input last for a task).
    /// - thinkingInstructions: the prompt's own thinking instructions; `cot` falls back to the default.
    public static func calls(flow: CallFlow, system: String?, conversation: [PromptMessage],
                             thinkingInstructions: String? = nil, thinking: String? = nil,
                             structuredOutput: StructuredOutput? = nil) -> [FlowCall] {
        let head = system.map { [PromptMessage(role: .system, content: $0)] } ?? []
        switch flow {
        case .plain:
            return [FlowCall(stage: .answer, messages: head + conversation, structuredOutput: structuredOutput,
                             requestsNativeReasoning: false)]
        case .reasoning:
            var messages = conversation
            if let instructions = nonEmpty(thinkingInstructions) {
                let joined = system.map { $0.isEmpty ? instructions : $0 + "\n\n" + instructions } ?? instructions
                messages.insert(PromptMessage(role: .system, content: joined), at: 0)
            } else {
                messages.insert(contentsOf: head, at: 0)
            }
            return [FlowCall(stage: .answer, messages: messages, structuredOutput: structuredOutput,
                             requestsNativeReasoning: true)]
        case .cot:
            let instructions = nonEmpty(thinkingInstructions) ?? defaultThinkingInstructions
            // A user turn, not a mid-conversation system turn: Anthropic and Gemini accept no system turn there.
            let thinkingCall = head + conversation + [PromptMessage(role: .user, content: instructions)]
            var calls = [FlowCall(stage: .thinking, messages: thinkingCall, structuredOutput: nil,
                                  requestsNativeReasoning: false)]
            if let thinking {
                let finalCall = thinkingCall + [PromptMessage(role: .assistant, content: thinking),
                                                PromptMessage(role: .user, content: finalAnswerRequest)]
                calls.append(FlowCall(stage: .final, messages: finalCall, structuredOutput: structuredOutput,
                                      requestsNativeReasoning: false))
            }
            return calls
        }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}

extension FlowCall {
    /// The model request for this call. Only the reasoning flow asks for native reasoning and sends the effort;
    /// plain and chain-of-thought calls ask the provider not to think (where it can be told so).
    public func request(provider: Provider, model: String, maxTokens: Int = 4096, stream: Bool = false,
                        effort: ReasoningEffort = .auto, adaptiveThinking: Bool = true) -> ModelRequest {
        ModelRequest(provider: provider, model: model, messages: messages, maxTokens: maxTokens, stream: stream,
                     effort: requestsNativeReasoning ? effort : .auto, requestReasoning: requestsNativeReasoning,
                     structuredOutput: structuredOutput, adaptiveThinking: adaptiveThinking)
    }
}
