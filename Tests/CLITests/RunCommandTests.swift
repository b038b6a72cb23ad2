import Foundation
import XCTest

/// `stscript run`, `stscript -c` and `stscript check` as scripts and the conformance runner use them.
final class RunCommandTests: XCTestCase {
    var home: URL!

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("run-cli-\(UUID().uuidString)")
        let chats = home.appendingPathComponent("store/chats/Alice")
        try FileManager.default.createDirectory(at: chats, withIntermediateDirectories: true)
        try Data(#"{"username":"Ana","extension_settings":{"variables":{"global":{"g":"7"}}}}"#.utf8)
            .write(to: home.appendingPathComponent("store/settings.json"))
        try Data(#"{"chat_metadata":{"variables":{"mood":"calm"}},"user_name":"unused","character_name":"unused"}"#.utf8)
            .write(to: chats.appendingPathComponent("chat.jsonl"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: home)
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func stscript(_ arguments: [String], stdin: Data? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = BinaryLocator.stscript
        process.arguments = arguments
        process.environment = ["HOME": home.path, "XDG_DATA_HOME": home.path + "/data", "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                       stderr: String(decoding: stderrData, as: UTF8.self))
    }

    func script(_ text: String) throws -> String {
        let url = home.appendingPathComponent("script-\(UUID().uuidString).st")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func json(_ outcome: Outcome) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))
        return try XCTUnwrap(object as? [String: Any])
    }

    var store: String { home.path + "/store" }
    var chat: String { home.path + "/store/chats/Alice/chat.jsonl" }

    func testJSONResultHasPipeToastsErrorAborted() throws {
        let path = try script("/echo {{user}} and {{char}} | /pass {{getvar::mood}}-{{getglobalvar::g}}")
        let outcome = try stscript(["run", "--store", store, "--chat", chat, "--json", path])
        XCTAssertEqual(outcome.status, 0)
        let result = try json(outcome)
        XCTAssertEqual(result["pipe"] as? String, "calm-7")
        let toasts = try XCTUnwrap(result["toasts"] as? [[String: Any]])
        XCTAssertEqual(toasts.first?["text"] as? String, "Ana and Alice")
        XCTAssertEqual(toasts.first?["severity"] as? String, "info")
        XCTAssertTrue(result["error"] is NSNull)
        XCTAssertTrue(result["aborted"] is NSNull)
    }

    func testVariablesAreWrittenBackToTheStore() throws {
        let path = try script("/setvar key=mood happy | /setglobalvar key=g 8")
        XCTAssertEqual(try stscript(["run", "--store", store, "--chat", chat, "--json", path]).status, 0)
        let header = try String(contentsOfFile: chat, encoding: .utf8).components(separatedBy: "\n")[0]
        XCTAssertTrue(header.contains(#""mood":"happy""#), header)
        let settings = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: store + "/settings.json")))
        let globals = ((settings as? [String: Any])?["extension_settings"] as? [String: Any])?["variables"] as? [String: Any]
        XCTAssertEqual((globals?["global"] as? [String: Any])?["g"] as? String, "8")
    }

    func testParseErrorExitsTwoWithPhaseParse() throws {
        let outcome = try stscript(["run", "--store", store, "--chat", chat, "--json", try script("/nope")])
        XCTAssertEqual(outcome.status, 2)
        let error = try XCTUnwrap(try json(outcome)["error"] as? [String: Any])
        XCTAssertEqual(error["phase"] as? String, "parse")
        XCTAssertEqual(error["message"] as? String, #"Unknown command at position 1: "/nope""#)
        XCTAssertEqual(error["line"] as? Int, 1)
    }

    func testExecutionErrorExitsOneAndKeepsEarlierEffects() throws {
        let outcome = try stscript(["run", "--store", store, "--chat", chat, "--json",
                                    try script("/setvar key=mood tense | /var missing")])
        XCTAssertEqual(outcome.status, 1)
        let error = try XCTUnwrap(try json(outcome)["error"] as? [String: Any])
        XCTAssertEqual(error["phase"] as? String, "exec")
        XCTAssertTrue(try String(contentsOfFile: chat, encoding: .utf8).contains(#""mood":"tense""#))
    }

    func testQuietAbortExitsZeroLoudAbortExitsOne() throws {
        let quiet = try stscript(["run", "--store", store, "--chat", chat, "--json", try script("/abort why")])
        XCTAssertEqual(quiet.status, 0)
        XCTAssertEqual((try json(quiet)["aborted"] as? [String: Any])?["reason"] as? String, "why")
        let loud = try stscript(["run", "--store", store, "--chat", chat, "--json", try script("/abort quiet=false why")])
        XCTAssertEqual(loud.status, 1)
    }

    func testPlainOutputPrintsEchoesAndErrorsWithCaret() throws {
        let ok = try stscript(["run", "--store", store, "--chat", chat, try script("/echo one | /echo two")])
        XCTAssertEqual(ok.stdout, "one\ntwo\n")
        let bad = try stscript(["run", "--store", store, "--chat", chat, try script("/echo fine |\n/var missing")])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains(":2:1: error: No such variable: \"missing\""), bad.stderr)
        XCTAssertTrue(bad.stderr.contains("/var missing\n^"), bad.stderr)
    }

    func testCommandOptionPrintsTheResult() throws {
        let outcome = try stscript(["-c", "/pass {{user}}", "--store", store, "--chat", chat])
        XCTAssertEqual(outcome.status, 0)
        XCTAssertEqual(outcome.stdout, "Ana\n")
    }

    func testScriptFromStandardInput() throws {
        let outcome = try stscript(["run", "--store", store, "--chat", chat, "-"], stdin: Data("/echo piped".utf8))
        XCTAssertEqual(outcome.stdout, "piped\n")
    }

    func testInvalidUTF8IsRefused() throws {
        let url = home.appendingPathComponent("bad.st")
        try Data([0x2F, 0x65, 0x63, 0x68, 0x6F, 0x20, 0xFF, 0xFE]).write(to: url)
        let outcome = try stscript(["run", "--store", store, "--chat", chat, url.path])
        XCTAssertEqual(outcome.status, 2)
        XCTAssertTrue(outcome.stderr.contains("not valid UTF-8"), outcome.stderr)
    }

    func testTenThousandNestedClosuresRun() throws {
        let n = 10_000
        let text = "/pass " + String(repeating: "{: /pass ", count: n) + "deep" + String(repeating: " :}()", count: n)
        let outcome = try stscript(["run", "--store", store, "--chat", chat, "--json", try script(text)])
        XCTAssertEqual(outcome.status, 0)
        XCTAssertEqual(try json(outcome)["pipe"] as? String, "deep")
    }

    func testRunawayRecursionFailsCleanly() throws {
        let outcome = try stscript(["run", "--store", store, "--chat", chat, "--json",
                                    try script("/let f {: /:f :} | /:f")])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertEqual((try json(outcome)["error"] as? [String: Any])?["message"] as? String,
                       "Maximum call stack size exceeded")
    }

    func testCheckReportsEveryFileAndExitsTwo() throws {
        let good = try script("/echo fine")
        let bad = try script("/echo a | // unclosed")
        let outcome = try stscript(["check", good, bad])
        XCTAssertEqual(outcome.status, 2)
        XCTAssertTrue(outcome.stderr.contains("syntax error: Unclosed comment at position"), outcome.stderr)
        XCTAssertEqual(try stscript(["check", good]).status, 0)
        let machine = try stscript(["check", "--json", good, bad])
        let entries = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(machine.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(entries.map { $0["ok"] as? Bool }, [true, false])
    }
}
