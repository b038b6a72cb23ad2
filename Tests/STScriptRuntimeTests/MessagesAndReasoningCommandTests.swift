import ChatStore
import JSCompat
import XCTest

@testable import STScriptRuntime

/// The chat-message and reasoning command families on an in-memory chat (spec §8.5, §11, §13, §19).
final class MessagesAndReasoningCommandTests: XCTestCase {
    var session = ChatSession(folder: nil, chat: ChatFile(inMemoryFor: "Alice"))

    override func setUp() {
        session = ChatSession(folder: nil, chat: ChatFile(inMemoryFor: "Alice"))
        for (name, isUser, text) in [("User", true, "Hi"), ("Alice", false, "Hello there"), ("User", true, "How are you?")] {
            session.chat.appendMessage(ChatMessage(["name": .string(name), "is_user": .bool(isUser), "is_system": false,
                                                    "mes": .string(text), "extra": [:]]))
        }
    }

    func run(_ script: String) -> RunResult {
        let interpreter = Interpreter()
        session.configure(interpreter)
        return interpreter.run(script)
    }

    func pipe(_ script: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        let result = run(script)
        if let error = result.error { XCTFail("\(error.phase): \(error.message)", file: file, line: line) }
        return result.pipe?.string
    }

    var texts: [String] { session.chat.messages.map(\.text) }

    func testMessagesJoinsARangeWithNamesAndSkipsHiddenOnes() {
        XCTAssertEqual(pipe("/hide 0 | /messages 0-2"), "Alice: Hello there\n\nUser: How are you?")
    }

    func testInvalidRangesGiveNothing() {
        XCTAssertEqual(pipe("/messages 1-0"), "")
        XCTAssertEqual(pipe("/messages 0-3"), "")
        XCTAssertEqual(pipe("/messages -1"), "")
    }

    func testNarratorMessageIsInsertedBeforeTheLastForAtMinusOne() {
        _ = pipe("/sys at=-1 inserted")
        XCTAssertEqual(texts, ["Hi", "Hello there", "inserted", "How are you?"])
        XCTAssertEqual(session.chat.message(at: 2)["is_system"], "")
        XCTAssertEqual(session.chat.message(at: 2).extraType, "narrator")
    }

    func testSendAsWithAnUnknownReturnTypeFailsAfterAddingTheMessage() {
        let result = run("/sendas name=Bob return=bogus Hi")
        XCTAssertEqual(result.error?.message, "Unknown return type: bogus")
        XCTAssertEqual(texts.last, "Hi")
        XCTAssertEqual(session.chat.message(at: 3).swipes, ["Hi"])
    }

    func testEscapedMacrosInASentMessageAreExpandedAgain() {
        _ = pipe(#"/send \{\{char\}\} literal"#)
        XCTAssertEqual(texts.last, "Alice literal")
    }

    func testDeletingAFractionalCountRemovesOneMoreMessage() {
        XCTAssertEqual(pipe("/del 1.5"), "Hello there\nHow are you?\n")
        XCTAssertEqual(texts, ["Hi"])
    }

    func testCutReturnsEachTextFollowedByANewline() {
        XCTAssertEqual(pipe("/cut 0-1"), "Hi\nHello there\n")
        XCTAssertEqual(texts, ["How are you?"])
    }

    func testMessageRoleAddressesTheLastMessageWithMinusOne() {
        XCTAssertEqual(pipe("/message-role at=-1"), "user")
        XCTAssertEqual(pipe("/message-role at=1 system"), "system")
        XCTAssertEqual(session.chat.message(at: 1).extraType, "narrator")
    }

    func testReasoningSetMarksItManualAndKeepsTheDuration() {
        session.chat.updateMessage(at: 1) { $0["extra"] = ["reasoning": "old", "reasoning_duration": 1200] }
        XCTAssertEqual(pipe("/reasoning-set at=1 new | /reasoning-get 1"), "new")
        XCTAssertEqual(session.chat.message(at: 1).extra,
                       ["reasoning": "new", "reasoning_duration": 1200, "reasoning_type": "manual"])
    }

    func testReasoningParseSplitsWithTheCurrentTemplate() {
        XCTAssertEqual(pipe("/reasoning-parse return=content <think>plan</think> Answer"), "Answer")
        XCTAssertEqual(pipe("/reasoning-parse return=reasoning Intro <think>plan</think>"), "")
        XCTAssertEqual(pipe("/reasoning-parse return=reasoning strict=false Intro <think>plan</think>"), "plan")
    }

    func testReasoningTemplateFindsNamesByFuzzySearch() {
        XCTAssertEqual(pipe("/reasoning-template quiet=true seek"), "DeepSeek")
        XCTAssertEqual(session.reasoning.prefix, "<think>\n")
        XCTAssertEqual(pipe("/reasoning-template quiet=true thnk xml"), "")
        XCTAssertEqual(pipe("/reasoning-template quiet=true harmony"), "OpenAI Harmony")
    }

    func testAutoParseMovesAReceivedMessagesReasoningIntoExtraAndItsSwipe() {
        var settings = session.reasoning
        settings.autoParse = true
        session.reasoning = settings
        _ = pipe("/sendas name=Bob <think>plan</think>Answer")
        let message = session.chat.message(at: 3)
        XCTAssertEqual(message.text, "Answer")
        XCTAssertEqual(message.reasoning, "plan")
        XCTAssertEqual(message.extra["reasoning_type"], "parsed")
        XCTAssertEqual(message.swipes, ["Answer"])
        XCTAssertEqual(message["swipe_info"]?[0]?["extra"]?["reasoning"], "plan")
    }
}
