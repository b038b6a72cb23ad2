import XCTest
import JSCompat
@testable import Reasoning

final class ReasoningTemplateTests: XCTestCase {
    let xml = ReasoningTemplate.thinkXML

    func testStrictBlockAtStartIsSplitAndTrimmed() {
        let r = xml.parse("<think> abc </think> Hello")
        XCTAssertEqual(r, TemplateSplit(reasoning: "abc", content: "Hello", matched: true))
    }

    func testStrictAllowsLeadingWhitespace() {
        let r = xml.parse(" \n\u{3000}<think>a</think>b")
        XCTAssertEqual(r?.reasoning, "a")
        XCTAssertEqual(r?.content, "b")
    }

    func testStrictRejectsTextBeforeBlock() {
        let r = xml.parse("Hi <think>a</think>b")
        XCTAssertEqual(r, TemplateSplit(reasoning: "", content: "Hi <think>a</think>b", matched: false))
    }

    func testNonStrictFindsBlockAnywhereAndJoinsTheRest() {
        let r = xml.parse("Hi <think>a</think> b", strict: false)
        XCTAssertEqual(r, TemplateSplit(reasoning: "a", content: "Hi  b", matched: true))
    }

    func testOnlyFirstBlockIsTaken() {
        let r = xml.parse("<think>one</think>mid<think>two</think>end")
        XCTAssertEqual(r?.reasoning, "one")
        XCTAssertEqual(r?.content, "mid<think>two</think>end")
    }

    func testUnclosedBlockIsNoMatchAndKeepsInputUntrimmed() {
        let r = xml.parse(" <think>unclosed ")
        XCTAssertEqual(r, TemplateSplit(reasoning: "", content: " <think>unclosed ", matched: false))
    }

    func testEmptyPrefixOrSuffixGivesNoResult() {
        XCTAssertNil(ReasoningTemplate.blank.parse("<think>a</think>"))
        XCTAssertNil(ReasoningTemplate.parse("x", prefix: "<think>", suffix: ""))
    }

    func testTrimmingCanBeTurnedOff() {
        let r = xml.parse("<think> a </think> b ", trimSpaces: false)
        XCTAssertEqual(r?.reasoning, " a ")
        XCTAssertEqual(r?.content, " b ")
    }

    func testDeepSeekTemplateNeedsItsNewlines() {
        let r = ReasoningTemplate.deepSeek.parse("<think>\nx\n</think>\n\ny")
        XCTAssertEqual(r?.reasoning, "x")
        XCTAssertEqual(r?.content, "y")
        XCTAssertEqual(ReasoningTemplate.deepSeek.parse("<think>x</think>y")?.matched, false)
    }

    func testMarkersAreMatchedOnBytesNotGraphemes() {
        // A combining accent after the prefix must not stop Swift-level matching from finding it.
        let r = xml.parse("<think>\u{301}é</think>ok")
        XCTAssertEqual(r?.reasoning, "\u{301}é")
        XCTAssertEqual(r?.content, "ok")
    }

    func testFormatIsPrefixReasoningSuffixSeparatorContent() {
        XCTAssertEqual(xml.format(reasoning: "abc", content: "Hello"), "<think>abc</think>\nHello")
    }

    func testJavaScriptTrimKeepsZeroWidthSpace() {
        XCTAssertEqual(JSWhitespace.trim("\u{FEFF} \u{200B}x\u{2029}"), "\u{200B}x")
    }
}
