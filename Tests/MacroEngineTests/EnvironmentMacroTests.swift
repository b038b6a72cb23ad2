import XCTest
@testable import MacroEngine

/// Macros that read the environment: scoped macros, chat inspection, time (spec §5.2, §5.3).
final class EnvironmentMacroTests: XCTestCase {
    let environment = TestEnvironment()

    func testScopedMacroTakesPrecedence() {
        environment.scoped["user"] = .value("Scoped")
        XCTAssertEqual(environment.expand("{{user}}"), "Scoped")
    }

    func testScopedValueMacroWithArgumentsStaysVerbatim() {
        environment.scoped["pipe"] = .value("x")
        XCTAssertEqual(environment.expand("{{pipe}}{{pipe::a}}"), "x{{pipe::a}}")
    }

    func testLenientScopedMacroReceivesArguments() {
        environment.scoped["var"] = ScopedMacro(argumentCount: 1...2, strictArguments: false) { $0.joined(separator: "+") }
        XCTAssertEqual(environment.expand("{{var::a::1}}"), "a+1")
    }

    func testPipeBeforeAnyCommandIsUnknownWithoutScope() {
        XCTAssertEqual(environment.expand("{{pipe}}"), "{{pipe}}")
    }

    func testChatMacrosOnEmptyChat() {
        XCTAssertEqual(environment.expand("[{{lastMessage}}|{{lastMessageId}}|{{allChatRange}}]"), "[||]")
    }

    func testLastMessageCountsHiddenMessages() {
        environment.messages = [MacroChatMessage(text: "a", isUser: true), MacroChatMessage(text: "b", isSystem: true)]
        XCTAssertEqual(environment.expand("{{lastMessage}} {{lastMessageId}}"), "b 1")
    }

    func testLastUserAndCharacterMessagesSkipSystem() {
        environment.messages = [MacroChatMessage(text: "u", isUser: true), MacroChatMessage(text: "c"),
                                MacroChatMessage(text: "s", isSystem: true)]
        XCTAssertEqual(environment.expand("{{lastUserMessage}}/{{lastCharMessage}}"), "u/c")
    }

    func testSwipeIds() {
        environment.messages = [MacroChatMessage(text: "a", swipeCount: 3, swipeID: 1)]
        XCTAssertEqual(environment.expand("{{currentSwipeId}}/{{lastSwipeId}}"), "2/3")
    }

    func testAllChatRange() {
        environment.messages = [MacroChatMessage(text: "a"), MacroChatMessage(text: "b")]
        XCTAssertEqual(environment.expand("{{allChatRange}}"), "0-1")
    }

    func testTimeAndDate() {
        XCTAssertEqual(environment.expand("{{time}}|{{date}}|{{weekday}}|{{isotime}}|{{isodate}}"),
                       "2:07 PM|March 5, 2024|Tuesday|14:07|2024-03-05")
    }

    func testTimeWithOffset() {
        XCTAssertEqual(environment.expand("{{time::UTC-10}}"), "4:07 AM")
    }

    func testDateTimeFormat() {
        XCTAssertEqual(environment.expand("{{datetimeformat::YYYY/MM/DD ddd Do [at] HH:mm:ss}}"),
                       "2024/03/05 Tue 5th at 14:07:09")
    }

    func testTimeDiff() {
        XCTAssertEqual(environment.expand("{{timeDiff::2023-01-01 15:00:00::2023-01-01 12:00:00}}"), "in 3 hours")
        XCTAssertEqual(environment.expand("{{timeDiff::2023-01-01::2023-01-03}}"), "2 days ago")
    }

    func testIdleDurationWithoutChat() {
        XCTAssertEqual(environment.expand("{{idleDuration}}"), "just now")
    }

    func testIdleDurationSinceEarlierUserMessage() {
        let sent = environment.now.addingTimeInterval(-600)
        environment.messages = [MacroChatMessage(text: "hi", isUser: true, sendDate: sent), MacroChatMessage(text: "reply")]
        XCTAssertEqual(environment.expand("{{idleDuration}}"), "10 minutes")
    }

    func testOriginalIsSubstitutedOnce() {
        environment.originalText = "O"
        XCTAssertEqual(environment.expand("{{original}}{{original}}"), "O")
    }

    func testPostProcessAppliesToMacroResults() {
        final class Upper: MacroEnvironment {
            func postProcess(_ macroResult: String) -> String { macroResult.uppercased() }
        }
        XCTAssertEqual(MacroEngine.expand("a {{user}}", in: Upper()), "a USER")
    }
}

/// moment.js formatting details (checked against moment under node).
final class MomentFormatTests: XCTestCase {
    let environment = TestEnvironment()

    func testEmptyFormatIsMomentDefault() {
        XCTAssertEqual(environment.expand("{{datetimeformat::{{noop}}}}"), "2024-03-05T14:07:09+00:00")
    }

    func testEraAndEraYearTokens() {
        XCTAssertEqual(environment.expand("{{datetimeformat::N y NNNN}}"), "AD 2024 Anno Domini")
    }

    func testUnknownLettersStayLiteral() {
        XCTAssertEqual(environment.expand("{{datetimeformat::groupNotMuted}}"), "groupADot3ut22")
    }

    func testEscapedTokenIsLiteral() {
        XCTAssertEqual(environment.expand("{{datetimeformat::\\HH:mm}}"), "HH:07")
    }

    func testFractionalSecondTokens() {
        XCTAssertEqual(environment.expand("{{datetimeformat::S SS SSS SSSS}}"), "0 00 000 0000")
    }

    func testMaxTokenMacrosDefaultToZero() {
        XCTAssertEqual(environment.expand("{{maxPrompt}}/{{maxContext}}/{{maxResponseTokens}}"), "0/0/0")
    }
}

extension MomentFormatTests {
    func testLineBreaksVanishOutsideBrackets() {
        XCTAssertEqual(environment.expand("{{datetimeformat::YYYY\n[a\nb]}}"), "2024a\nb")
    }
}
