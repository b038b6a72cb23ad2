import Foundation
import XCTest

/// `stscript think` through the built binary: output modes, stream inputs, errors.
final class ThinkCLITests: XCTestCase {
    func think(_ args: [String], stdin: String) throws -> (out: String, err: String, status: Int32) {
        let p = Process()
        p.executableURL = BinaryLocator.stscript
        p.arguments = ["think"] + args
        let input = Pipe(), output = Pipe(), error = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = error
        try p.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), p.terminationStatus)
    }

    func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func testJSONHasReasoningContentAndToolCalls() throws {
        let r = try think(["--json", "--profile", "qwen3.5", "--thinking-open"], stdin: "plan</think>\n\nanswer")
        let obj = try json(r.out)
        XCTAssertEqual(obj["reasoning"] as? String, "plan")
        XCTAssertEqual(obj["content"] as? String, "answer")
        XCTAssertEqual((obj["tool_calls"] as? [Any])?.count, 0)
        XCTAssertEqual(r.status, 0)
    }

    func testPlainModeWritesAnswerToStdoutAndReasoningToStderr() throws {
        let r = try think([], stdin: "<think>why</think>because")
        XCTAssertEqual(r.out, "because")
        XCTAssertEqual(r.err, "why\n")
    }

    func testNDJSONChunksGiveTheSameSplit() throws {
        let r = try think(["--json", "--input", "ndjson"], stdin: "\"<thi\"\n\"nk>a</th\"\n\"ink>b\"\n")
        XCTAssertEqual(try json(r.out)["reasoning"] as? String, "a")
    }

    func testSSEStreamUsesReasoningContentAndSplitsContent() throws {
        let lines = [
            #"data: {"choices":[{"delta":{"reasoning_content":"r1"}}]}"#,
            #"data: {"choices":[{"delta":{"content":"<think>r2</think>ans"}}]}"#,
            "data: [DONE]",
        ]
        let obj = try json(think(["--json", "--input", "sse"], stdin: lines.joined(separator: "\n") + "\n").out)
        XCTAssertEqual(obj["reasoning"] as? String, "r1\n\nr2")
        XCTAssertEqual(obj["content"] as? String, "ans")
        XCTAssertEqual(obj["reasoning_type"] as? String, "model")
    }

    func testJSONLinesFollowTheStream() throws {
        let r = try think(["--jsonl"], stdin: "<think>a</think>b")
        let types = r.out.split(separator: "\n").compactMap { try? json(String($0))["type"] as? String }
        XCTAssertEqual(types, ["reasoning_start", "reasoning", "reasoning_end", "content", "done"])
    }

    func testTemplateParseMatchesSillyTavern() throws {
        let obj = try json(think(["--json", "--template", "DeepSeek"], stdin: "<think>\n x \n</think>\n y ").out)
        XCTAssertEqual(obj["reasoning"] as? String, "x")
        XCTAssertEqual(obj["content"] as? String, "y")
    }

    func testUnknownProfileIsAUsageError() throws {
        let r = try think(["--profile", "nope"], stdin: "")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("unknown profile"))
    }

    func testBadNDJSONLineIsReportedWithItsLine() throws {
        let r = try think(["--input", "ndjson"], stdin: "\"ok\"\n{oops\n")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("line 2"))
    }

    func testStrictExitsWithOneAndReportsTheMissingBlock() throws {
        let r = try think(["--json", "--strict"], stdin: "no block here")
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual((try json(r.out)["diagnostics"] as? [String])?.count, 1)
    }
}
