import XCTest
@testable import MacroEngine

/// Variable macros and shorthands (spec §5.3, §6.4).
final class VariableMacroTests: XCTestCase {
    let environment = TestEnvironment()

    func testMissingVariableIsEmpty() {
        XCTAssertEqual(environment.expand("[{{getvar::missing}}]"), "[]")
    }

    func testNumericTextLosesLeadingZeros() {
        environment.chatVariables["a"] = .text("007")
        XCTAssertEqual(environment.expand("{{getvar::a}}"), "7")
    }

    func testBlankTextIsKept() {
        environment.chatVariables["a"] = .text("  ")
        XCTAssertEqual(environment.expand("[{{getvar::a}}]"), "[  ]")
    }

    func testSetvarStoresTextAndReturnsEmpty() {
        XCTAssertEqual(environment.expand("{{setvar::x::9}}"), "")
        XCTAssertEqual(environment.chatVariables["x"], .text("9"))
    }

    func testSetvarWithEmptyNameStaysVerbatim() {
        XCTAssertEqual(environment.expand("{{setvar::::9}}"), "{{setvar::::9}}")
    }

    func testAddvarOnMissingStoresNumber() {
        _ = environment.expand("{{addvar::x::1}}")
        XCTAssertEqual(environment.chatVariables["x"], .number(1))
    }

    func testAddvarConcatenatesText() {
        environment.chatVariables["x"] = .text("User")
        _ = environment.expand("{{addvar::x::1}}")
        XCTAssertEqual(environment.chatVariables["x"], .text("User1"))
    }

    func testAddvarAppendsTextToList() {
        environment.chatVariables["l"] = .text("[1, 2]")
        _ = environment.expand("{{addvar::l::3}}")
        XCTAssertEqual(environment.chatVariables["l"], .text("[1,2,\"3\"]"))
    }

    func testAddvarSumsDecimals() {
        environment.chatVariables["x"] = .text("3.14159")
        _ = environment.expand("{{addvar::x::1}}")
        XCTAssertEqual(environment.chatVariables["x"], .number(4.14159))
    }

    func testIncvarReturnsNewValue() {
        environment.chatVariables["n"] = .text("-4")
        XCTAssertEqual(environment.expand("{{incvar::n}}"), "-3")
    }

    func testIncvarOnMissingStartsAtZero() {
        XCTAssertEqual(environment.expand("{{incvar::n}}"), "1")
    }

    func testDecvar() {
        environment.chatVariables["n"] = .number(1)
        XCTAssertEqual(environment.expand("{{decvar::n}}"), "0")
    }

    func testIncvarOnTextAppendsOne() {
        environment.chatVariables["s"] = .text("hello")
        XCTAssertEqual(environment.expand("{{incvar::s}}"), "hello1")
    }

    func testIncvarOnEmptyTextCountsFromZero() {
        environment.chatVariables["s"] = .text("")
        XCTAssertEqual(environment.expand("{{incvar::s}}"), "1")
    }

    func testHasvarAndDeletevar() {
        environment.chatVariables["x"] = .text("1")
        XCTAssertEqual(environment.expand("{{hasvar::x}}{{deletevar::x}}{{hasvar::x}}"), "truefalse")
    }

    func testGlobalVariantsUseGlobalScope() {
        _ = environment.expand("{{setglobalvar::g::G}}")
        XCTAssertEqual(environment.globalVariables["g"], .text("G"))
        XCTAssertEqual(environment.expand("{{getglobalvar::g}}{{getvar::g}}"), "G")
    }

    func testNumberFormattingOfSums() {
        environment.chatVariables["x"] = .text("0.1")
        XCTAssertEqual(environment.expand("{{addvar::x::0.2}}{{getvar::x}}"), "0.30000000000000004")
    }

    func testLargeNumbersPrintLikeJavaScript() {
        environment.chatVariables["x"] = .text("1e21")
        XCTAssertEqual(environment.expand("{{getvar::x}}"), "1e+21")
    }

    func testShorthandGlobalRead() {
        environment.globalVariables["g"] = .text("G")
        XCTAssertEqual(environment.expand("{{$g}}"), "G")
    }

    func testShorthandAssign() {
        XCTAssertEqual(environment.expand("{{.x = a b }}[{{.x}}]"), "[a b]")
    }

