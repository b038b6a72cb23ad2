import XCTest
@testable import STScriptSyntax

final class STScriptSyntaxSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
