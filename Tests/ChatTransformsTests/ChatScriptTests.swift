import ChatTransforms
import Foundation
import Reasoning
import XCTest

/// `--chat-script`: a script over the whole chat, staged between streaming per-message transforms.
final class ChatScriptTests: XCTestCase {
    private let header = #"{"chat_metadata":{"variables":{"runs":2}},"user_name":"unused","character_name":"unused"}"#
    private let user = #"{ "name" : "User", "is_user" : true, "mes" : "Hi" }"#
    private let alice = #"{"name":"Alice","is_user":false,"mes":"<think>plan</think>Hello","extra":{}}"#

    private func run(_ steps: [PipeStep], _ lines: [String]) throws -> (lines: [String], report: PipeReport) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chat-script-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/in.jsonl", output = folder + "/out.jsonl"
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: input))
        let report = try PipePlan(steps: steps).transform(file: input, to: output)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        return (text.components(separatedBy: "\n"), report)
    }

    func testTheScriptSeesTheWholeChatAndItsChangesAreWrittenBack() throws {
        let script = ChatScript(source: "/pass {{lastMessageId}} | /setvar key=last | /incvar runs | /reasoning-set at=0 first")
        let out = try run([.chat(script)], [header, user, "not json", alice])
        XCTAssertEqual(out.lines, [
            #"{"chat_metadata":{"variables":{"runs":3,"last":"1"}},"user_name":"unused","character_name":"unused"}"#,
            #"{"name":"User","is_user":true,"mes":"Hi","extra":{"reasoning":"first","reasoning_type":"manual"}}"#,
            "not json",
            alice,
        ])
        XCTAssertEqual(out.report.messages, 2)
        XCTAssertEqual(out.report.malformedLines, 1)
    }

    func testAScriptThatChangesNothingLeavesEveryByte() throws {
        let out = try run([.chat(ChatScript(source: "/messages 0-1"))], [header, user, alice])
        XCTAssertEqual(out.lines, [header, user, alice])
    }

    func testStepsRunInCommandLineOrder() throws {
        // The per-message parse runs first, so the chat script reads the parsed reasoning.
        let parse = ParseReasoning(template: .thinkXML)
        let script = ChatScript(source: "/reasoning-get 1 | /setvar key=seen")
        let out = try run([.message(parse), .chat(script)], [header, user, alice])
        XCTAssertEqual(out.lines[0], #"{"chat_metadata":{"variables":{"runs":2,"seen":"plan"}},"user_name":"unused","character_name":"unused"}"#)
        XCTAssertEqual(out.lines[2], #"{"name":"Alice","is_user":false,"mes":"Hello","extra":{"reasoning":"plan","reasoning_type":"parsed"}}"#)
        XCTAssertEqual(out.report.changedMessages, 1)
    }

    func testAFailingScriptKeepsWhatItDidBeforeAndIsReported() throws {
        let script = ChatScript(source: "/reasoning-set at=0 kept | /abort quiet=false stop | /reasoning-set at=1 never", name: "x.st")
        XCTAssertThrowsError(try run([.chat(script)], [header, user, alice])) { error in
            XCTAssertEqual((error as? ChatScriptFailure)?.message, "x.st: aborted: stop")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chat-script-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data([header, user, alice].joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: folder + "/c.jsonl"))
        XCTAssertThrowsError(try PipePlan(steps: [.chat(script)]).transform(file: folder + "/c.jsonl", to: folder + "/c.jsonl"))
        let kept = try String(contentsOfFile: folder + "/c.jsonl", encoding: .utf8).components(separatedBy: "\n")
        XCTAssertEqual(kept, [header, #"{"name":"User","is_user":true,"mes":"Hi","extra":{"reasoning":"kept","reasoning_type":"manual"}}"#, alice])
    }

    func testWithoutAChatScriptThePlanStreamsAsThePipeDoes() throws {
        let parse = ParseReasoning(template: .thinkXML)
        let lines = [header, user, alice]
        let viaPlan = try run([.message(parse)], lines).lines
        let viaPipe = ChatPipe(transforms: [parse]).run(bytes: Array(lines.joined(separator: "\n").utf8)).output
        XCTAssertEqual(viaPlan.joined(separator: "\n"), String(decoding: viaPipe, as: UTF8.self))
    }
}