    func testShorthandAddOnNegativeZero() {
        environment.chatVariables["x"] = .text("-0")
        XCTAssertEqual(environment.expand("{{.x += 2}}{{.x}}"), "2")
        XCTAssertEqual(environment.chatVariables["x"], .number(2))
    }

    func testShorthandSubtract() {
        environment.chatVariables["x"] = .text("10")
        XCTAssertEqual(environment.expand("{{.x -= 3}}{{.x}}"), "7")
    }

    func testShorthandDecrement() {
        environment.chatVariables["x"] = .text("10")
        XCTAssertEqual(environment.expand("{{.x--}}"), "9")
    }

    func testShorthandNullishCoalescing() {
        XCTAssertEqual(environment.expand("{{.cnt ?? none}}"), "none")
    }

    func testShorthandNullishKeepsFalsyValue() {
        environment.chatVariables["cnt"] = .text("0")
        XCTAssertEqual(environment.expand("{{.cnt ?? none}}"), "0")
    }

    func testShorthandLogicalOrReplacesFalsyValue() {
        environment.chatVariables["cnt"] = .text("off")
        XCTAssertEqual(environment.expand("{{.cnt || none}}"), "none")
    }

    func testShorthandLogicalOrAssign() {
        XCTAssertEqual(environment.expand("{{.x ||= d}}"), "d")
        XCTAssertEqual(environment.chatVariables["x"], .text("d"))
    }

    func testShorthandNullishAssignKeepsExisting() {
        environment.chatVariables["x"] = .text("")
        XCTAssertEqual(environment.expand("[{{.x ??= d}}]"), "[]")
    }

    func testShorthandEquality() {
        environment.chatVariables["x"] = .text(".5")
        XCTAssertEqual(environment.expand("{{.x == 5}} {{.x == 0.5}} {{.x != 5}}"), "false true true")
    }

    func testShorthandNumericComparisons() {
        environment.chatVariables["x"] = .text("5")
        XCTAssertEqual(environment.expand("{{.x > 4}} {{.x >= 6}} {{.x < 10}} {{.x <= 5}}"), "true false true true")
    }

    func testShorthandComparisonWithTextIsFalse() {
        environment.chatVariables["x"] = .text("abc")
        XCTAssertEqual(environment.expand("{{.x > 1}}"), "false")
    }

    func testShorthandOperandMayHoldMacros() {
        XCTAssertEqual(environment.expand("{{.who = {{user}}}}{{.who}}"), "User")
    }

    func testShorthandValueIsNotReExpanded() {
        environment.chatVariables["x"] = .text("{{user}}")
        XCTAssertEqual(environment.expand("{{.x}}"), "{{user}}")
    }

    func testShorthandNameMustEndInWordCharacter() {
        XCTAssertEqual(environment.expand("{{.x-}}"), "{{.x-}}")
    }
}

/// `{{getvarkey}}` / `{{setvarkey}}`: element access on JSON variables.
final class VariableIndexTests: XCTestCase {
    let environment = TestEnvironment()

    func testGetListElement() {
        environment.chatVariables["l"] = .text("[\"a\",\"b\"]")
        XCTAssertEqual(environment.expand("{{getvarkey::l::1}}"), "b")
    }

    func testGetObjectMemberAsJSON() {
        environment.chatVariables["o"] = .text("{\"a\":{\"b\":1}}")
        XCTAssertEqual(environment.expand("{{getvarkey::o::a}}"), "{\"b\":1}")
    }

    func testSetIndexOnNewVariableFillsHolesWithNull() {
        _ = environment.expand("{{setvarkey::l::2::x}}")
        XCTAssertEqual(environment.chatVariables["l"], .text("[null,null,\"x\"]"))
    }

    func testSetKeyOnNewVariableMakesObject() {
        _ = environment.expand("{{setvarkey::o::k::v}}")
        XCTAssertEqual(environment.chatVariables["o"], .text("{\"k\":\"v\"}"))
    }
}

extension VariableIndexTests {
    func testSetKeyOnNumberLeavesItUnchanged() {
        environment.chatVariables["x"] = .number(5)
        _ = environment.expand("{{setvarkey::x::k::v}}")
        XCTAssertEqual(environment.chatVariables["x"], .number(5))
    }
}
