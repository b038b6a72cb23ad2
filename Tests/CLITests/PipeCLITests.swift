import Foundation
import XCTest

/// `stscript pipe` and `stscript export` through the built binary: streams, exit status, batches, GNU parallel.
final class PipeCLITests: XCTestCase {
    private struct Outcome { var status: Int32; var stdout: Data; var stderr: String }

    private func stscript(_ arguments: [String], stdin: Data = Data(), executable: URL = BinaryLocator.stscript) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Write and read on separate threads so large inputs cannot deadlock on full pipes.
        let writer = Thread { input.fileHandleForWriting.write(stdin); try? input.fileHandleForWriting.close() }
        writer.start()
        nonisolated(unsafe) var err = Data()
        let errReader = Thread { err = errors.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errReader.isExecuting { usleep(1000) }
        return Outcome(status: process.terminationStatus, stdout: out, stderr: String(decoding: err, as: UTF8.self))
    }

    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pipe-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    private let chat = """
        {"chat_metadata":{"integrity":"x"},"user_name":"unused","character_name":"unused"}
        {"name":"User","is_user":true,"mes":"Hi","extra":{}}
        {"name":"A","is_user":false,"mes":"<think>plan</think>\\n\\nHello","extra":{"api":"openai"}}
        not json
        {"name":"A","is_user":false,"mes":"Plain","extra":{}}
        """

    func testPipeMovesReasoningAndCountsMalformedLinesOnStderr() throws {
        let result = try stscript(["pipe", "--parse-reasoning", "think"], stdin: Data(chat.utf8))
        XCTAssertEqual(result.status, 0)
        let lines = String(decoding: result.stdout, as: UTF8.self).components(separatedBy: "\n")
        let input = chat.components(separatedBy: "\n")
        XCTAssertEqual(lines.count, input.count)
        XCTAssertEqual(lines[2], #"{"name":"A","is_user":false,"mes":"Hello","extra":{"api":"openai","reasoning":"plan","reasoning_type":"parsed"}}"#)
        XCTAssertEqual([lines[0], lines[1], lines[3], lines[4]], [input[0], input[1], input[3], input[4]])
        XCTAssertTrue(result.stderr.contains("1 malformed line(s) passed through unchanged (line 4)"), result.stderr)
    }

    func testUnknownTemplateIsAUsageError() throws {
        let result = try stscript(["pipe", "--parse-reasoning", "no-such"], stdin: Data(chat.utf8))
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("unknown reasoning template or profile"), result.stderr)
    }

    func testBatchReportsEachChatAndFailsWhenOneChatFails() throws {
        let root = try temporaryFolder()
        let input = root.appendingPathComponent("in"), output = root.appendingPathComponent("out")
        for name in ["alice/one.jsonl", "bob/two.jsonl"] {
            let url = input.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(chat.utf8).write(to: url)
        }
        // A file where bob's output folder should be makes that one chat fail.
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data().write(to: output.appendingPathComponent("bob"))
        let result = try stscript(["pipe", "--in", input.path, "--out", output.path, "--jobs", "2", "--parse-reasoning", "think"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(String(decoding: result.stdout, as: UTF8.self).contains("ok      alice/one.jsonl: 3 messages, 1 changed"))
        XCTAssertTrue(result.stderr.contains("failed  bob/two.jsonl"), result.stderr)
        let written = try String(contentsOf: output.appendingPathComponent("alice/one.jsonl"), encoding: .utf8)
        XCTAssertTrue(written.contains(#""reasoning":"plan""#))
    }

    /// The docs/pipe.md example: GNU parallel cuts one chat into pieces at line breaks, runs one stscript per
    /// piece and keeps the order; the result is byte for byte what one process makes.
    func testGNUParallelGivesTheSameBytesAsOneProcess() throws {
        let parallel = URL(fileURLWithPath: "/usr/bin/parallel")
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: parallel.path), "GNU parallel is not installed")
        var lines = [#"{"chat_metadata":{}}"#]
        for i in 0..<30_000 {
            lines.append(i % 4 == 1 ? #"{"mes":"<think>step \#(i)</think> answer \#(i)","extra":{}}"# : #"{"mes":"line \#(i)","extra":{}}"#)
        }
        let input = Data(lines.joined(separator: "\n").utf8)
        let single = try stscript(["pipe", "--parse-reasoning", "think"], stdin: input)
        let split = try stscript(["--pipe", "--block", "200k", "-k", "-j", "4", BinaryLocator.stscript.path,
                                  "pipe", "--parse-reasoning", "think"], stdin: input, executable: parallel)
        XCTAssertEqual(split.status, 0, split.stderr)
        XCTAssertEqual(single.status, 0)
        // parallel ends every piece with the line break it was cut at; the last piece had none.
        XCTAssertEqual(split.stdout, single.stdout)
    }

    func testExportWritesOneExamplePerChat() throws {
        let result = try stscript(["export", "--format", "openai-chat"], stdin: Data(chat.utf8))
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(String(decoding: result.stdout, as: UTF8.self),
                       #"{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"<think>plan</think>\n\nHello"},{"role":"assistant","content":"Plain"}]}"# + "\n")
    }

    func testExportRejectsAnUnknownFormat() throws {
        let result = try stscript(["export", "--format", "csv"], stdin: Data(chat.utf8))
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("unknown format"), result.stderr)
    }

    func testRunOverAChatGlobRunsTheScriptOncePerChat() throws {
        let root = try temporaryFolder()
        try Data("{}".utf8).write(to: root.appendingPathComponent("settings.json"))
        for name in ["a/one.jsonl", "b/two.jsonl"] {
            let url = root.appendingPathComponent("chats/" + name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(chat.utf8).write(to: url)
        }
        let script = root.appendingPathComponent("hello.st")
        try Data("/echo hello".utf8).write(to: script)
        let result = try stscript(["run", script.path, "--store", root.path, "--chat", root.path + "/chats/**/*.jsonl", "--jobs", "2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = String(decoding: result.stdout, as: UTF8.self)
        XCTAssertTrue(out.contains("==> \(root.path)/chats/a/one.jsonl <==\nhello\n"), out)
        XCTAssertTrue(out.contains("==> \(root.path)/chats/b/two.jsonl <==\nhello\n"), out)
        XCTAssertTrue(result.stderr.contains("2 chats, 0 failed"), result.stderr)
    }

    func testRunOverAChatGlobFailsWhenAChatFails() throws {
        let root = try temporaryFolder()
        try Data("{}".utf8).write(to: root.appendingPathComponent("settings.json"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("chats/a"), withIntermediateDirectories: true)
        try Data(chat.utf8).write(to: root.appendingPathComponent("chats/a/one.jsonl"))
        let script = root.appendingPathComponent("fail.st")
        try Data("/abort quiet=false no".utf8).write(to: script)
        let result = try stscript(["run", script.path, "--store", root.path, "--chat", root.path + "/chats/*/*.jsonl"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("1 chats, 1 failed"), result.stderr)
    }
}
