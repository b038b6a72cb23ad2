import XCTest
@testable import STScriptRuntime

/// Runs a script on a fresh interpreter (chat and global variables given) and returns the final pipe.
func runScript(_ script: String, chat: [(String, StoredValue)] = [], global: [(String, StoredValue)] = []) -> String? {
    let interpreter = Interpreter(variables: MemoryVariableStore(chat: chat, global: global))
    return interpreter.run(script).pipe?.string
}

/// The error message of a failing script, nil when it succeeded.
func scriptError(_ script: String) -> String? {
    Interpreter().run(script).error?.message
}

final class MathCommandTests: XCTestCase {
    func testAddSumsValues() { XCTAssertEqual(runScript("/add 1 2 3.5"), "6.5") }
    func testAddWithoutValuesIsZero() { XCTAssertEqual(runScript("/add"), "0") }
    func testSubtractsRestFromFirst() { XCTAssertEqual(runScript("/sub 10 3 2"), "5") }
    func testMulOfJSONList() { XCTAssertEqual(runScript("/mul [2,3,4]"), "24") }
    func testMaxAndMin() {
        XCTAssertEqual(runScript("/max 1 5 3"), "5")
        XCTAssertEqual(runScript("/min 4 -2 9"), "-2")
    }
    func testDivisionByZeroIsZero() { XCTAssertEqual(runScript("/div 5 0"), "0") }
    func testDivisionPrintsLikeJavaScript() { XCTAssertEqual(runScript("/div 1 3"), "0.3333333333333333") }
    func testDivWithOneOperandIsZero() { XCTAssertEqual(runScript("/div 5"), "0") }
    func testModKeepsDividendSign() { XCTAssertEqual(runScript("/mod -7 3"), "-1") }
    func testPow() { XCTAssertEqual(runScript("/pow 2 10"), "1024") }
    func testPowOverflowIsInfinity() { XCTAssertEqual(runScript("/pow 10 400"), "Infinity") }
    func testSqrtOfNegativeIsZero() { XCTAssertEqual(runScript("/sqrt -4"), "0") }
    func testRoundHalfUp() { XCTAssertEqual(runScript("/round 2.5"), "3") }
    func testRoundNegativeHalfTowardsZero() { XCTAssertEqual(runScript("/round -2.5"), "-2") }
    func testSingleOperandUsesFirstToken() { XCTAssertEqual(runScript("/abs -5 7"), "5") }
    func testLogOfZeroIsMinusInfinity() { XCTAssertEqual(runScript("/log 0"), "-Infinity") }
    func testNonNumericOperandsDropped() { XCTAssertEqual(runScript("/add 1 apple 2"), "3") }
    func testScopedVariableOperand() { XCTAssertEqual(runScript("/let x 4 || /add x 1"), "5") }
    func testChatVariableOperand() { XCTAssertEqual(runScript("/add score 1", chat: [("score", .text("41"))]), "42") }
    func testGlobalVariableOperand() { XCTAssertEqual(runScript("/mul g 2", global: [("g", .number(21))]), "42") }
    func testScopedShadowsChat() { XCTAssertEqual(runScript("/let v 1 || /add v 0", chat: [("v", .text("9"))]), "1") }
    func testBlankVariableCountsAsZero() { XCTAssertEqual(runScript("/add b 5", chat: [("b", .text(" "))]), "5") }
    func testJSONListWithNames() { XCTAssertEqual(runScript("/let i 2 || /add [\"i\", 15, 2]"), "19") }
    func testJSONListNullCountsAsZero() { XCTAssertEqual(runScript("/add [null, 3]"), "3") }
    func testInvalidJSONListIsZero() { XCTAssertEqual(runScript("/add [1,,2]"), "0") }
    func testHexOperand() { XCTAssertEqual(runScript("/add 0x10 1"), "17") }
    func testSingleOperandJSONListWithSpacesIsNotRead() { XCTAssertEqual(runScript("/abs [1, 2]"), "0") }
    func testResultKeepsFractionDigits() { XCTAssertEqual(runScript("/add 0.1 0.2"), "0.30000000000000004") }
    func testPipedValueIsOperand() { XCTAssertEqual(runScript("/pass 7 | /add"), "7") }
}

final class LengthSortRandomTests: XCTestCase {
    func testLenOfText() { XCTAssertEqual(runScript("/len hello"), "5") }
    func testLenCountsUTF16() { XCTAssertEqual(runScript("/len a😀"), "3") }
    func testLenOfList() { XCTAssertEqual(runScript("/len [1,2,3]"), "3") }
    func testLenOfObject() { XCTAssertEqual(runScript("/len {\"a\":1,\"b\":2}"), "2") }
    func testLenOfNumberUsesPrintedForm() { XCTAssertEqual(runScript("/len 12.50"), "4") }
    func testLenOfJSONStringIsItsContent() { XCTAssertEqual(runScript("/len \"abc\""), "3") }
    func testLenOfBooleanIsZero() { XCTAssertEqual(runScript("/len true"), "0") }
    func testLenOfNullFails() { XCTAssertEqual(scriptError("/len null"), "Cannot convert undefined or null to object") }
    func testSortNumbers() { XCTAssertEqual(runScript("/sort [3,1,2]"), "[1,2,3]") }
    func testSortStringsByCodeUnits() { XCTAssertEqual(runScript("/sort [\"b\",\"B\",\"a\"]"), "[\"B\",\"a\",\"b\"]") }
    func testSortMixedTypesByTypeName() { XCTAssertEqual(runScript("/sort [\"x\",2,true,null]"), "[true,2,null,\"x\"]") }
    func testSortObjectGivesSortedKeys() { XCTAssertEqual(runScript("/sort {\"b\":1,\"a\":2}"), "[\"a\",\"b\"]") }
    func testSortObjectKeysByValue() {
        XCTAssertEqual(runScript("/sort keysort=false {\"b\":1,\"a\":2}"), "[\"b\",\"a\"]")
    }
    func testSortInvalidJSONUnchanged() { XCTAssertEqual(runScript("/sort not json"), "not json") }
    func testSortNullFails() { XCTAssertEqual(scriptError("/sort null"), "Cannot convert undefined or null to object") }
    func testSortRespellsNumbers() { XCTAssertEqual(runScript("/sort [1.50,1e2]"), "[1.5,100]") }
    func testRandStaysInRange() throws {
        let value = try XCTUnwrap(Double(runScript("/rand from=5 to=6") ?? ""))
        XCTAssertTrue(value >= 5 && value < 6)
    }
    func testRandRoundedIsInteger() { XCTAssertEqual(runScript("/rand round=floor 1"), "0") }
}
