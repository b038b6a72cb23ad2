import XCTest
@testable import ChatStore

final class ChatStoreSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
