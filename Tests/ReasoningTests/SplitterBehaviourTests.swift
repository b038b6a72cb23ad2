import XCTest
@testable import Reasoning

/// One behaviour per test, on the `think` profile unless the behaviour belongs to another family.
final class SplitterBehaviourTests: XCTestCase {
    let think = ReasoningProfile.named("think")!

    func split(_ text: String, _ profile: String = "think", start: SplitStart = .detect, multi: Bool = false,
               strict: Bool = false) -> ReasoningSplit {
        ReasoningProfile.named(profile)!.split(text, options: SplitOptions(start: start, multiBlock: multi, strict: strict))
    }

    func testBlockAtStartIsReasoningAndRestIsAnswer() {
        let r = split("<think>plan</think>answer")
        XCTAssertEqual(r.reasoning, "plan")
        XCTAssertEqual(r.content, "answer")
        XCTAssertEqual(r.steps, ["plan"])
    }

    func testOutputWithoutMarkersIsAnswerVerbatim() {
        XCTAssertEqual(split("  \n Hi there ").content, "  \n Hi there ")
        XCTAssertEqual(split("  \n Hi there ").reasoning, "")
    }

    func testMarkerAfterTextIsLiteral() {
        XCTAssertEqual(split("Hi <think>x</think>").content, "Hi <think>x</think>")
    }

    func testWhitespaceAroundReasoningAndBeforeAnswerIsDropped() {
        let r = split("\n <think>\n  a b  \n</think>\n\n answer \n")
        XCTAssertEqual(r.reasoning, "a b")
        XCTAssertEqual(r.content, "answer \n")
    }

    func testLaterBlocksAreLiteralContentByDefault() {
        XCTAssertEqual(split("<think>a</think>b<think>c</think>").content, "b<think>c</think>")
    }

    func testMultiBlockMakesEachBlockAStep() {
        let r = split("<think>a</think>b<think>c</think>d", multi: true)
        XCTAssertEqual(r.steps, ["a", "c"])
        XCTAssertEqual(r.reasoning, "ac")
        XCTAssertEqual(r.content, "bd")
    }

    func testTruncationInsideReasoningIsReported() {
        let r = split("<think>still going")
        XCTAssertEqual(r.reasoning, "still going")
        XCTAssertTrue(r.truncatedInReasoning)
        XCTAssertFalse(split("<think>done</think>ok").truncatedInReasoning)
    }

    func testHeldPartialMarkerIsFlushedAtTheEnd() {
        XCTAssertEqual(split("<think>abc</thi").reasoning, "abc</thi")
        XCTAssertEqual(split("<thi").content, "<thi")
    }

    func testForcedOpenStartsInReasoning() {
        let r = split("thinking</think>answer", start: .reasoning)
        XCTAssertEqual(r.reasoning, "thinking")
        XCTAssertEqual(r.content, "answer")
    }

    func testDuplicateOpenAfterForcedOpenIsStrippedOnce() {
        XCTAssertEqual(split("<think>\nx</think>y", start: .reasoning).reasoning, "x")
        XCTAssertEqual(split("<think><think>x</think>y", start: .reasoning).reasoning, "<think>x")
    }

    func testThinkingOffTreatsMarkersAsText() {
        XCTAssertEqual(split("<think>x</think>y", start: .content).content, "<think>x</think>y")
    }

    func testPromptTailEndingWithOpenMarkerStartsInReasoning() {
        XCTAssertEqual(SplitStart.fromPromptTail("<|im_start|>assistant\n<think>\n", profile: think), .reasoning)
        XCTAssertEqual(SplitStart.fromPromptTail("assistant\n<think>\n\n</think>\n\n", profile: think), .content)
        XCTAssertEqual(SplitStart.fromPromptTail("<|im_start|>assistant\n", profile: think), .detect)
    }

    func testToolOpenerAtLineStartEndsReasoningAndStaysInContent() {
        let r = split("<think>call it\n<tool_call>{}</tool_call>", "qwen3")
        XCTAssertEqual(r.reasoning, "call it")
        XCTAssertEqual(r.content, "<tool_call>{}</tool_call>")
    }

    func testToolOpenerMidLineDoesNotEndReasoning() {
        XCTAssertEqual(split("<think>use <tool_call> maybe</think>x", "qwen3").reasoning, "use <tool_call> maybe")
    }

    func testLabelAfterOpenMarkerIsRemoved() {
        XCTAssertEqual(split("<|channel>thought\nhmm<channel|>Hi", "gemma4").reasoning, "hmm")
    }

