import ChatStore
import Foundation
import JSCompat
import XCTest

@testable import STScriptRuntime

/// Chat and global variables of a run bound to a data folder: kept in the session during the run, written into the
/// chat header and settings.json once, keeping key order and the spelling of values nobody changed.
final class ChatSessionVariableTests: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "stscript-session-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/chats/Alice", withIntermediateDirectories: true)
        try Data(#"{"username":"Ana","extension_settings":{"variables":{"global":{"g":1.50,"h":"x"}}}}"#.utf8)
            .write(to: URL(fileURLWithPath: root + "/settings.json"))
        try Data((#"{"chat_metadata":{"variables":{"a":1.50,"b":[1,2],"c":"old"}},"user_name":"unused","character_name":"unused"}"#
                  + "\n" + #"{"name":"User","is_user":true,"mes":"Hi"}"#).utf8)
            .write(to: URL(fileURLWithPath: root + "/chats/Alice/chat.jsonl"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    func openSession() throws -> ChatSession {
        let session = try ChatSession.open(storePath: root, chatPath: "Alice/chat.jsonl")
        session.folder?.syncsToDisk = false
        return session
    }

    func run(_ script: String, in session: ChatSession) -> RunResult {
        let interpreter = Interpreter(variables: session)
        session.configure(interpreter)
        return interpreter.run(script)
    }

    func file(_ path: String) throws -> String {
        try String(contentsOfFile: root + "/" + path, encoding: .utf8)
    }

    func testChangedChatVariablesAreWrittenInPlaceKeepingOrderAndUntouchedSpelling() throws {
        let session = try openSession()
        let result = run("/setvar key=c new | /addvar key=d 2 | /addvar key=d 3 | /flushvar b", in: session)
        XCTAssertNil(result.error)
        try session.commit(release: true)
        let header = try file("chats/Alice/chat.jsonl").split(separator: "\n")[0]
        XCTAssertEqual(String(header),
                       #"{"chat_metadata":{"variables":{"a":1.50,"c":"new","d":5}},"user_name":"unused","character_name":"unused"}"#)
    }

    func testListvarAsTextShowsTheChosenScopesAsSillyTavernWritesThem() throws {
        let session = try openSession()
        XCTAssertEqual(run("/listvar return=pipe", in: session).pipe?.string,
                       "### Local variables (chat):\na: 1.5\n\nb: 1,2\n\nc: old\n\n### Global variables:\ng: 1.5\n\nh: x")
        XCTAssertEqual(run("/listvar scope=global return=pipe", in: session).pipe?.string, "### Global variables:\ng: 1.5\n\nh: x")
        XCTAssertEqual(run("/flushvar a | /flushvar b | /flushvar c | /listvar scope=local return=pipe", in: session).pipe?.string,
                       "### Local variables (chat):\nNo local variables")
    }

    func testListvarAsObjectListsEveryVariableWhateverTheScope() throws {
        let session = try openSession()
        XCTAssertEqual(run("/listvar scope=local return=object", in: session).pipe?.string,
                       #"[{"key":"a","value":1.5,"scope":"local"},{"key":"b","value":[1,2],"scope":"local"},{"key":"c","value":"old","scope":"local"},{"key":"g","value":1.5,"scope":"global"},{"key":"h","value":"x","scope":"global"}]"#)
    }

    func testListvarShowsNothingByDefaultAndRejectsAnUnknownReturnType() throws {
        let session = try openSession()
        XCTAssertEqual(run("/listvar", in: session).pipe?.string, "")
        XCTAssertEqual(run("/listvar return=bogus", in: session).error?.message, "Unknown return type: bogus")
    }

    func testChangedGlobalVariablesAreWrittenToSettingsKeepingUntouchedSpelling() throws {
        let session = try openSession()
        XCTAssertNil(run("/setglobalvar key=h y | /addglobalvar key=n 1", in: session).error)
        try session.commit(release: true)
        let settings = try JSONValue.parse(try file("settings.json"))
        XCTAssertEqual(settings["extension_settings"]?["variables"]?["global"]?.stringified(), #"{"g":1.50,"h":"y","n":1}"#)
    }

    func testFilesAreUntouchedUntilCommit() throws {
        let session = try openSession()
        let before = try file("chats/Alice/chat.jsonl")
        XCTAssertNil(run("/times 100 {: /addvar key=a 1 :}", in: session).error)
        XCTAssertEqual(try file("chats/Alice/chat.jsonl"), before)
        try session.commit(release: true)
        XCTAssertTrue(try file("chats/Alice/chat.jsonl").contains(#""a":101.5"#))
    }

    func testChangesBeforeAnErrorAreCommitted() throws {
        let session = try openSession()
        let result = run("/setvar key=c kept | /setglobalvar key=h kept | /var missing", in: session)
        XCTAssertNotNil(result.error)
        try session.commit(release: true)
        XCTAssertTrue(try file("chats/Alice/chat.jsonl").contains(#""c":"kept""#))
        XCTAssertTrue(try file("settings.json").contains(#""h": "kept""#))
    }

    func testTheChatHeaderShowsVariablesSetDuringTheRun() throws {
        let session = try openSession()
        XCTAssertNil(run("/setvar key=e 1", in: session).error)
        XCTAssertEqual(session.chat.variables["e"], .string("1"))
        try session.commit(release: true)
    }

    func testVariablesChangedInTheHeaderAreReadAfterwards() throws {
        let session = try openSession()
        XCTAssertEqual(run("/getvar c", in: session).pipe?.string, "old")
        session.chat.variables = ["c": "replaced"]
        XCTAssertEqual(run("/getvar c", in: session).pipe?.string, "replaced")
        try session.commit(release: true)
    }

    func testReadingVariablesOnlyLeavesTheFilesAlone() throws {
        let session = try openSession()
        let chat = try file("chats/Alice/chat.jsonl"), settings = try file("settings.json")
        XCTAssertEqual(run("/getvar a | /getglobalvar g", in: session).pipe?.string, "1.5")
        try session.commit(release: true)
        XCTAssertEqual(try file("chats/Alice/chat.jsonl"), chat)
        XCTAssertEqual(try file("settings.json"), settings)
    }
}
