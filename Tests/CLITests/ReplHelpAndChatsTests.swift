import Foundation
import XCTest

/// `/help` and the `/chat-…` family as a REPL user meets them.
final class ReplHelpAndChatsTests: XCTestCase {
    var home: URL!

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("repl-chats-\(UUID().uuidString)")
        let chats = home.appendingPathComponent("store/chats/Seraphina")
        try FileManager.default.createDirectory(at: chats, withIntermediateDirectories: true)
        try Data(#"{"username":"Ana"}"#.utf8).write(to: home.appendingPathComponent("store/settings.json"))
        let chat = """
            {"user_name":"Ana","character_name":"Seraphina","create_date":"2025-01-30@12h30m15s","chat_metadata":{"variables":{"mood":"calm"}}}
            {"name":"Seraphina","is_user":false,"send_date":"2025-01-30@12h30m15s","mes":"Welcome to the glade.","extra":{}}

            """
        try Data(chat.utf8).write(to: chats.appendingPathComponent("Forest meeting.jsonl"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: home)
    }

    func startRepl() throws -> ReplPseudoTerminal {
        let environment = ["HOME": home.path, "XDG_STATE_HOME": home.path + "/state", "XDG_DATA_HOME": home.path + "/data",
                           "TERM": "vt100", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"]
        let terminal = try ReplPseudoTerminal(binary: BinaryLocator.stscript.path,
                                              arguments: ["--store", home.path + "/store"], environment: environment)
        terminal.waitFor("the prompt") { $0.cursorLine.hasSuffix("> ") }
        return terminal
    }

    func testThePromptShowsTheCharacterAndTheChat() throws {
        let terminal = try startRepl()
        XCTAssertEqual(terminal.screen.cursorLine, "Seraphina · Forest meeting > ")
    }

    func testHelpListsCommandsByFamily() throws {
        let terminal = try startRepl()
        terminal.enter("/help")
        let lines = terminal.screen.text.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("Flow ") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("Reasoning ") })
        let words = Set(lines.flatMap { $0.split(separator: " ") })
        XCTAssertTrue(words.contains("/if"))
        XCTAssertTrue(words.contains("/reasoning-get"))
    }

    func testHelpForOneCommandShowsArgumentsAliasesAndExample() throws {
        let terminal = try startRepl()
        terminal.enter("/help reasoning-template")
        let text = terminal.screen.text
        XCTAssertTrue(text.contains("aliases: /reasoning-formatting"))
        XCTAssertTrue(text.contains("quiet="))
        XCTAssertTrue(text.contains("example: /reasoning-template"))
    }

    func testANewChatBecomesThePromptsChatAndIsListed() throws {
        let terminal = try startRepl()
        terminal.enter("/chat-new Evening walk")
        XCTAssertEqual(terminal.screen.cursorLine, "Seraphina · Evening walk > ")
        terminal.enter("/chat-list")
        XCTAssertTrue(terminal.screen.text.contains("Seraphina/Evening walk\nSeraphina/Forest meeting"))
    }

    func testTabCompletesChatNamesAndChatOpenSwitches() throws {
        let terminal = try startRepl()
        terminal.enter("/chat-new Evening walk")
        terminal.type("/chat-open Seraphina/F" + ReplPseudoTerminal.tab)
        terminal.waitFor("the chat name completed") { $0.cursorLine.hasSuffix("/chat-open Seraphina/Forest meeting ") }
        terminal.enter("")
        XCTAssertEqual(terminal.screen.cursorLine, "Seraphina · Forest meeting > ")
        terminal.enter("/getvar mood")
        XCTAssertTrue(terminal.screen.text.contains("\ncalm\n"))
    }
}
