import JSCompat
import XCTest
@testable import STScriptRuntime

/// The evaluator's shortcuts (bound commands, one-lookup `/addvar`, integer printing, number comparisons) give
/// exactly what the general path gives.
final class EvaluatorFastPathTests: XCTestCase {
    func run(_ script: String, variables: MemoryVariableStore = MemoryVariableStore()) -> RunResult {
        Interpreter(variables: variables).run(script)
    }

    func pipe(_ script: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        let result = run(script)
        if let error = result.error { XCTFail("\(error.phase): \(error.message)", file: file, line: line) }
        return result.pipe?.string
    }

    func testIntegerTextMatchesTheGeneralFormatter() {
        let values: [Double] = [0, -0.0, 1, -1, 9, 10, 11, 99, 100, 101, 999, 1000, 20000, -20000, 123_456_789,
                                99_999_999, 100_000_000, -1_234_567, 12_345_678_901_234, -99_999_999_999_999,
                                1e14, -1e14, 1e15, 0.5, -2.5, .nan, .infinity]
        for value in values {
            XCTAssertEqual(Numbers.format(value), JSNumber.format(value), "\(value)")
        }
    }

    func testAddvarSumsAStoredNumberInPlace() {
        let variables = MemoryVariableStore()
        _ = run("/setvar key=a x | /addvar key=n 2 | /setvar key=b y | /addvar key=n 3", variables: variables)
        XCTAssertEqual(variables.names(in: .chat), ["a", "n", "b"])
        XCTAssertEqual(variables.value("n", in: .chat), .number(5))
    }

    func testAddvarOfTextToAStoredNumberConcatenates() {
        XCTAssertEqual(pipe("/addvar key=n 2 | /addvar key=n abc"), "2abc")
    }

    func testAddvarWithAnEmptyKeyStillFails() {
        XCTAssertEqual(run("/addvar key= 1").error?.message, "Variable name cannot be empty or undefined.")
    }

    func testAddvarInALoopBodyCounts() {
        XCTAssertEqual(pipe("/times guard=off 250 {: /addvar key=x 1 :} | /getvar x"), "250")
    }

    func testDecvarInALoopBodyCountsDown() {
        XCTAssertEqual(pipe("/times 5 {: /decvar x :} | /getvar x"), "-5")
    }

    func testBoundCommandDoesNotRunAfterAnAbortInTheClosureParameters() {
        let variables = MemoryVariableStore()
        _ = run("/let f {: a={: /abort quiet=true :}() /addvar key=n 1 :} | /run f", variables: variables)
        XCTAssertNil(variables.value("n", in: .chat))
    }

    func testEscapedBracesAreUnescapedInLongMacroArguments() {
        let long = String(repeating: "abc ", count: 20)
        XCTAssertEqual(pipe("/let n 5 | /pass \(long)\\{{{var::n}}\\}"), long + "{5}")
    }

    func testWhileComparesNumbersWithEachRule() {
        XCTAssertEqual(pipe("/setvar key=i 0 | /while left=i rule=lte right=3 {: /incvar i :} | /getvar i"), "4")
        XCTAssertEqual(pipe("/setvar key=i 5 | /while left=i rule=gt right=2 {: /decvar i :} | /getvar i"), "2")
        XCTAssertEqual(pipe("/setvar key=i 0 | /while left=i rule=neq right=3 {: /incvar i :} | /getvar i"), "3")
    }

    func testWhileWithAnUnknownRuleForNumbersStillFails() {
        XCTAssertEqual(run("/while left=1 right=2 rule=within {: /pass x :}").error?.message,
                       "Unknown boolean comparison rule for type number. Accepted: gt, gte, lt, lte, eq, neq. Provided: within")
    }
}
