import XCTest
@testable import MacroEngine

/// How macro text is split into names and arguments (spec §5.3).
final class SyntaxTests: XCTestCase {
    let environment = TestEnvironment()

    func testArgumentsAreTrimmed() {
        XCTAssertEqual(environment.expand("{{ reverse :: x|y }}"), "y|x")
    }

    func testSpaceBeforeNameIsAllowed() {
        XCTAssertEqual(environment.expand("{{ user }}"), "User")
    }

    func testSingleArgumentAfterSpace() {
        XCTAssertEqual(environment.expand("{{reverse abc}}"), "cba")
    }

    func testSingleArgumentAfterColon() {
        XCTAssertEqual(environment.expand("{{reverse:abc}}"), "cba")
    }

    func testSpaceFormKeepsDoubleColonsInOneArgument() {
        XCTAssertEqual(environment.expand("{{reverse a::b}}"), "b::a")
    }

    func testWrongArgumentCountStaysVerbatim() {
        XCTAssertEqual(environment.expand("{{reverse::a::b}}"), "{{reverse::a::b}}")
    }

    func testArgumentsToArgumentlessMacroStayVerbatim() {
        XCTAssertEqual(environment.expand("{{user::x}}"), "{{user::x}}")
    }

    func testPipeInsideArgumentIsText() {
        XCTAssertEqual(environment.expand("{{reverse::a|b}}"), "b|a")
    }

    func testUnknownMacroKeepsNestedExpansion() {
        XCTAssertEqual(environment.expand("{{unknown::{{user}}}}"), "{{unknown::User}}")
    }

    func testUnclosedMacroIsText() {
        XCTAssertEqual(environment.expand("{{user"), "{{user")
    }

    func testUnclosedOuterMacroStillExpandsInnerOnes() {
        XCTAssertEqual(environment.expand("{{reverse::{{user}}"), "{{reverse::User")
    }

    func testTripleBraceKeepsFirstBraceAsText() {
        XCTAssertEqual(environment.expand("{{{{reverse::a|b}} off"), "{{b|a off")
    }

    func testEmptyBracesStayText() {
        XCTAssertEqual(environment.expand("{{}}"), "{{}}")
    }

    func testNumberAsNameStaysText() {
        XCTAssertEqual(environment.expand("{{ 5 }}"), "{{ 5 }}")
    }

    func testSubstitutedValuesAreNotExpandedAgain() {
        environment.chatVariables["a"] = .text("{{user}}")
        XCTAssertEqual(environment.expand("{{getvar::a}}"), "{{user}}")
    }

    func testLegacyMarkersBecomeMacros() {
        XCTAssertEqual(environment.expand("<USER>/<BOT>/<char>"), "User/Alice/Alice")
    }

    func testLegacyTimeSpellingIsRewritten() {
        XCTAssertEqual(environment.expand("{{time_UTC+2}}"), "4:07 PM")
    }

    func testEscapedBracesAreNotAMacro() {
        XCTAssertEqual(environment.expand("\\{\\{user\\}\\}"), "{{user}}")
    }

    func testEmptyArgumentIsAllowed() {
        XCTAssertEqual(environment.expand("{{reverse::}}"), "")
    }

    func testCommentMacroVanishes() {
        XCTAssertEqual(environment.expand("{{// hidden}}shown"), "shown")
    }

    func testCommentMayContainPipes() {
        XCTAssertEqual(environment.expand("a{{// c|d}}b"), "ab")
    }

    func testDeepNestingDoesNotCrash() {
        let text = String(repeating: "{{reverse::", count: 5_000) + "x" + String(repeating: "}}", count: 5_000)
        XCTAssertFalse(environment.expand(text).isEmpty)
    }

    func testThousandsOfUnclosedMacrosStayText() {
        let text = String(repeating: "{{a ", count: 5_000)
        XCTAssertEqual(environment.expand(text), text)
    }

    func testTemplateCanBeExpandedRepeatedly() {
        let template = MacroTemplate("{{.n++}}")
        XCTAssertEqual(MacroEngine.expand(template, in: environment), "1")
        XCTAssertEqual(MacroEngine.expand(template, in: environment), "2")
    }
}

/// Error-recovery behaviours confirmed against SillyTavern's engine under node.
final class RecoveryTests: XCTestCase {
    let environment = TestEnvironment()

    func testColonWithNothingIsOneEmptyArgument() {
        XCTAssertEqual(environment.expand("[{{getglobalvar:}}][{{user:}}]"), "[][{{user:}}]")
    }

    func testFailedNestedStartConsumesBothBraces() {
        XCTAssertEqual(environment.expand("{{reverse::a{{{b}}}}"), "b{{{a}}")
    }

    func testInvalidNestedMacroEndsAtFirstClosingBraces() {
        XCTAssertEqual(environment.expand("{{reverse::a{{ 5 }}b}}"), "5 {{ab}}")
    }

    func testCharactersAfterNameAreDropped() {
        XCTAssertEqual(environment.expand("{{user.name}}|{{user\"}}"), "User|User")
    }

    func testOneStrayWordAfterShorthandIsIgnored() {
        environment.chatVariables["x"] = .text("v")
        XCTAssertEqual(environment.expand("{{.x y}}|{{.x y z}}"), "v|{{.x y z}}")
    }

    func testClosingFlagIsIgnoredInShorthandOperand() {
        XCTAssertEqual(environment.expand("{{.y = {{/user}}}}{{.y}}"), "User")
    }

    func testElseInsideUnclosedMacroDoesNotSplitBranches() {
        XCTAssertEqual(environment.expand("{{if 1}}{{x|{{else}}}}T{{else}}F{{/if}}"), "{{x|}}T")
    }

    func testUnclosedMacroSwallowsLaterElse() {
        XCTAssertEqual(environment.expand("{{if 0}}A{{x|y{{else}}B{{/if}}"), "")
    }
}

extension RecoveryTests {
    func testBrokenMacroInShorthandOperandBecomesEmptyBraces() {
        XCTAssertEqual(environment.expand("{{.g = a{{!5}}b}}|{{.g}}"), "b}}|a{{!}}5")
    }
}
