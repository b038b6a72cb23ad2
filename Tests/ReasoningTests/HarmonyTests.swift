import XCTest
@testable import Reasoning

final class HarmonyTests: XCTestCase {
    let harmony = ReasoningProfile.named("harmony")!

    func testAnalysisIsReasoningAndFinalIsAnswer() {
        let r = harmony.split("<|channel|>analysis<|message|>think<|end|><|start|>assistant<|channel|>final<|message|>ok<|return|>")
        XCTAssertEqual(r.reasoning, "think")
        XCTAssertEqual(r.content, "ok")
    }

    func testRecipientMakesAToolCallWithItsConstraint() {
        let r = harmony.split("<|channel|>commentary to=functions.get <|constrain|>json<|message|>{\"a\":1}<|call|>")
        XCTAssertEqual(r.toolCalls, [ToolCall(recipient: "functions.get", constraint: "json", arguments: "{\"a\":1}")])
        XCTAssertEqual(r.content, "")
    }

    func testRecipientBeforeTheChannelIsUnderstood() {
        let r = harmony.split("<|start|>assistant to=functions.x<|channel|>commentary json<|message|>{}<|call|>")
        XCTAssertEqual(r.toolCalls.first?.recipient, "functions.x")
    }

    func testSeveralAnalysisMessagesAreSeparateSteps() {
        let r = harmony.split("<|channel|>analysis<|message|>a<|end|><|start|>assistant<|channel|>analysis<|message|>b<|end|>")
        XCTAssertEqual(r.steps, ["a", "b"])
    }

    func testTruncatedAnalysisIsReported() {
        let r = harmony.split("<|channel|>analysis<|message|>going")
        XCTAssertTrue(r.truncatedInReasoning)
        XCTAssertEqual(r.reasoning, "going")
    }

    func testPromptTailInsideAnalysisStartsInReasoning() {
        let start = SplitStart.fromPromptTail("<|start|>assistant<|channel|>analysis<|message|>", profile: harmony)
        XCTAssertEqual(start, .reasoning)
        XCTAssertEqual(harmony.split("more<|end|>", options: SplitOptions(start: start)).reasoning, "more")
    }

    func testTextWithoutHeaderIsTheAnswer() {
        XCTAssertEqual(harmony.split("plain answer").content, "plain answer")
    }

    func testStrippedSpecialTokensAreRecovered() {
        let r = ReasoningProfile.named("harmony-text")!.split("analysisWhy.assistantfinalBecause.")
        XCTAssertEqual(r.reasoning, "Why.")
        XCTAssertEqual(r.content, "Because.")
    }
}
