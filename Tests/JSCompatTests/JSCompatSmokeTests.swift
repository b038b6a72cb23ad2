import XCTest
@testable import JSCompat

final class JSCompatSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
