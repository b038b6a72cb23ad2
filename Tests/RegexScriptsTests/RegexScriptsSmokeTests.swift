import XCTest
@testable import RegexScripts

final class RegexScriptsSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
