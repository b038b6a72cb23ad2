import XCTest
@testable import STScriptRuntime

final class STScriptRuntimeSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
