import Foundation
import JSCompat
import Reasoning

/// A finished model run with its thinking kept apart from its answer, and how it becomes training data
/// (after Kiln's task runs and fine-tune export).

public struct ReasonedRun: Sendable, Equatable {
    /// What the model was given (system prompt and conversation), without any thinking instructions.
    public var prompt: [PromptMessage]
    /// The answer alone; never contains the thinking.
    public var answer: String
    /// The model's native reasoning (a provider field or a parsed `<think>` block).
    public var reasoning: String?
    /// Thinking produced on request by a chain-of-thought call.
    public var chainOfThought: String?
    /// The thinking instructions of a chain-of-thought run.
    public var thinkingInstructions: String?

    public init(prompt: [PromptMessage], answer: String, reasoning: String? = nil, chainOfThought: String? = nil,
                thinkingInstructions: String? = nil) {
        self.prompt = prompt
        self.answer = answer
        self.reasoning = reasoning
        self.chainOfThought = chainOfThought
        self.thinkingInstructions = thinkingInstructions
    }

    /// The run's thinking: native reasoning first, prompted chain of thought otherwise; nil when blank.
    public var thinking: String? {
        for candidate in [reasoning, chainOfThought] {
            if let text = candidate, !text.allSatisfy(\.isWhitespace) { return text }
        }
        return nil
    }
}

/// How a run is written as a training example.
public enum TrainingShape: String, CaseIterable, Sendable {
    /// prompt → answer; the thinking is dropped.
    case answerOnly = "answer-only"
    /// prompt → thinking instructions → thinking → final-answer request → answer (the `cot` flow, two turns).
    case thinkingTurns = "thinking-turns"
    /// prompt → one assistant turn `<think>\n…\n</think>\n\nanswer`, for models that think natively.
    case thinkingBlock = "thinking-block"
}

public enum TrainingExampleError: Error, Equatable, CustomStringConvertible {
    case noThinking

    public var description: String {
        switch self {
        case .noThinking: "the run has no thinking, so it cannot train a model to think"
        }
    }
}

extension ReasonedRun {
    public func trainingMessages(_ shape: TrainingShape) throws(TrainingExampleError) -> [PromptMessage] {
        switch shape {
        case .answerOnly:
            return prompt + [PromptMessage(role: .assistant, content: answer)]
        case .thinkingTurns:
            guard let thinking else { throw .noThinking }
            let instructions = thinkingInstructions ?? CallFlows.defaultThinkingInstructions
            return prompt + [
                PromptMessage(role: .user, content: instructions),
                PromptMessage(role: .assistant, content: thinking),
                PromptMessage(role: .user, content: CallFlows.finalAnswerRequest),
                PromptMessage(role: .assistant, content: answer),
            ]
        case .thinkingBlock:
            guard let thinking else { throw .noThinking }
            let trimmed = thinking.trimmingCharacters(in: .whitespacesAndNewlines)
            return prompt + [PromptMessage(role: .assistant, content: "<think>\n\(trimmed)\n</think>\n\n\(answer)")]
        }
    }
}

extension ReasonedRun {
    /// A reasoning-flow run from the model's one reply: the provider's reasoning field when it sent one,
    /// otherwise the reasoning block split out of the reply text with the model's profile.
    public init(prompt: [PromptMessage], reply: String, providerReasoning: String? = nil,
                profile: ReasoningProfile, thinkingInstructions: String? = nil) {
        if let providerReasoning, !providerReasoning.allSatisfy(\.isWhitespace) {
            self.init(prompt: prompt, answer: reply,
                      reasoning: providerReasoning.trimmingCharacters(in: .whitespacesAndNewlines),
                      thinkingInstructions: thinkingInstructions)
            return
        }
        let split = profile.split(reply)
        self.init(prompt: prompt, answer: split.content, reasoning: split.reasoning.isEmpty ? nil : split.reasoning,
                  thinkingInstructions: thinkingInstructions)
    }

    /// A chain-of-thought run from its two replies: the thinking call's and the final call's.
    public init(prompt: [PromptMessage], thinkingReply: String, finalReply: String,
                thinkingInstructions: String? = nil) {
        self.init(prompt: prompt, answer: finalReply, chainOfThought: thinkingReply,
                  thinkingInstructions: thinkingInstructions ?? CallFlows.defaultThinkingInstructions)
    }

    /// One line of an OpenAI-style fine-tuning file: `{"messages": [{"role", "content"}, …]}`.
    public func trainingJSONLine(_ shape: TrainingShape) throws(TrainingExampleError) -> String {
        let messages = try trainingMessages(shape).map { message -> JSONValue in
            ["role": .string(message.role.rawValue), "content": .string(message.content)]
        }
        return JSONValue.object(["messages": .array(messages)]).stringified()
    }
}
