import XCTest
@testable import MacroEngine

final class BasicMacroTests: XCTestCase {
    func testNamesExpand() {
        XCTAssertEqual(TestEnvironment().expand("{{user}} {{char}}"), "User Alice")
    }

    func testNamesAreCaseInsensitive() {
        XCTAssertEqual(TestEnvironment().expand("{{USER}}"), "User")
    }

    func testUnknownMacroStaysVerbatim() {
        XCTAssertEqual(TestEnvironment().expand("{{unknownMacro::x}}"), "{{unknownMacro::x}}")
    }

    func testNestedMacrosExpandInsideOut() {
        XCTAssertEqual(TestEnvironment().expand("{{reverse::{{user}}}}"), "resU")
    }

    func testShorthandIncrementReadsBackNewValue() {
        let environment = TestEnvironment()
        environment.chatVariables["v"] = .text("3")
        XCTAssertEqual(environment.expand("{{.v}}/{{.v++}}/{{.v}}"), "3/4/4")
    }

    func testIfBlockChoosesThenBranch() {
        XCTAssertEqual(TestEnvironment().expand("{{if 1}}yes{{else}}no{{/if}}"), "yes")
    }

    func testTrimRemovesItselfAndAdjacentNewlines() {
        XCTAssertEqual(TestEnvironment().expand("a\n{{trim}}\nb"), "ab")
    }
}

extension BasicMacroTests {
    func testBuiltinNamesIncludeAliases() {
        let names = MacroEngine.builtinMacroNames
        XCTAssertTrue(names.contains("getvar") && names.contains("varexists") && names.contains("//"))
    }

    func testSpellingsAreAsSillyTavernWritesThemWithWhetherAnArgumentIsNeeded() {
        let spellings = MacroEngine.builtinMacroSpellings
        XCTAssertEqual(spellings.first { $0.name == "lastMessageId" }?.needsArgument, false)
        XCTAssertEqual(spellings.first { $0.name == "getvar" }?.needsArgument, true)
        XCTAssertEqual(Set(spellings.map { $0.name.lowercased() }), Set(MacroEngine.builtinMacroNames))
    }
}
