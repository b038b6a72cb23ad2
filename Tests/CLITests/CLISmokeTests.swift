import XCTest

final class CLISmokeTests: XCTestCase {
    func testBinaryWasBuilt() {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: BinaryLocator.stscript.path))
    }
}
