import XCTest
@testable import LineEditor

final class LineEditorSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
