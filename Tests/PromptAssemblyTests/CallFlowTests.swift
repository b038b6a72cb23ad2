import XCTest
import Reasoning
@testable import PromptAssembly

final class CallFlowTests: XCTestCase {
    private let chat = [PromptMessage(role: .user, content: "Q")]

    func testPlainFlowIsSystemThenConversation() {
        let calls = CallFlows.calls(flow: .plain, system: "S", conversation: chat)
        XCTAssertEqual(calls.map(\.stage), [.answer])
        XCTAssertEqual(calls[0].messages, [PromptMessage(role: .system, content: "S")] + chat)
        XCTAssertFalse(calls[0].requestsNativeReasoning)
    }

    func testChainOfThoughtUsesTheDefaultInstructionsAsAUserTurn() {
        let calls = CallFlows.calls(flow: .cot, system: "S", conversation: chat)
        XCTAssertEqual(calls.map(\.stage), [.thinking])
        XCTAssertEqual(calls[0].messages.last,
                       PromptMessage(role: .user, content: "Think step by step, explaining your reasoning."))
    }

    func testChainOfThoughtFinalCallSeesTheThinkingAndAsksForTheResult() {
        let calls = CallFlows.calls(flow: .cot, system: nil, conversation: chat, thinking: "T")
        XCTAssertEqual(calls.map(\.stage), [.thinking, .final])
        XCTAssertEqual(calls[1].messages.suffix(2).map(\.content),
                       ["T", "Considering the above, return a final result."])
        XCTAssertEqual(calls[1].messages.suffix(2).map(\.role), [.assistant, .user])
    }

    func testChainOfThoughtKeepsTheSchemaOffTheThinkingCall() {
        let schema = StructuredOutput(name: "x", schemaJSON: "{}")
        let calls = CallFlows.calls(flow: .cot, system: "S", conversation: chat, thinking: "T", structuredOutput: schema)
        XCTAssertNil(calls[0].structuredOutput)
        XCTAssertEqual(calls[1].structuredOutput, schema)
    }

    func testReasoningFlowAppendsThinkingInstructionsToTheSystemPrompt() {
        let calls = CallFlows.calls(flow: .reasoning, system: "S", conversation: chat, thinkingInstructions: "I")
        XCTAssertEqual(calls[0].messages.first, PromptMessage(role: .system, content: "S\n\nI"))
        XCTAssertTrue(calls[0].requestsNativeReasoning)
    }

    func testReasoningFlowWithoutInstructionsKeepsTheSystemPrompt() {
        let calls = CallFlows.calls(flow: .reasoning, system: "S", conversation: chat)
        XCTAssertEqual(calls[0].messages, [PromptMessage(role: .system, content: "S")] + chat)
    }

    func testReasoningFlowWithoutSystemPromptUsesTheInstructionsAlone() {
        let calls = CallFlows.calls(flow: .reasoning, system: nil, conversation: chat, thinkingInstructions: "I")
        XCTAssertEqual(calls[0].messages.first, PromptMessage(role: .system, content: "I"))
    }

    func testOnlyTheReasoningFlowSendsTheEffort() {
        let plain = CallFlows.calls(flow: .plain, system: nil, conversation: chat)[0]
            .request(provider: .openai, model: "o3", effort: .high)
        XCTAssertEqual(plain.effort, .auto)
        XCTAssertFalse(plain.requestReasoning)
        let reasoning = CallFlows.calls(flow: .reasoning, system: nil, conversation: chat)[0]
            .request(provider: .openai, model: "o3", effort: .high)
        XCTAssertEqual(reasoning.effort, .high)
        XCTAssertTrue(reasoning.requestReasoning)
    }
}

final class ReasonedRunTests: XCTestCase {
    private let prompt = [PromptMessage(role: .user, content: "Q")]

    func testAnswerOnlyDropsTheThinking() throws {
        let run = ReasonedRun(prompt: prompt, answer: "A", reasoning: "R")
        XCTAssertEqual(try run.trainingMessages(.answerOnly).map(\.content), ["Q", "A"])
    }

    func testThinkingBlockPutsNativeReasoningBeforeTheAnswer() throws {
        let run = ReasonedRun(prompt: prompt, answer: "A", reasoning: "  R  ")
        XCTAssertEqual(try run.trainingMessages(.thinkingBlock).last?.content, "<think>\nR\n</think>\n\nA")
    }

    func testThinkingTurnsKeepChainOfThoughtAsItsOwnTurn() throws {
        let run = ReasonedRun(prompt: prompt, answer: "A", chainOfThought: "C", thinkingInstructions: "I")
        XCTAssertEqual(try run.trainingMessages(.thinkingTurns).map(\.content),
                       ["Q", "I", "C", "Considering the above, return a final result.", "A"])
    }

    func testNativeReasoningIsPreferredOverChainOfThought() {
        XCTAssertEqual(ReasonedRun(prompt: prompt, answer: "A", reasoning: "R", chainOfThought: "C").thinking, "R")
        XCTAssertEqual(ReasonedRun(prompt: prompt, answer: "A", reasoning: " ", chainOfThought: "C").thinking, "C")
    }

    func testRunsWithoutThinkingCannotTrainThinking() {
        let run = ReasonedRun(prompt: prompt, answer: "A")
        XCTAssertThrowsError(try run.trainingMessages(.thinkingBlock)) { error in
            XCTAssertEqual(error as? TrainingExampleError, .noThinking)
        }
    }

    func testTheAnswerNeverCarriesTheThinking() throws {
        let run = ReasonedRun(prompt: prompt, answer: "A", reasoning: "R")
        XCTAssertEqual(run.answer, "A")
        XCTAssertEqual(try run.trainingMessages(.answerOnly).last, PromptMessage(role: .assistant, content: "A"))
    }
}

final class ReasonedRunFromRepliesTests: XCTestCase {
    private let prompt = [PromptMessage(role: .user, content: "Q")]
    private let think = ReasoningProfile.named("think") ?? .custom(open: ["<think>"], close: ["</think>"])

    func testAReplyIsSplitIntoReasoningAndAnswer() {
        let run = ReasonedRun(prompt: prompt, reply: "<think>carry the one</think>\n\n51", profile: think)
        XCTAssertEqual(run.reasoning, "carry the one")
        XCTAssertEqual(run.answer, "51")
    }

    func testProviderReasoningWinsAndTheReplyStaysTheAnswer() {
        let run = ReasonedRun(prompt: prompt, reply: "51", providerReasoning: "  carry the one \n", profile: think)
        XCTAssertEqual(run.reasoning, "carry the one")
        XCTAssertEqual(run.answer, "51")
    }

    func testAReplyWithoutReasoningHasNone() {
        let run = ReasonedRun(prompt: prompt, reply: "51", profile: think)
        XCTAssertNil(run.reasoning)
        XCTAssertEqual(run.answer, "51")
    }

    func testChainOfThoughtRepliesStayApart() {
        let run = ReasonedRun(prompt: prompt, thinkingReply: "17 * 3 = 51", finalReply: "51")
        XCTAssertEqual(run.chainOfThought, "17 * 3 = 51")
        XCTAssertEqual(run.answer, "51")
        XCTAssertNil(run.reasoning)
    }

    func testTrainingLineIsOneJSONObject() throws {
        let run = ReasonedRun(prompt: prompt, answer: "A", reasoning: "R")
        XCTAssertEqual(try run.trainingJSONLine(.thinkingBlock),
                       #"{"messages":[{"role":"user","content":"Q"},{"role":"assistant","content":"<think>\nR\n</think>\n\nA"}]}"#)
    }
}
