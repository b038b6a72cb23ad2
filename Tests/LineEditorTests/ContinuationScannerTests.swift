import XCTest
import LineEditor

final class ContinuationScannerTests: XCTestCase {
    let scanner = ContinuationScanner()

    func testACompleteCommandNeedsNoMoreInput() {
        XCTAssertFalse(scanner.needsMoreInput("/echo hello | /pass x"))
    }

    func testAnOpenClosureNeedsMoreInput() {
        XCTAssertTrue(scanner.needsMoreInput("/let f {:"))
        XCTAssertTrue(scanner.needsMoreInput("/let f {:\n/echo a |"))
    }

    func testAClosedThreeLineClosureIsComplete() {
        XCTAssertFalse(scanner.needsMoreInput("/let f {:\n/echo a |\n:} |"))
    }

    func testNestedClosuresMustAllClose() {
        XCTAssertTrue(scanner.needsMoreInput("/if left=1 right=1 {: /times 3 {: /echo x :}"))
        XCTAssertFalse(scanner.needsMoreInput("/if left=1 right=1 {: /times 3 {: /echo x :} :}"))
    }

    func testAnEscapedClosureOpenerIsText() {
        XCTAssertFalse(scanner.needsMoreInput("/pass \\{: not a closure"))
    }

    func testAnOpenQuoteNeedsMoreInput() {
        XCTAssertTrue(scanner.needsMoreInput("/pass \"first line"))
        XCTAssertFalse(scanner.needsMoreInput("/pass \"first line\nsecond\""))
    }

    func testAnOpenQuoteInANamedValueNeedsMoreInput() {
        XCTAssertTrue(scanner.needsMoreInput("/setvar key=\"two words"))
    }

    func testQuotesAreTextForRawQuoteCommands() {
        XCTAssertFalse(scanner.needsMoreInput("/echo \"unterminated"))
    }

    func testAQuoteInsidePlainTextIsNotAnOpener() {
        XCTAssertFalse(scanner.needsMoreInput("/pass it's a \"word"))
    }

    func testSplitCommandTokensMayOpenQuotes() {
        XCTAssertTrue(scanner.needsMoreInput("/let x \"open"))
    }

    func testAPipeInsideAnOpenQuoteIsLeftToTheParser() {
        XCTAssertFalse(scanner.needsMoreInput("/pass \"a | /echo b"))
    }

    func testAnOpenMacroNeedsMoreInput() {
        XCTAssertTrue(scanner.needsMoreInput("/pass {{getvar::"))
        XCTAssertFalse(scanner.needsMoreInput("/pass {{getvar::x}}"))
    }

    func testAnOpenBlockCommentNeedsMoreInput() {
        XCTAssertTrue(scanner.needsMoreInput("/* a note"))
        XCTAssertFalse(scanner.needsMoreInput("/* a /* nested *| note *| /echo a"))
    }

    func testALineCommentDoesNotOpenAnything() {
        XCTAssertFalse(scanner.needsMoreInput("// {: not code |"))
    }

    func testTenThousandNestedClosuresDoNotCrash() {
        let deep = String(repeating: "/run {: ", count: 10_000)
        XCTAssertTrue(scanner.needsMoreInput(deep))
        XCTAssertFalse(scanner.needsMoreInput(deep + String(repeating: ":} ", count: 10_000)))
    }

    func testTheCallerSuppliesArgumentShapes() {
        let everythingRaw = ContinuationScanner(shapeOf: { _ in .rawQuotes })
        XCTAssertFalse(everythingRaw.needsMoreInput("/pass \"open"))
    }
}
