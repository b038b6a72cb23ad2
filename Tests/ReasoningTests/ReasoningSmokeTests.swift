import XCTest
@testable import Reasoning

final class ReasoningSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
