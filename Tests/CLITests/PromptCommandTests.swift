import Foundation
import XCTest

/// `stscript prompt` run as a user runs it.
final class PromptCommandTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("prompt-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("chats/Alice"),
                                                withIntermediateDirectories: true)
        try #"{"username": "Bo", "power_user": {"reasoning": {"add_to_prompts": true}}}"#
            .write(to: root.appendingPathComponent("settings.json"), atomically: true, encoding: .utf8)
        let chat = [#"{"chat_metadata": {}}"#,
                    #"{"name": "Bo", "is_user": true, "mes": "What is 17 * 3?"}"#,
                    #"{"name": "Alice", "is_user": false, "mes": "", "extra": {"reasoning": "17 * 3 is"}}"#]
        try chat.joined(separator: "\n")
            .write(to: root.appendingPathComponent("chats/Alice/math.jsonl"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    private func prompt(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = BinaryLocator.stscript
        process.arguments = ["prompt"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self),
                String(decoding: errData, as: UTF8.self))
    }

    private func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try prompt(["--store", root.path, "--chat", "Alice/math", "--json"] + arguments)
        XCTAssertEqual(result.status, 0, result.err)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
    }

    func testJSONMessagesAreTheAssembledChat() throws {
        let messages = try json([])["messages"] as? [[String: String]]
        XCTAssertEqual(messages?.map { $0["content"] }, ["What is 17 * 3?", "<think>17 * 3 is</think>\n"])
        XCTAssertEqual(messages?.map { $0["role"] }, ["user", "assistant"])
    }

    func testContinueFromReasoningIsReportedIncomplete() throws {
        let output = try json(["--continue"])
        XCTAssertEqual((output["messages"] as? [[String: String]])?.last?["content"], "<think>17 * 3 is")
        XCTAssertEqual((output["continuation"] as? [String: Any])?["incomplete"] as? Bool, true)
    }

    func testProviderAddsTheRequestBody() throws {
        let output = try json(["--provider", "anthropic", "--model", "claude-sonnet-4-5", "--effort", "high",
                               "--max-tokens", "8000"])
        let request = (output["requests"] as? [[String: Any]])?.first
        let thinking = (request?["body"] as? [String: Any])?["thinking"] as? [String: Any]
        XCTAssertEqual(thinking?["budget_tokens"] as? Int, 4000)
        XCTAssertEqual(request?["path"] as? String, "/v1/messages")
    }

    func testChainOfThoughtWithThinkingPrintsBothCalls() throws {
        let output = try json(["--provider", "openai", "--model", "gpt-4.1", "--flow", "cot", "--thinking", "51"])
        XCTAssertEqual((output["requests"] as? [[String: Any]])?.map { $0["stage"] as? String }, ["thinking", "final"])
    }

    func testMissingChatFailsWithAMessage() throws {
        let result = try prompt(["--store", root.path, "--chat", "Alice/none", "--json"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("no chat"), result.err)
    }

    func testUnknownProviderIsABadUsage() throws {
        let result = try prompt(["--store", root.path, "--chat", "Alice/math", "--provider", "nowhere", "--model", "m"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.err.contains("unknown provider"), result.err)
    }

    func testHelpExplainsEveryOption() throws {
        let help = try prompt(["--help"]).out
        for option in ["--store", "--chat", "--json", "--continue", "--swipe", "--speaker", "--system", "--provider",
                       "--model", "--effort", "--max-tokens", "--flow", "--thinking-instructions", "--thinking",
                       "--json-schema", "--schema-name", "--schema-as-tool", "--stream", "--no-request-reasoning",
                       "--no-adaptive-thinking"] {
            XCTAssertTrue(help.contains(option), option)
        }
    }
}
