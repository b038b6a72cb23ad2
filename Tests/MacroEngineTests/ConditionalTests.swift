import XCTest
@testable import MacroEngine

/// `{{if}}` in block and inline form (spec §5.3, §19 items 13–14).
final class ConditionalTests: XCTestCase {
    let environment = TestEnvironment()

    func testElseBranchWhenFalse() {
        XCTAssertEqual(environment.expand("{{if 0}}yes{{else}}no{{/if}}"), "no")
    }

    func testFalsyWordsAndEmpty() {
        XCTAssertEqual(environment.expand("{{if off}}T{{/if}}{{if FALSE}}T{{/if}}{{if {{noop}}}}T{{/if}}"), "")
    }

    func testNegatedCondition() {
        XCTAssertEqual(environment.expand("{{if !0}}T{{/if}}"), "T")
    }

    func testInlineForm() {
        XCTAssertEqual(environment.expand("{{if::hello::yes}}"), "yes")
    }

    func testSpaceInlineFormIsOneArgumentAndStaysVerbatim() {
        XCTAssertEqual(environment.expand("{{if hello::yes}}-"), "{{if hello::yes}}-")
    }

    func testUnclosedBlockStaysVerbatim() {
        XCTAssertEqual(environment.expand("{{if 0}}T"), "{{if 0}}T")
    }

    func testOrphanClosingStaysVerbatim() {
        XCTAssertEqual(environment.expand("a{{/if}}"), "a{{/if}}")
    }

    func testOnlyChosenBranchRuns() {
        _ = environment.expand("{{if 1}}{{setvar::a::1}}{{else}}{{setvar::b::1}}{{/if}}")
        XCTAssertEqual(environment.chatVariables["a"], .text("1"))
        XCTAssertNil(environment.chatVariables["b"])
    }

    func testNestedConditionMacro() {
        environment.chatVariables["x"] = .text("User")
        XCTAssertEqual(environment.expand("{{if {{getvar::x}}}}X{{else}}noX{{/if}}"), "X")
    }

    func testConditionNamingAMacroIsResolved() {
        XCTAssertEqual(environment.expand("{{if noop}}T{{else}}F{{/if}}"), "F")
    }

    func testVariableShorthandCondition() {
        environment.chatVariables["flag"] = .text("off")
        XCTAssertEqual(environment.expand("{{if .flag}}T{{else}}F{{/if}}"), "F")
    }

    func testNestedIfBlocks() {
        XCTAssertEqual(environment.expand("{{if 1}}a{{if 0}}b{{else}}c{{/if}}d{{else}}e{{/if}}"), "acd")
    }

    func testBranchIsTrimmedAndDedented() {
        XCTAssertEqual(environment.expand("{{if 1}}\n  # Head\n  body\n{{/if}}"), "# Head\nbody")
    }

    func testHashFlagKeepsWhitespace() {
        XCTAssertEqual(environment.expand("{{#if 1}} x {{/if}}"), " x ")
    }

    func testPipeInBlockIsText() {
        XCTAssertEqual(environment.expand("{{if 1}}T|U{{/if}}"), "T|U")
    }

    func testUnknownBlockMacroKeepsContent() {
        XCTAssertEqual(environment.expand("{{foo}}x{{/foo}}"), "{{foo}}x}}")
    }

    func testBlockForMacroWithoutArgumentsStaysText() {
        XCTAssertEqual(environment.expand("{{user}}x{{/user}}"), "{{user}}x{{/user}}")
    }

    func testCommentBlock() {
        XCTAssertEqual(environment.expand("a{{//}}hidden\nlines{{///}}b"), "ab")
    }

    func testTrimBlock() {
        XCTAssertEqual(environment.expand("[{{trim}}  x  {{/trim}}]"), "[x]")
    }
}
