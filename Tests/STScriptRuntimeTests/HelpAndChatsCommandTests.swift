import XCTest
import STScriptRuntime

final class HelpAndChatsCommandTests: XCTestCase {
    func testHelpWithoutANameListsEveryFamily() {
        let result = Interpreter().run("/help")
        let text = result.pipe?.string ?? ""
        for family in ["Flow", "Variables", "Reasoning", "Help", "Chats"] {
            XCTAssertTrue(text.split(separator: "\n").contains { $0.hasPrefix(family + " ") }, family)
        }
    }

    func testHelpForACommandShowsItsArgumentsAndExample() {
        let text = Interpreter().run("/help /if").pipe?.string ?? ""
        XCTAssertTrue(text.hasPrefix("/if — "))
        XCTAssertTrue(text.contains("rule=  comparison (eq, neq, in, nin, gt, gte, lt, lte, not)"))
        XCTAssertTrue(text.contains("example: /if "))
    }

    func testHelpFindsACommandByAlias() {
        let text = Interpreter().run("/help reasoning-formatting").pipe?.string ?? ""
        XCTAssertTrue(text.hasPrefix("/reasoning-template — "))
    }

    func testHelpForAnUnknownNameIsAnError() {
        XCTAssertEqual(Interpreter().run("/help nosuch").error?.message, "No command named /nosuch. Type /help for the list.")
    }

    func testChatOpenOutsideTheReplExplains() {
        XCTAssertEqual(Interpreter().run("/chat-open Alice/x").error?.message,
                       "switching chats works in the REPL (stscript with no arguments)")
    }

    func testChatListWithoutAStoreIsEmpty() {
        let result = Interpreter().run("/chat-list")
        XCTAssertNil(result.error)
        XCTAssertEqual(result.pipe?.string ?? "", "")
    }
}
