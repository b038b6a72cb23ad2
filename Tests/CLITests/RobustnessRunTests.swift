import Foundation
import XCTest

/// The hard rule for runs: a script that does not parse changes nothing; one that fails midway keeps what it did.
final class RobustnessRunTests: XCTestCase {
    private func files(_ store: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let walker = FileManager.default.enumerator(at: store, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            // The lock file is not data: opening the folder creates it.
            if !url.hasDirectoryPath && url.lastPathComponent != ".stscript.lock" {
                result[url.path] = try Data(contentsOf: url)
            }
        }
        return result
    }

    func testScriptThatDoesNotParseChangesNothing() throws {
        let store = try Stscript.makeStore(for: self)
        let before = try files(store)
        let result = try Stscript.run(["-c", "/send hi |\n/setglobalvar key=a 1 |\n/echo {: oops",
                                       "--store", store.path, "--chat", "Alice/chat"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("<command>:3:"), result.stderr)
        XCTAssertEqual(try files(store), before)
    }

    func testRunThatFailsMidwayKeepsItsEarlierChanges() throws {
        let store = try Stscript.makeStore(for: self)
        let result = try Stscript.run(["-c", "/send kept |\n/setglobalvar key=a 1 |\n/run nowhere |\n/send not reached",
                                       "--store", store.path, "--chat", "Alice/chat"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("<command>:3:"), result.stderr)
        let chat = try String(contentsOf: store.appendingPathComponent("chats/Alice/chat.jsonl"), encoding: .utf8)
        XCTAssertTrue(chat.contains("\"mes\":\"kept\""))
        XCTAssertFalse(chat.contains("not reached"))
        let settings = try String(contentsOf: store.appendingPathComponent("settings.json"), encoding: .utf8)
        XCTAssertTrue(settings.contains("\"a\""), settings)
    }

    func testTenThousandNestedClosuresRun() throws {
        let depth = 10_000
        let script = "/echo " + String(repeating: "{: /echo ", count: depth) + "x" + String(repeating: " :}", count: depth)
        let result = try Stscript.run(["-c", script])
        XCTAssertFalse(result.crashed)
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testEndlessRecursionIsAnErrorNotACrash() throws {
        let result = try Stscript.run(["-c", "/let f {: /:f :} | /:f"])
        XCTAssertFalse(result.crashed)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("Maximum call stack size exceeded"), result.stderr)
    }

    func testCatastrophicRegexEndsWithAnError() throws {
        let result = try Stscript.run(["-c", "/test pattern=\"/(a+)+$/\" " + String(repeating: "a", count: 40) + "b"])
        XCTAssertFalse(result.crashed)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("took too long"), result.stderr)
    }
}