    func testAnswerWrapperIsRemoved() {
        let r = split("<think>r</think>\n<answer>\nfinal\n</answer>\n", "hunyuan")
        XCTAssertEqual(r.content, "final")
    }

    func testStrayCloseAtStartIsDroppedForMiniMaxM3() {
        XCTAssertEqual(split("</mm:think>\n\nHello", "minimax-m3").content, "Hello")
        XCTAssertEqual(split("</think>Hello").content, "</think>Hello")
    }

    func testMultiByteMarkersSplitInsideAScalar() {
        let bytes = Array("◁think▷a◁/think▷b".utf8)
        let profile = ReasoningProfile.named("kimi-vl")!
        for cut in 0...bytes.count {
            let r = splitChunked(bytes, cuts: [cut], profile: profile)
            XCTAssertEqual(r.reasoning, "a")
            XCTAssertEqual(r.content, "b")
        }
    }

    func testStrictReportsMissingBlockWithoutFailing() {
        XCTAssertEqual(split("just text", strict: true).diagnostics.count, 1)
        XCTAssertEqual(split("<think>x</think>", strict: true).diagnostics, ["no answer after the reasoning block"])
        XCTAssertEqual(split("<think>x</think>y", strict: true).diagnostics, [])
        XCTAssertEqual(split("<think>x", strict: true).diagnostics.count, 1)
    }

    func testCustomMarkersWork() {
        let p = ReasoningProfile.custom(open: ["<reasoning>"], close: ["</reasoning>"])
        XCTAssertEqual(p.split("<reasoning>r</reasoning>c").reasoning, "r")
    }

    func testShortestMarkerWinsAtTheSamePosition() {
        let p = ReasoningProfile.custom(open: ["<t>"], close: ["</t>", "</t>>"])
        XCTAssertEqual(p.split("<t>a</t>>b").content, ">b")
    }

    func testEventsArriveAsSlicesWithBoundaries() {
        var s = ReasoningSplitter(profile: think)
        var events = s.feed("<think>ab")
        events += s.feed("</think>cd")
        events += s.finish()
        XCTAssertEqual(events, [
            .boundary(.reasoningStarted), .reasoning(Array("ab".utf8)),
            .boundary(.reasoningEnded(truncated: false)), .content(Array("cd".utf8)),
        ])
    }

    func testInvalidUTF8PassesThroughWithoutCrashing() {
        let bytes: [UInt8] = [0x3C, 0x74, 0x68, 0x69, 0x6E, 0x6B, 0x3E, 0xFF, 0xC3, 0x3C, 0x2F, 0x74, 0x68, 0x69, 0x6E, 0x6B, 0x3E, 0xE2, 0x82]
        let r = splitWhole(bytes, profile: think)
        XCTAssertEqual(Array(r.reasoning.unicodeScalars).count, 2)
        XCTAssertFalse(r.content.isEmpty)
    }

    func testLongLeadingWhitespaceBeforeTheBlockIsHandled() {
        let text = String(repeating: " \n", count: 50_000) + "<think>r</think>c"
        XCTAssertEqual(think.split(text).reasoning, "r")
    }

    func testTenThousandMarkersInMultiBlockModeDoNotHang() {
        let text = String(repeating: "<think>a</think>b", count: 10_000)
        let r = think.split(text, options: SplitOptions(multiBlock: true))
        XCTAssertEqual(r.steps.count, 10_000)
        XCTAssertEqual(r.content.count, 10_000)
    }

    func testProfileNamesAcceptUnderscoresAndTemplates() {
        XCTAssertEqual(ReasoningProfile.named("kimi_k2")?.name, "kimi-k2")
        XCTAssertEqual(ReasoningProfile.resolve("deepseek")?.kind, .template(strict: true))
        XCTAssertNil(ReasoningProfile.resolve("no-such-model"))
    }

    func testReasonedTextWrapsTheSplit() {
        let t = split("<think>a</think>b<think>c</think>d", multi: true).reasonedText(modelID: "m")
        XCTAssertEqual(t.text, "bd")
        XCTAssertTrue(t.hasThinking)
        XCTAssertEqual(t.thinking?.steps.map(\.content), ["a", "c"])
        XCTAssertEqual(t.thinking?.combinedText, "a\n\nc")
        XCTAssertEqual(t.thinking?.modelID, "m")
        XCTAssertFalse(split("plain").reasonedText().hasThinking)
    }
}
