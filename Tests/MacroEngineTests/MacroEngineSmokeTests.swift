import XCTest
@testable import MacroEngine

final class MacroEngineSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
