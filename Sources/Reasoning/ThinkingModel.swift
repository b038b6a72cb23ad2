// The thinking data model: what a reasoning model produced besides its answer.

/// One block of thinking (interleaved thinkers produce several per reply).
public struct ThinkingStep: Sendable, Hashable, Codable {
    public var content: String
    /// Tokens the step used, when the provider reported them.
    public var tokensUsed: Int?

    public init(content: String, tokensUsed: Int? = nil) {
        self.content = content
        self.tokensUsed = tokensUsed
    }
}

/// All thinking of one reply.
public struct ThinkingTrace: Sendable, Hashable, Codable {
    public var steps: [ThinkingStep]
    /// Reasoning tokens of the reply, when reported (sum of the steps' counts otherwise).
    public var totalTokens: Int?
    public var modelID: String?

    public init(steps: [ThinkingStep], totalTokens: Int? = nil, modelID: String? = nil) {
        self.steps = steps
        let counted = steps.compactMap(\.tokensUsed)
        self.totalTokens = totalTokens ?? (counted.isEmpty ? nil : counted.reduce(0, +))
        self.modelID = modelID
    }

    /// No step has any text.
    public var isEmpty: Bool { steps.allSatisfy { $0.content.isEmpty } }

    /// The steps joined by a blank line, as SillyTavern joins several thinking blocks of one reply.
    public var combinedText: String { steps.map(\.content).filter { !$0.isEmpty }.joined(separator: "\n\n") }
}

/// An answer together with the thinking that led to it.
public struct ReasonedText: Sendable, Hashable, Codable {
    public var text: String
    public var thinking: ThinkingTrace?
    public var tokensUsed: Int?

    public init(text: String, thinking: ThinkingTrace?, tokensUsed: Int? = nil) {
        self.text = text
        self.thinking = thinking
        self.tokensUsed = tokensUsed
    }

    public var hasThinking: Bool { thinking.map { !$0.isEmpty } ?? false }
}

/// Where a message's reasoning came from (SillyTavern's `extra.reasoning_type`).
public enum ReasoningOrigin: String, Sendable, Hashable, Codable {
    /// A separate field of the API response.
    case model
    /// Split out of the text with a template or profile.
    case parsed
    /// Set by the user or `/reasoning-set`.
    case manual
    /// Edited after it had another origin.
    case edited
}

/// SillyTavern's per-message reasoning fields besides the text (`extra.reasoning_*`).
public struct ReasoningDetails: Sendable, Hashable, Codable {
    /// Milliseconds from the start of generation to the end of reasoning; nil when unknown.
    public var durationMilliseconds: Double?
    public var origin: ReasoningOrigin?
    /// Opaque provider signature kept for multi-turn conversations (Gemini, OpenRouter).
    public var signature: String?

    public init(durationMilliseconds: Double? = nil, origin: ReasoningOrigin? = nil, signature: String? = nil) {
        self.durationMilliseconds = durationMilliseconds
        self.origin = origin
        self.signature = signature
    }
}
