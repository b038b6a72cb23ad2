import XCTest
@testable import STScriptRuntime

/// Scripts that would exhaust memory end with the error JavaScript gives, not with the process killed.
final class RobustnessRuntimeTests: XCTestCase {
    func testTextLongerThanJavaScriptAllowsIsAnError() {
        let interpreter = Interpreter()
        interpreter.maxStringLength = 1000
        let result = interpreter.run("/let x a |\n/times guard=off 40 {: /var x {{var::x}}{{var::x}} :}")
        XCTAssertEqual(result.error?.phase, .exec)
        XCTAssertEqual(result.error?.message, "Invalid string length")
        XCTAssertEqual(result.error?.line, 2)
    }

    func testTextUpToTheLimitIsFine() {
        let interpreter = Interpreter()
        interpreter.maxStringLength = 1024
        let result = interpreter.run("/let x a | /times guard=off 10 {: /var x {{var::x}}{{var::x}} :} | /len {{var::x}}")
        XCTAssertNil(result.error)
        XCTAssertEqual(result.pipe?.string, "1024")
    }
}
