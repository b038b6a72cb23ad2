import ChatTransforms
import Reasoning
import XCTest

/// Each export format of Golden/chat.jsonl against its golden file (regenerate with `stscript export`).
final class ExportGoldenTests: XCTestCase {
    private func golden(_ name: String) throws -> String {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Golden"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    private func export(_ exporter: ChatExporter) throws -> String {
        let chat = ChatExporter.read(Array(try golden("chat.jsonl").utf8))
        return exporter.lines(for: chat).lines.map { $0 + "\n" }.joined()
    }

    func testOpenAIChatKeepsThinkingInReasoningContent() throws {
        XCTAssertEqual(try export(ChatExporter(format: .openAIChat)), try golden("export-openai-chat.jsonl"))
    }

    func testOpenAIChatInlineUsesTheMarkersAndSystemPrompt() throws {
        let exporter = ChatExporter(format: .openAIChat, thinking: .inline, markers: .thinkXML, system: "You are Alice.")
        XCTAssertEqual(try export(exporter), try golden("export-openai-chat-inline.jsonl"))
    }

    func testShareGPTInlinesThinking() throws {
        XCTAssertEqual(try export(ChatExporter(format: .shareGPT)), try golden("export-sharegpt.jsonl"))
    }

    func testKilnWritesOneRowPerTurnWithThinking() throws {
        XCTAssertEqual(try export(ChatExporter(format: .kiln)), try golden("export-kiln.jsonl"))
    }

    func testKilnHistoryLimitKeepsOnlyTheLastMessagesBeforeEachTurn() throws {
        let chat = ExportChat(messages: [
            ExportMessage(role: .user, name: "U", text: "q1"),
            ExportMessage(role: .assistant, name: "A", text: "a1", reasoning: "r1"),
            ExportMessage(role: .user, name: "U", text: "q2"),
            ExportMessage(role: .assistant, name: "A", text: "a2", reasoning: "r2"),
        ])
        var exporter = ChatExporter(format: .kiln, markers: .thinkXML)
        exporter.maxHistory = 1
        XCTAssertEqual(exporter.lines(for: chat).lines, [
            #"{"messages":[{"role":"user","content":"q1"},{"role":"assistant","content":"<think>r1</think>\na1"}]}"#,
            #"{"messages":[{"role":"user","content":"q2"},{"role":"assistant","content":"<think>r2</think>\na2"}]}"#,
        ])
        exporter.maxHistory = nil
        XCTAssertEqual(exporter.lines(for: chat).lines.last,
                       #"{"messages":[{"role":"user","content":"q1"},{"role":"assistant","content":"a1"},{"role":"user","content":"q2"},{"role":"assistant","content":"<think>r2</think>\na2"}]}"#)
    }

    func testReasoningTextWritesReasonedTextJSON() throws {
        XCTAssertEqual(try export(ChatExporter(format: .reasoningText)), try golden("export-reasoning-text.jsonl"))
    }

    func testReasoningTextDecodesAsTheReasoningModel() throws {
        let first = try XCTUnwrap(try export(ChatExporter(format: .reasoningText)).split(separator: "\n").first)
        let value = try JSONDecoder().decode(ReasonedText.self, from: Data(first.utf8))
        XCTAssertEqual(value.text, "It's 51.")
        XCTAssertEqual(value.thinking?.steps.first?.content, "17*3 = 17*2 + 17 = 34 + 17 = 51.")
    }

    func testHiddenMessagesAndTheHeaderAreLeftOut() throws {
        let chat = ChatExporter.read(Array(try golden("chat.jsonl").utf8))
        XCTAssertFalse(chat.messages.contains { $0.text == "(hidden note)" })
        XCTAssertEqual(chat.messages.first?.role, .user)
        XCTAssertEqual(chat.messages.filter { $0.role == .system }.map(\.text), ["The lights flicker."])
    }
}

final class GlobTests: XCTestCase {
    func testDoubleStarMatchesAnyFolderDepth() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("glob-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for path in ["a.jsonl", "x/b.jsonl", "x/y/c.jsonl", "x/y/d.txt"] {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: full, contents: Data())
        }
        XCTAssertEqual(ChatBatch.expand(glob: root + "/**/*.jsonl").map { String($0.dropFirst(root.count + 1)) },
                       ["a.jsonl", "x/b.jsonl", "x/y/c.jsonl"])
        XCTAssertEqual(ChatBatch.expand(glob: root + "/x/?.jsonl").count, 1)
        XCTAssertEqual(try ChatBatch.chatFiles(in: root), ["a.jsonl", "x/b.jsonl", "x/y/c.jsonl"])
    }

    func testOneFailingChatDoesNotStopTheOthers() {
        let outcomes = ChatBatch.run(["a", "bad", "c"], jobs: 2, work: { name in
            name == "bad" ? ChatOutcome(path: name, failure: "broken") : ChatOutcome(path: name, report: PipeReport())
        }, done: { _ in })
        XCTAssertEqual(outcomes.map(\.succeeded), [true, false, true])
    }
}
