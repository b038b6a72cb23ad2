import Foundation
import XCTest

/// Chat references and store files that are not what they should be: a clear error, nothing written.
final class RobustnessStoreTests: XCTestCase {
    func testSettingsFileIsNotOpenedAsAChat() throws {
        let store = try Stscript.makeStore(for: self)
        let settingsURL = store.appendingPathComponent("settings.json")
        let before = try Data(contentsOf: settingsURL)
        let result = try Stscript.run(["-c", "/send hi", "--store", store.path, "--chat", "Alice/../../settings.json"])
        XCTAssertFalse(result.crashed)
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("not a chat"), result.stderr)
        XCTAssertEqual(try Data(contentsOf: settingsURL), before)
    }

    func testLockFileIsNotOpenedAsAChat() throws {
        let store = try Stscript.makeStore(for: self)
        let result = try Stscript.run(["-c", "/send hi", "--store", store.path, "--chat", "chats/../.stscript.lock"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("not a chat"), result.stderr)
        let lock = try Data(contentsOf: store.appendingPathComponent(".stscript.lock"))
        XCTAssertTrue(lock.isEmpty)
    }
}
