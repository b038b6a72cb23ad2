import Foundation
import XCTest
import LineEditor

final class CommandHistoryTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testEntriesAreKeptOldestFirst() throws {
        let history = try XCTUnwrap(CommandHistory(file: nil))
        history.add("/echo one")
        history.add("/echo two")
        XCTAssertEqual(history.entries, ["/echo one", "/echo two"])
    }

    func testConsecutiveDuplicatesAreDropped() throws {
        let history = try XCTUnwrap(CommandHistory(file: nil))
        history.add("/echo same")
        history.add("/echo same")
        history.add("/echo other")
        history.add("/echo same")
        XCTAssertEqual(history.entries, ["/echo same", "/echo other", "/echo same"])
    }

    func testBlankLinesAreNotRemembered() throws {
        let history = try XCTUnwrap(CommandHistory(file: nil))
        history.add("   ")
        XCTAssertEqual(history.entries, [])
    }

    func testEntriesAreSavedAsTheyAreAddedAndLoadedAgain() throws {
        let file = folder.appendingPathComponent("history").path
        do {
            let history = try XCTUnwrap(CommandHistory(file: file))
            history.add("/echo héllo wörld")
            history.add("/pass {: x :}")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: file))
        let reopened = try XCTUnwrap(CommandHistory(file: file))
        XCTAssertEqual(reopened.entries, ["/echo héllo wörld", "/pass {: x :}"])
    }

    func testTheLimitKeepsTheNewestEntries() throws {
        let history = try XCTUnwrap(CommandHistory(file: nil, limit: 2))
        for n in 1...3 { history.add("/echo \(n)") }
        XCTAssertEqual(history.entries, ["/echo 2", "/echo 3"])
    }

    func testTheDefaultFileIsInTheXDGStateFolder() throws {
        let file = CommandHistory.defaultFile(app: "stscript", environment: ["XDG_STATE_HOME": folder.path, "HOME": "/nonexistent"])
        XCTAssertEqual(file, folder.path + "/stscript/history")
        var isFolder: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.path + "/stscript", isDirectory: &isFolder))
        XCTAssertTrue(isFolder.boolValue)
    }

    func testWithoutXDGStateHomeTheFileIsUnderHome() {
        let file = CommandHistory.defaultFile(app: "stscript", environment: ["HOME": folder.path])
        XCTAssertEqual(file, folder.path + "/.local/state/stscript/history")
    }
}
