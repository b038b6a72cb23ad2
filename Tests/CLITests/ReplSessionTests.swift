import Foundation
import XCTest

/// The REPL as a user meets it: `stscript` with no arguments on a terminal, driven through a pseudo-terminal,
/// with assertions on what the screen shows.
final class ReplSessionTests: XCTestCase {
    typealias Keys = ReplPseudoTerminal
    var home: URL!

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: home)
    }

    var environment: [String: String] {
        ["HOME": home.path, "XDG_STATE_HOME": home.appendingPathComponent("state").path, "TERM": "vt100",
         "XDG_DATA_HOME": home.appendingPathComponent("data").path, "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"]
    }

    /// Starts the REPL and waits for its first prompt.
    func startRepl(extraEnvironment: [String: String] = [:]) throws -> ReplPseudoTerminal {
        let terminal = try ReplPseudoTerminal(binary: BinaryLocator.stscript.path,
                                              environment: environment.merging(extraEnvironment) { $1 })
        terminal.waitFor("the prompt") { $0.cursorLine.hasSuffix("> ") }
        return terminal
    }

    /// Lines of the screen that are output, not prompts.
    func outputLines(_ screen: ReplScreen) -> [String] {
        screen.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.contains(" > ") && !$0.contains("... ") }
    }

    func testACommandShowsItsResult() throws {
        let terminal = try startRepl()
        terminal.enter("/pass hello")
        terminal.waitFor("the result line") { self.outputLines($0).contains("hello") }
    }

    func testTabCompletesReasoningCommandsAndASecondTabListsThem() throws {
        let terminal = try startRepl()
        terminal.type("/reas" + Keys.tab)
        terminal.waitFor("/reas completed to /reasoning-") { $0.cursorLine.hasSuffix("> /reasoning-") }
        terminal.type(Keys.tab)
        terminal.waitFor("the reasoning commands listed") { screen in
            self.outputLines(screen).contains { $0.contains("/reasoning-get") && $0.contains("/reasoning-set") }
        }
        XCTAssertTrue(terminal.screen.cursorLine.hasSuffix("> /reasoning-"), "the line is redrawn after the list")
    }

    func testAThreeLineClosureRunsAsOneInput() throws {
        let terminal = try startRepl()
        terminal.enter("/times 3 {:")
        XCTAssertTrue(terminal.screen.cursorLine.hasSuffix("... "), "a continuation prompt")
        terminal.enter("/pass looped |")
        XCTAssertTrue(terminal.screen.cursorLine.hasSuffix("... "), "a second continuation prompt")
        terminal.enter(":}")
        terminal.waitFor("the closure's result") { self.outputLines($0).contains("looped") }
    }

    func testCtrlCCancelsTheLineAndTheReplKeepsRunning() throws {
        let terminal = try startRepl()
        terminal.type("/pass never")
        terminal.waitFor(text: "/pass never")
        terminal.type(Keys.ctrlC)
        terminal.waitFor("a fresh prompt") { $0.cursorLine.hasSuffix("> ") }
        terminal.enter("/pass after")
        terminal.waitFor("the next result") { self.outputLines($0).contains("after") }
        XCTAssertFalse(outputLines(terminal.screen).contains("never"))
    }

    func testCtrlCCancelsAnUnfinishedClosure() throws {
        let terminal = try startRepl()
        terminal.enter("/times 2 {:")
        terminal.type("/pass inside |")
        terminal.waitFor(text: "/pass inside |")
        terminal.type(Keys.ctrlC)
        terminal.waitFor("the first prompt again") { $0.cursorLine.hasSuffix("> ") && !$0.cursorLine.hasSuffix("... ") }
        terminal.enter("/pass fresh")
        terminal.waitFor("a result of a new input") { self.outputLines($0).contains("fresh") }
    }

    func testUpArrowRecallsTheLastCommand() throws {
        let terminal = try startRepl()
        terminal.enter("/pass first")
        terminal.waitFor("the first result") { self.outputLines($0).contains("first") }
        terminal.type(Keys.up)
        terminal.waitFor("the recalled command") { $0.cursorLine.hasSuffix("> /pass first") }
        terminal.type(Keys.enter)
        terminal.waitFor("the command run again") { self.outputLines($0).filter { $0 == "first" }.count == 2 }
    }

    func testCtrlRFindsAnEarlierCommand() throws {
        let terminal = try startRepl()
        terminal.enter("/pass first")
        terminal.enter("/pass second")
        terminal.type("\u{12}fir")
        terminal.waitFor("the found command under the search") { $0.text.hasSuffix("> /pass first\nbck:fir") }
        terminal.type(Keys.enter)
        terminal.waitFor("the found command run again") { self.outputLines($0).filter { $0 == "first" }.count == 2 }
    }

    func testHistoryIsKeptForTheNextSession() throws {
        do {
            let first = try startRepl()
            first.enter("/pass remembered")
            first.waitFor("the result") { self.outputLines($0).contains("remembered") }
            first.type(Keys.ctrlD)
            XCTAssertEqual(first.waitForExit(), 0)
        }
        let second = try startRepl()
        second.type(Keys.up)
        second.waitFor("the command from the last session") { $0.cursorLine.hasSuffix("> /pass remembered") }
    }

    func testCtrlDOnAnEmptyLineExitsWithStatusZero() throws {
        let terminal = try startRepl()
        terminal.type(Keys.ctrlD)
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testCtrlCStopsARunningScriptAndReturnsToThePrompt() throws {
        let terminal = try startRepl()
        terminal.type("/while guard=off left=1 right=1 rule=eq {: /pass spinning :}" + Keys.enter)
        // Ctrl-C only once the line was taken: the cursor has left the prompt line for a blank one.
        terminal.waitFor("the script running") { $0.text.contains("rule=eq {: /pass spinning :}") && $0.cursorLine.isEmpty }
        terminal.type(Keys.ctrlC, toRunningScript: true)
        terminal.waitFor(text: "stopped (Ctrl-C)")
        terminal.waitFor("a new prompt") { $0.cursorLine.hasSuffix("> ") }
        terminal.enter("/pass alive")
        terminal.waitFor("the REPL still answering") { self.outputLines($0).contains("alive") }
    }

    func testToastsAreColouredBySeverity() throws {
        let terminal = try startRepl()
        terminal.enter("/echo severity=warning mind the step")
        XCTAssertTrue(outputLines(terminal.screen).contains("warning: mind the step"))
        XCTAssertTrue(String(decoding: terminal.output, as: UTF8.self).contains("\u{1B}[33mmind the step"))
    }

    func testNoColourWhenNoColorIsSet() throws {
        let terminal = try startRepl(extraEnvironment: ["NO_COLOR": "1"])
        terminal.enter("/echo severity=error boom")
        XCTAssertTrue(outputLines(terminal.screen).contains("error: boom"))
        let output = String(decoding: terminal.output, as: UTF8.self)
        for code in ["\u{1B}[0m", "\u{1B}[1;36m", "\u{1B}[31m", "\u{1B}[31;1m"] {
            XCTAssertFalse(output.contains(code), "colour code \(code.debugDescription) written")
        }
    }

    func testAnErrorShowsItsCaretAndTheReplKeepsRunning() throws {
        let terminal = try startRepl()
        terminal.enter("/nosuchcommand")
        terminal.waitFor(text: "syntax error: Unknown command")
        XCTAssertTrue(outputLines(terminal.screen).contains { $0.trimmingCharacters(in: .whitespaces) == "^" })
        terminal.enter("/pass still here")
        terminal.waitFor("the next result") { self.outputLines($0).contains("still here") }
    }

    /// The whole first-contact session in one go, as the issue describes it.
    func testANewUsersSessionFromFirstCommandToCtrlD() throws {
        let terminal = try startRepl()
        terminal.enter("/pass hello")
        terminal.waitFor("the first result") { self.outputLines($0).contains("hello") }
        terminal.type("/reas" + Keys.tab)
        terminal.waitFor("/reas completed") { $0.cursorLine.hasSuffix("> /reasoning-") }
        terminal.type(Keys.tab)
        terminal.waitFor("the reasoning commands listed") { self.outputLines($0).contains { $0.contains("/reasoning-parse") } }
        terminal.type(Keys.ctrlU)
        terminal.enter("/times 2 {:")
        terminal.enter("/pass twice |")
        terminal.enter(":}")
        terminal.waitFor("the closure's result") { self.outputLines($0).contains("twice") }
        terminal.type("/pass half-typed")
        terminal.waitFor(text: "/pass half-typed")
        terminal.type(Keys.ctrlC)
        terminal.waitFor("a fresh prompt") { $0.cursorLine.hasSuffix("> ") }
        terminal.type(Keys.up)
        terminal.waitFor("the closure's last line recalled") { $0.cursorLine.hasSuffix("> :}") }
        terminal.type(Keys.ctrlU + Keys.ctrlD)
        XCTAssertEqual(terminal.waitForExit(), 0)
        XCTAssertFalse(outputLines(terminal.screen).contains("half-typed"))
    }
}
