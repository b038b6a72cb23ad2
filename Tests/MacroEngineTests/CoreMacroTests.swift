import XCTest
@testable import MacroEngine

/// The utility macros: newline, space, trim, noop, reverse, random, pick, roll (spec §5.3).
final class CoreMacroTests: XCTestCase {
    let environment = TestEnvironment()

    func testNewline() {
        XCTAssertEqual(environment.expand("{{newline}}x{{newline}}"), "\nx\n")
    }

    func testNewlineCount() {
        XCTAssertEqual(environment.expand("{{newline::2}}"), "\n\n")
    }

    func testSpaceCount() {
        XCTAssertEqual(environment.expand("[{{space::3}}]"), "[   ]")
    }

    func testNegativeSpaceCountStaysVerbatim() {
        XCTAssertEqual(environment.expand("{{space::-1}}"), "{{space::-1}}")
    }

    func testNonIntegerSpaceCountStaysVerbatim() {
        XCTAssertEqual(environment.expand("{{space::x}}"), "{{space::x}}")
    }

    func testTrimKeepsSpaces() {
        XCTAssertEqual(environment.expand("{{trim}}  x"), "  x")
    }

    func testTrimRemovesNewlineProducedByMacro() {
        XCTAssertEqual(environment.expand("a{{newline}}{{trim}}b"), "ab")
    }

    func testTrimRemovesCarriageReturnNewlines() {
        XCTAssertEqual(environment.expand("a\r\n{{trim}}\r\nb"), "ab")
    }

    func testEscapedTrimIsSweptToo() {
        XCTAssertEqual(environment.expand("a \\{\\{trim\\}\\} b"), "a  b")
    }

    func testNoop() {
        XCTAssertEqual(environment.expand("a{{noop}}b"), "ab")
    }

    func testReverseByCodePoint() {
        XCTAssertEqual(environment.expand("{{reverse::a😀b}}"), "b😀a")
    }

    func testRandomWithOneItem() {
        XCTAssertEqual(environment.expand("{{random::a}}"), "a")
    }

    func testRandomPicksByRandomSource() {
        environment.randomValues = [0.99]
        XCTAssertEqual(environment.expand("{{random::a::b::c}}"), "c")
    }

    func testRandomCommaList() {
        environment.randomValues = [0.5]
        XCTAssertEqual(environment.expand("{{random:a, b, c}}"), "b")
    }

    func testRandomEscapedComma() {
        environment.randomValues = [0.0]
        XCTAssertEqual(environment.expand("{{random:a\\,b,c}}"), "a,b")
    }

    func testRandomSpaceFormSplitsOnDoubleColon() {
        environment.randomValues = [0.6]
        XCTAssertEqual(environment.expand("{{random a::b}}"), "b")
    }

    func testRandomWithoutItemsIsEmpty() {
        XCTAssertEqual(environment.expand("[{{random}}]"), "[]")
    }

    func testRollOneSidedDie() {
        XCTAssertEqual(environment.expand("{{roll::1d1}}"), "1")
    }

    func testRollWithModifier() {
        environment.randomValues = [0.0, 0.99]
        XCTAssertEqual(environment.expand("{{roll::2d6+1}}"), "8")
    }

    func testRollBareNumberIsOneDie() {
        environment.randomValues = [0.99]
        XCTAssertEqual(environment.expand("{{roll 20}}"), "20")
    }

    func testRollInvalidFormulaIsEmpty() {
        XCTAssertEqual(environment.expand("[{{roll::abc}}]"), "[]")
    }

    func testPickIsStableForSameTextAndPosition() {
        let first = environment.expand("{{pick::a::b::c::d::e::f}}")
        for _ in 0..<5 { XCTAssertEqual(environment.expand("{{pick::a::b::c::d::e::f}}"), first) }
    }

    func testPickDependsOnChat() {
        let picks = Set((0..<20).map { hash -> String in
            environment.chatIDHash = Double(hash)
            return environment.expand("{{pick::a::b::c::d::e::f::g::h}}")
        })
        XCTAssertGreaterThan(picks.count, 1)
    }

    func testReasoningFormattingMacros() {
        XCTAssertEqual(environment.expand("{{reasoningPrefix}}|{{reasoningSuffix}}|{{reasoningSeparator}}"),
                       "<think>|</think>|\n")
    }

    func testElseOutsideIfVanishes() {
        XCTAssertEqual(environment.expand("a{{else}}b"), "ab")
    }

    func testGroupFallsBackToCharacter() {
        XCTAssertEqual(environment.expand("{{group}}"), "Alice")
    }
}
