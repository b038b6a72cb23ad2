import XCTest
import LineEditor

final class ScriptCompleterTests: XCTestCase {
    let completer = ScriptCompleter(
        commands: [
            CompletableCommand(name: "reasoning-get", aliases: ["get-reasoning"], namedArguments: [("at", .none)]),
            CompletableCommand(name: "reasoning-set", namedArguments: [("at", .none), ("collapse", .fixed(["true", "false"]))]),
            CompletableCommand(name: "reasoning-template", aliases: ["reasoning-formatting"], unnamedValues: .fixed(["Blank", "DeepSeek"])),
            CompletableCommand(name: "if", namedArguments: [("left", .variableNames), ("right", .variableNames),
                                                            ("rule", .fixed(["gt", "gte", "lt", "lte", "eq", "neq", "not", "in", "nin"]))]),
            CompletableCommand(name: "getvar", namedArguments: [("index", .none)], unnamedValues: .variableNames),
            CompletableCommand(name: "chat-open", unnamedValues: .chatNames),
        ],
        macros: [("getvar", true), ("lastMessage", false), ("lastMessageId", false), ("user", false)],
        variableNames: { ["score", "name", "scene"] },
        chatNames: { ["Alice - 2024", "Bob"] })

    func texts(_ completions: Completions) -> [String] { completions.candidates.map(\.text) }

    func testASlashPrefixCompletesCommandNamesAndAliases() {
        let completions = completer.complete("/reas")
        XCTAssertEqual(completions.word, "/reas")
        XCTAssertEqual(texts(completions), ["/reasoning-formatting", "/reasoning-get", "/reasoning-set", "/reasoning-template"])
        XCTAssertEqual(completions.insertion, "oning-")
    }

    func testACommandAfterAPipeIsCompleted() {
        XCTAssertEqual(texts(completer.complete("/pass 1 | /get")), ["/get-reasoning", "/getvar"])
    }

    func testACommandInsideAClosureIsCompleted() {
        XCTAssertEqual(texts(completer.complete("/if left=1 {: /getv")), ["/getvar"])
    }

    func testNamedArgumentNamesOfTheCommandBeingTyped() {
        let completions = completer.complete("/reasoning-set ")
        XCTAssertEqual(texts(completions), ["at=", "collapse="])
        XCTAssertEqual(completer.complete("/reasoning-set co").insertion, "llapse=")
    }

    func testAnAliasOffersTheCommandsArguments() {
        XCTAssertEqual(texts(completer.complete("/get-reasoning ")), ["at="])
    }

    func testRuleValuesAreOffered() {
        XCTAssertEqual(texts(completer.complete("/if left=1 rule=")), ["gt", "gte", "lt", "lte", "eq", "neq", "not", "in", "nin"])
        XCTAssertEqual(texts(completer.complete("/if left=1 rule=n")), ["neq", "not", "nin"])
    }

    func testBooleanValuesAreOffered() {
        XCTAssertEqual(completer.complete("/reasoning-set collapse=t").insertion, "rue ")
    }

    func testTemplateNamesAreOfferedAsTheUnnamedValue() {
        XCTAssertEqual(texts(completer.complete("/reasoning-template D")), ["DeepSeek"])
    }

    func testVariableNamesForVariableCommands() {
        XCTAssertEqual(texts(completer.complete("/getvar sc")), ["scene", "score"])
        XCTAssertEqual(texts(completer.complete("/if left=s")), ["scene", "score"])
    }

    func testVariableNamesInsideGetvarMacro() {
        let completions = completer.complete("/echo {{getvar::sco")
        XCTAssertEqual(texts(completions), ["score"])
        XCTAssertEqual(completions.insertion, "re}}")
    }

    func testMacroNamesAfterOpenBraces() {
        let completions = completer.complete("/echo {{lastM")
        XCTAssertEqual(texts(completions), ["lastMessage", "lastMessageId"])
        XCTAssertEqual(completions.insertion, "essage")
        XCTAssertEqual(completer.complete("/echo {{lastMessageI").insertion, "d}}")
    }

    func testAMacroThatNeedsAnArgumentIsFollowedByItsSeparator() {
        XCTAssertEqual(completer.complete("/echo {{getv").insertion, "ar::")
    }

    func testNoMacroNamesOnceTheMacroHasArgumentsOrSpaces() {
        XCTAssertEqual(texts(completer.complete("/echo {{random::a::")), [])
        XCTAssertEqual(texts(completer.complete("/echo {{if x ")), [])
    }

    func testChatNamesForChatCommands() {
        XCTAssertEqual(texts(completer.complete("/chat-open A")), ["Alice - 2024"])
    }

    func testAnUnnamedValueWithSpacesIsCompletedWhole() {
        let completions = completer.complete("/chat-open Alice - ")
        XCTAssertEqual(completions.word, "Alice - ")
        XCTAssertEqual(completions.insertion, "2024 ")
    }

    func testNamedArgumentsAreNotOfferedOnceUnnamedTextStarted() {
        XCTAssertEqual(texts(completer.complete("/reasoning-set some text ")), [])
    }

    func testUnknownCommandsOfferNothing() {
        XCTAssertEqual(completer.complete("/nosuch ").candidates, [])
    }

    func testPlainTextOffersNothing() {
        XCTAssertEqual(completer.complete("hello").candidates, [])
    }
}
