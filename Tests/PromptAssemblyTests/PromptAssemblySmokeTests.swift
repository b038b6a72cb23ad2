import XCTest
@testable import PromptAssembly

final class PromptAssemblySmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
