import Foundation
import XCTest
@testable import PromptAssembly

/// Prompt assembly read from a SillyTavern data folder on disk.
final class StoredChatPromptTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("prompt-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("chats/Alice"),
                                                withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    /// Writes settings.json and chats/Alice/test.jsonl; `reasoning` and `extensions` are JSON object bodies.
    private func store(reasoning: String, extensions: String = #""regex": []"#, header: String? = nil,
                       messages: [String]) throws {
        let settings = #"{"username": "Bo", "power_user": {"reasoning": {\#(reasoning)}}, "#
            + #""extension_settings": {\#(extensions)}}"#
        try settings.write(to: root.appendingPathComponent("settings.json"), atomically: true, encoding: .utf8)
        let head = header ?? #"{"chat_metadata": {}, "user_name": "unused", "character_name": "unused"}"#
        try ([head] + messages).joined(separator: "\n")
            .write(to: root.appendingPathComponent("chats/Alice/test.jsonl"), atomically: true, encoding: .utf8)
    }

    private func user(_ text: String) -> String {
        #"{"name": "Bo", "is_user": true, "is_system": false, "mes": "\#(text)", "extra": {}}"#
    }

    private func alice(_ text: String, reasoning: String) -> String {
        #"{"name": "Alice", "is_user": false, "is_system": false, "mes": "\#(text)", "extra": {"reasoning": \#(reasoning)}}"#
    }

    private func contents(_ request: AssemblyRequest = AssemblyRequest()) throws -> [String] {
        try StoredChatPrompt.assemble(store: root.path, chat: "Alice/test", request: request).messages.map(\.content)
    }

    func testTemplateMacrosUseTheSettingsUserAndTheChatsCharacter() throws {
        try store(reasoning: #""add_to_prompts": true, "prefix": "<{{char}}>", "suffix": "</{{user}}>""#,
                  messages: [user("Q"), alice("A", reasoning: #""r""#)])
        XCTAssertEqual(try contents(), ["Q", "<Alice>r</Bo>\nA"])
    }

    func testLegacyHeaderCharacterNameIsTheChar() throws {
        try store(reasoning: #""add_to_prompts": true, "prefix": "<{{char}}>""#,
                  header: #"{"chat_metadata": {}, "user_name": "Bo", "character_name": "Alicia"}"#,
                  messages: [user("Q"), alice("A", reasoning: #""r""#)])
        XCTAssertEqual(try contents().last, "<Alicia>r</think>\nA")
    }

    func testGroupSpeakerIsTheCharInTheTemplate() throws {
        try store(reasoning: #""add_to_prompts": true, "prefix": "<{{char}}>""#,
                  messages: [user("Q"), #"{"name": "Cy", "is_user": false, "mes": "C", "extra": {"reasoning": "r"}}"#])
        XCTAssertEqual(try contents(AssemblyRequest(groupSpeaker: "Cy")).last, "<Cy>r</think>\nC")
    }

    func testMaxAdditionsStoredAsTextIsANumber() throws {
        try store(reasoning: #""add_to_prompts": true, "max_additions": "2""#,
                  messages: [alice("A1", reasoning: #""r1""#), alice("A2", reasoning: #""r2""#),
                             alice("A3", reasoning: #""r3""#)])
        XCTAssertEqual(try contents(), ["A1", "<think>r2</think>\nA2", "<think>r3</think>\nA3"])
    }

    func testMaxAdditionsNullAddsNothing() throws {
        try store(reasoning: #""add_to_prompts": true, "max_additions": null"#,
                  messages: [alice("A1", reasoning: #""r1""#)])
        XCTAssertEqual(try contents(), ["A1"])
    }

    func testMissingReasoningSettingsAreTheThinkXMLDefaults() throws {
        try store(reasoning: #""add_to_prompts": true"#,
                  messages: [alice("A1", reasoning: #""r1""#), alice("A2", reasoning: #""r2""#)])
        XCTAssertEqual(try contents(), ["A1", "<think>r2</think>\nA2"])
    }

    func testFalsyTemplatePartsAreEmpty() throws {
        try store(reasoning: #""add_to_prompts": true, "prefix": null, "suffix": false, "separator": 0"#,
                  messages: [alice("A", reasoning: #""r""#)])
        XCTAssertEqual(try contents(), ["rA"])
    }

    func testNonTextReasoningIsWrittenAsJavaScriptWouldWriteIt() throws {
        try store(reasoning: #""add_to_prompts": true"#, messages: [alice("A", reasoning: "42")])
        XCTAssertEqual(try contents(), ["<think>42</think>\nA"])
    }

    func testPromptOnlyRegexScriptsRunOnReasoning() throws {
        let script = #"{"id": "1", "scriptName": "s", "findRegex": "/r/g", "replaceString": "[{{user}}]", "#
            + #""trimStrings": [], "placement": [6], "disabled": false, "markdownOnly": false, "promptOnly": true, "#
            + #""runOnEdit": false, "substituteRegex": 0, "minDepth": null, "maxDepth": null}"#
        try store(reasoning: #""add_to_prompts": true"#, extensions: #""regex": [\#(script)]"#,
                  messages: [alice("A", reasoning: #""r""#)])
        XCTAssertEqual(try contents(), ["<think>[Bo]</think>\nA"])
    }

    func testDisabledRegexExtensionRunsNoScripts() throws {
        let script = #"{"findRegex": "/A/", "replaceString": "B", "placement": [2], "promptOnly": true}"#
        try store(reasoning: #""add_to_prompts": false"#,
                  extensions: #""disabledExtensions": ["regex"], "regex": [\#(script)]"#,
                  messages: [alice("A", reasoning: #""""#)])
        XCTAssertEqual(try contents(), ["A"])
    }

    func testAMissingStoreFolderIsRefused() throws {
        let missing = root.appendingPathComponent("nowhere").path
        XCTAssertThrowsError(try StoredChatPrompt.assemble(store: missing, chat: "Alice/test"))
    }

    func testAMissingChatIsRefused() throws {
        try store(reasoning: "", messages: [])
        XCTAssertThrowsError(try StoredChatPrompt.assemble(store: root.path, chat: "Alice/none"))
    }

    func testAChatOutsideTheStoreIsRefused() throws {
        try store(reasoning: "", messages: [])
        XCTAssertThrowsError(try StoredChatPrompt.assemble(store: root.path, chat: "../../etc/passwd"))
    }
}
