import XCTest
import JSCompat
@testable import PromptAssembly

final class RequestBodyTests: XCTestCase {
    private let question = [PromptMessage(role: .user, content: "Hi")]

    private func body(_ request: ModelRequest) throws -> JSONValue {
        try RequestBodies.body(for: request)
    }

    func testClaudeThinkingSendsTheLastAssistantTurnAsUser() throws {
        let messages = question + [PromptMessage(role: .assistant, content: "Hel")]
        let sent = try body(ModelRequest(provider: .anthropic, model: "claude-sonnet-4-5", messages: messages,
                                         effort: .low))
        XCTAssertEqual(sent["messages"]?[1]?["role"], "user")
    }

    func testClaudeWithoutThinkingKeepsTheAssistantPrefill() throws {
        let messages = question + [PromptMessage(role: .assistant, content: "Hel")]
        let sent = try body(ModelRequest(provider: .anthropic, model: "claude-sonnet-4-5", messages: messages))
        XCTAssertEqual(sent["messages"]?[1]?["role"], "assistant")
        XCTAssertNil(sent["thinking"])
    }

    func testClaudeBodyCarriesTheRaisedMaxTokens() throws {
        let sent = try body(ModelRequest(provider: .anthropic, model: "claude-opus-4-1", messages: question,
                                         maxTokens: 1000, effort: .medium))
        XCTAssertEqual(sent["max_tokens"], .number(2024))
        XCTAssertEqual(sent["thinking"]?["budget_tokens"], .number(1024))
    }

    func testClaudeLaterSystemMessagesBecomeUserTurns() throws {
        let messages = [PromptMessage(role: .system, content: "S1"), PromptMessage(role: .user, content: "Q"),
                        PromptMessage(role: .system, content: "S2")]
        let sent = try body(ModelRequest(provider: .anthropic, model: "claude-3-5-haiku", messages: messages))
        XCTAssertEqual(sent["system"]?[0]?["text"], "S1")
        XCTAssertEqual(sent["messages"]?[1]?["role"], "user")
        XCTAssertEqual(sent["messages"]?[1]?["content"], "S2")
    }

    func testClaudeForcesTheSchemaToolOnlyWithoutThinking() throws {
        let schema = StructuredOutput(name: "out", schemaJSON: #"{"type":"object"}"#)
        let plain = try body(ModelRequest(provider: .anthropic, model: "claude-sonnet-4-5", messages: question,
                                          structuredOutput: schema))
        XCTAssertEqual(plain["tool_choice"], ["type": "tool", "name": "out"])
        let thinking = try body(ModelRequest(provider: .anthropic, model: "claude-sonnet-4-5", messages: question,
                                             effort: .high, structuredOutput: schema))
        XCTAssertEqual(thinking["tool_choice"], ["type": "auto"])
    }

    func testVertexDropsThoughtsWhenThinkingIsOff() throws {
        let vertex = try body(ModelRequest(provider: .vertex, model: "gemini-2.5-flash", messages: question,
                                           effort: .minimum))
        XCTAssertEqual(vertex["generationConfig"]?["thinkingConfig"], ["includeThoughts": false, "thinkingBudget": 0])
        let studio = try body(ModelRequest(provider: .google, model: "gemini-2.5-flash", messages: question,
                                           effort: .minimum))
        XCTAssertEqual(studio["generationConfig"]?["thinkingConfig"], ["includeThoughts": true, "thinkingBudget": 0])
    }

    func testGeminiBudgetsIgnoreStreaming() throws {
        let streamed = try body(ModelRequest(provider: .google, model: "gemini-2.5-pro", messages: question,
                                             maxTokens: 65536, stream: true, effort: .maximum))
        XCTAssertEqual(streamed["generationConfig"]?["thinkingConfig"]?["thinkingBudget"], .number(32768))
    }

    func testGemini3OnAutoSendsOnlyIncludeThoughts() throws {
        let sent = try body(ModelRequest(provider: .google, model: "gemini-3-flash-preview", messages: question))
        XCTAssertEqual(sent["generationConfig"]?["thinkingConfig"], ["includeThoughts": true])
    }

    func testOpenRouterSendsOnlyTheKeyword() throws {
        let sent = try body(ModelRequest(provider: .openrouter, model: "google/gemini-2.5-pro", messages: question,
                                         maxTokens: 10000, effort: .medium))
        XCTAssertEqual(sent["reasoning"], ["exclude": false, "effort": "medium"])
    }

    func testOpenRouterExcludesReasoningWhenNotRequested() throws {
        let sent = try body(ModelRequest(provider: .openrouter, model: "openai/o3", messages: question,
                                         effort: .minimum, requestReasoning: false))
        XCTAssertEqual(sent["reasoning"], ["exclude": true, "effort": "none"])
    }

    func testOpenAIModelsWithoutReasoningUseMaxTokensAndNoEffort() throws {
        let sent = try body(ModelRequest(provider: .openai, model: "gpt-4o", messages: question, effort: .high))
        XCTAssertEqual(sent["max_tokens"], .number(4096))
        XCTAssertNil(sent["reasoning_effort"])
    }

    func testAutoEffortSendsNoEffortKey() throws {
        for provider in [Provider.openai, .xai, .perplexity, .koboldcpp, .nanogpt] {
            let sent = try body(ModelRequest(provider: provider, model: "o3", messages: question))
            XCTAssertNil(sent["reasoning_effort"], "\(provider)")
            XCTAssertNil(sent["reasoning"], "\(provider)")
        }
    }

    func testZAIAndMoonshotSwitchThinkingOff() throws {
        for provider in [Provider.zai, .moonshot] {
            let sent = try body(ModelRequest(provider: provider, model: "m", messages: question, effort: .high,
                                             requestReasoning: false))
            XCTAssertEqual(sent["thinking"], ["type": "disabled"])
            XCTAssertNil(sent["reasoning_effort"])
        }
    }

    func testSchemaThatIsNotJSONIsRefused() {
        let request = ModelRequest(provider: .openai, model: "o3", messages: question,
                                   structuredOutput: StructuredOutput(name: "x", schemaJSON: "{nope"))
        XCTAssertThrowsError(try RequestBodies.body(for: request))
    }

    func testSchemaThatIsNotAnObjectIsRefused() {
        let request = ModelRequest(provider: .openai, model: "o3", messages: question,
                                   structuredOutput: StructuredOutput(name: "x", schemaJSON: "[1]"))
        XCTAssertThrowsError(try RequestBodies.body(for: request))
    }

    func testToolKindBecomesAForcedFunctionCall() throws {
        let tool = StructuredOutput(kind: .tool, name: "record", description: "Record it",
                                    schemaJSON: #"{"type":"object"}"#)
        let sent = try body(ModelRequest(provider: .openai, model: "gpt-4.1", messages: question,
                                         structuredOutput: tool))
        XCTAssertEqual(sent["tool_choice"], ["type": "function", "function": ["name": "record"]])
        XCTAssertEqual(sent["tools"]?[0]?["function"]?["description"], "Record it")
    }

    func testProviderNamesAcceptSillyTavernSources() {
        XCTAssertEqual(Provider(userText: "claude"), .anthropic)
        XCTAssertEqual(Provider(userText: "makersuite"), .google)
        XCTAssertNil(Provider(userText: "nowhere"))
    }
}
