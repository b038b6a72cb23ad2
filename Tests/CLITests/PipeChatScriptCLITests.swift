import Foundation
import XCTest

/// `stscript pipe --chat-script`: a script once over the whole chat, between streaming transforms.
final class PipeChatScriptCLITests: XCTestCase {
    private let chat = [
        #"{"chat_metadata":{"integrity":"x"},"user_name":"unused","character_name":"unused"}"#,
        #"{"name":"User","is_user":true,"mes":"Hi","extra":{}}"#,
        "not json",
        #"{"name":"A","is_user":false,"mes":"<think>plan</think>Hello","extra":{}}"#,
    ].joined(separator: "\n")

    private func script(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chat-script-\(UUID().uuidString).st")
        try Data(text.utf8).write(to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    func testTheScriptRunsOnceOverTheChatAfterTheTransformsBeforeIt() throws {
        let file = try script("/reasoning-get {{lastMessageId}} | /setvar key=last | /incvar runs")
        let result = try Stscript.run(["pipe", "--parse-reasoning", "think", "--chat-script", file], stdin: Data(chat.utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout.components(separatedBy: "\n"), [
            #"{"chat_metadata":{"integrity":"x","variables":{"last":"plan","runs":1}},"user_name":"unused","character_name":"unused"}"#,
            #"{"name":"User","is_user":true,"mes":"Hi","extra":{}}"#,
            "not json",
            #"{"name":"A","is_user":false,"mes":"Hello","extra":{"reasoning":"plan","reasoning_type":"parsed"}}"#,
        ])
        XCTAssertTrue(result.stderr.contains("1 malformed line(s) passed through unchanged (line 3)"), result.stderr)
    }

    func testAFailingScriptWritesTheChatAsLeftAndExitsWithOne() throws {
        let file = try script("/reasoning-set at=0 kept |\n/abort quiet=false stop")
        let result = try Stscript.run(["pipe", "--chat-script", file], stdin: Data(chat.utf8))
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains(#""extra":{"reasoning":"kept","reasoning_type":"manual"}"#), result.stdout)
        XCTAssertTrue(result.stderr.contains("aborted: stop"), result.stderr)
    }

    func testAScriptThatDoesNotParseIsRefusedBeforeAnyInputIsRead() throws {
        let file = try script("/pass ok | /no-such-command")
        let result = try Stscript.run(["pipe", "--chat-script", file], stdin: Data(chat.utf8))
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("Unknown command"), result.stderr)
    }
}
