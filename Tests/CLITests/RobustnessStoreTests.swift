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

extension RobustnessStoreTests {
    func testStoreThatIsAFileIsReportedAsNotAFolder() throws {
        let store = try Stscript.makeStore(for: self)
        let file = store.appendingPathComponent("settings.json").path
        let result = try Stscript.run(["-c", "/echo hi", "--store", file])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("not a folder"), result.stderr)
    }

    func testChatThatIsAFolderIsAnError() throws {
        let store = try Stscript.makeStore(for: self)
        try FileManager.default.createDirectory(at: store.appendingPathComponent("chats/Alice/folder.jsonl"),
                                                withIntermediateDirectories: true)
        let result = try Stscript.run(["-c", "/send hi", "--store", store.path, "--chat", "Alice/folder.jsonl"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("is a folder"), result.stderr)
    }

    func testMalformedChatLinesAreKeptByteForByteWhenAMessageIsAdded() throws {
        let store = try Stscript.makeStore(for: self)
        let chatURL = store.appendingPathComponent("chats/Alice/chat.jsonl")
        let original = Stscript.chat + "\n{\"name\":\"A\",\"mes\":\"trunc\r\nnot json\r\n\u{1}binary"
        try original.write(to: chatURL, atomically: true, encoding: .utf8)
        let result = try Stscript.run(["-c", "/send added", "--store", store.path, "--chat", "Alice/chat"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let after = try String(contentsOf: chatURL, encoding: .utf8)
        // The header line may change (SillyTavern marks the chat tainted); every other line stays as it was.
        let body = original.drop { $0 != "\n" }
        XCTAssertTrue(after.drop { $0 != "\n" }.hasPrefix(body), after)
        XCTAssertTrue(after.contains("\"mes\":\"added\""), after)
    }
}

extension RobustnessStoreTests {
    func testFailedSaveIsTheJSONErrorAndExitsOne() throws {
        let store = try Stscript.makeStore(for: self)
        // The temporary file settings.json is written through cannot be created when a folder has its name.
        try FileManager.default.createDirectory(at: store.appendingPathComponent(".settings.json.stscript-tmp"),
                                                withIntermediateDirectories: true)
        let result = try Stscript.run(["-c", "/setglobalvar key=a 1", "--json", "--store", store.path])
        XCTAssertEqual(result.status, 1, result.stderr)
        let output = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let error = try XCTUnwrap(output["error"] as? [String: Any], result.stdout)
        XCTAssertEqual(error["phase"] as? String, "store")
        XCTAssertTrue((error["message"] as? String)?.contains("could not save") == true, result.stdout)
    }
}

extension RobustnessStoreTests {
    func testChatGlobWithAStoreRunsTheStoresChatsNotLookalikesInTheWorkingDirectory() throws {
        let store = try Stscript.makeStore(for: self)
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("glob-cwd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: elsewhere.appendingPathComponent("chats/Bob"),
                                                withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: elsewhere) }
        try Stscript.chat.write(to: elsewhere.appendingPathComponent("chats/Bob/decoy.jsonl"), atomically: true,
                                encoding: .utf8)
        let script = elsewhere.appendingPathComponent("send.st")
        try "/send from the batch".write(to: script, atomically: true, encoding: .utf8)
        let result = try Stscript.run(["run", script.path, "--store", store.path, "--chat", "chats/*/*.jsonl"],
                                      in: elsewhere)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: store.appendingPathComponent("chats/Bob/decoy.jsonl").path))
        let chat = try String(contentsOf: store.appendingPathComponent("chats/Alice/chat.jsonl"), encoding: .utf8)
        XCTAssertTrue(chat.contains("from the batch"), chat)
    }
}
