import XCTest
@testable import PromptAssembly

/// Every cell of SillyTavern's two "Reasoning Effort" tables and every note under them.
/// Where SillyTavern's docs and its code disagree, the expectation follows the code (what reaches the provider)
/// and the comment says so.
final class EffortTableTests: XCTestCase {

    private func assertRow<T: Equatable>(_ expected: [ReasoningEffort: T], file: StaticString = #filePath,
                                         line: UInt = #line, _ actual: (ReasoningEffort) -> T) {
        XCTAssertEqual(Set(expected.keys), Set(ReasoningEffort.allCases), "table row incomplete", file: file, line: line)
        for effort in ReasoningEffort.allCases {
            XCTAssertEqual(actual(effort), expected[effort], "effort \(effort)", file: file, line: line)
        }
    }

    // MARK: Table 1 — Claude column (max response 20000, streaming)

    func testClaudeColumnWithStreaming() {
        // Low is 10 % in SillyTavern's code; the docs table says 15 %.
        assertRow([.auto: .off,
                   .minimum: .budget(tokens: 1024, maxTokens: 20000),
                   .low: .budget(tokens: 2000, maxTokens: 20000),
                   .medium: .budget(tokens: 5000, maxTokens: 20000),
                   .high: .budget(tokens: 10000, maxTokens: 20000),
                   .maximum: .budget(tokens: 19000, maxTokens: 20000)]) {
            EffortTables.claude(effort: $0, model: "claude-sonnet-4-20250514", maxTokens: 20000, stream: true)
        }
    }

    func testClaudeBudgetsNeverFallBelow1024() {
        assertRow([.auto: .off,
                   .minimum: .budget(tokens: 1024, maxTokens: 4000),
                   .low: .budget(tokens: 1024, maxTokens: 4000),
                   .medium: .budget(tokens: 1024, maxTokens: 4000),
                   .high: .budget(tokens: 2000, maxTokens: 4000),
                   .maximum: .budget(tokens: 3800, maxTokens: 4000)]) {
            EffortTables.claude(effort: $0, model: "claude-opus-4-1", maxTokens: 4000, stream: true)
        }
    }

    func testClaudeBudgetIsCappedAt21333WithoutStreaming() {
        XCTAssertEqual(EffortTables.claude(effort: .maximum, model: "claude-opus-4-1", maxTokens: 64000, stream: false),
                       .budget(tokens: 21333, maxTokens: 64000))
        XCTAssertEqual(EffortTables.claude(effort: .high, model: "claude-opus-4-1", maxTokens: 64000, stream: false),
                       .budget(tokens: 21333, maxTokens: 64000))
    }

    func testClaudeBudgetIsNotCappedWithStreaming() {
        XCTAssertEqual(EffortTables.claude(effort: .maximum, model: "claude-opus-4-1", maxTokens: 64000, stream: true),
                       .budget(tokens: 60800, maxTokens: 64000))
    }

    func testClaudeSmallMaxResponseIsRaisedTo2048() {
        XCTAssertEqual(EffortTables.claude(effort: .low, model: "claude-3-7-sonnet-latest", maxTokens: 1024, stream: true),
                       .budget(tokens: 1024, maxTokens: 2048))
    }

    func testClaudeMaxResponseBelow1024GetsRoomForTheBudget() {
        // SillyTavern adds 1024 to any max response of 1024 or less (docs: "changed to 2048").
        XCTAssertEqual(EffortTables.claude(effort: .medium, model: "claude-sonnet-4-5", maxTokens: 500, stream: true),
                       .budget(tokens: 1024, maxTokens: 1524))
    }

    func testClaudeModelsThatThink() {
        for model in ["claude-opus-4-20250514", "claude-sonnet-4-20250514", "claude-3-7-sonnet-20250219",
                      "claude-haiku-4-5", "claude-sonnet-4-5"] {
            XCTAssertNotEqual(EffortTables.claude(effort: .high, model: model, maxTokens: 8000, stream: true), .off, model)
        }
    }

    func testClaudeModelsWithoutThinkingGetNone() {
        for model in ["claude-3-5-sonnet-latest", "claude-3-haiku-20240307", "claude-3-opus-20240229"] {
            XCTAssertEqual(EffortTables.claude(effort: .high, model: model, maxTokens: 8000, stream: true), .off, model)
        }
    }

    func testClaudeOpus46UsesAdaptiveThinkingLevels() {
        assertRow([.auto: .off, .minimum: .adaptive(effort: "low"), .low: .adaptive(effort: "low"),
                   .medium: .adaptive(effort: "medium"), .high: .adaptive(effort: "high"),
                   .maximum: .adaptive(effort: "max")]) {
            EffortTables.claude(effort: $0, model: "claude-opus-4-6", maxTokens: 8000, stream: false)
        }
    }

    func testClaudeOpus46UsesBudgetsWhenAdaptiveThinkingIsOff() {
        XCTAssertEqual(EffortTables.claude(effort: .high, model: "claude-opus-4-6", maxTokens: 8000, stream: true,
                                           adaptiveThinking: false),
                       .budget(tokens: 4000, maxTokens: 8000))
    }

    func testClaudeOpus47IsAlwaysAdaptive() {
        XCTAssertEqual(EffortTables.claude(effort: .high, model: "claude-opus-4-7", maxTokens: 8000, stream: true,
                                           adaptiveThinking: false),
                       .adaptive(effort: "high"))
    }

    // MARK: Table 1 — OpenAI column

    func testOpenAIColumnForOSeriesModels() {
        for model in ["o4-mini", "o3", "o3-mini-2025-01-31", "o1"] {
            assertRow([.auto: nil, .minimum: "low", .low: "low", .medium: "medium", .high: "high", .maximum: "high"]) {
                EffortTables.openAI(effort: $0, model: model)
            }
        }
    }

    func testOpenAIGPT5MinimumIsMinimal() {
        XCTAssertEqual(EffortTables.openAI(effort: .minimum, model: "gpt-5-mini"), "minimal")
        XCTAssertEqual(EffortTables.openAI(effort: .minimum, model: "gpt-5.1"), "minimal")
    }

    func testOpenAIGPT54And55MinimumIsNone() {
        XCTAssertEqual(EffortTables.openAI(effort: .minimum, model: "gpt-5.4"), "none")
        XCTAssertEqual(EffortTables.openAI(effort: .minimum, model: "gpt-5.4-mini-2026-03-17"), "none")
        XCTAssertEqual(EffortTables.openAI(effort: .minimum, model: "gpt-5.5"), "none")
    }

    func testOpenAIModelsWithoutReasoningGetNoEffort() {
        for model in ["gpt-4o", "gpt-4.1", "gpt-5-chat-latest", "gpt-3.5-turbo"] {
            XCTAssertNil(EffortTables.openAI(effort: .high, model: model), model)
        }
    }

    func testOpenAIFixedEffortModelIgnoresTheSetting() {
        XCTAssertEqual(EffortTables.openAI(effort: .maximum, model: "gpt-5.3-chat-latest"), "medium")
        XCTAssertNil(EffortTables.openAI(effort: .auto, model: "gpt-5.3-chat-latest"))
    }

    // MARK: Table 1 — OpenRouter column

    func testOpenRouterColumnKeywords() {
        assertRow([.auto: nil, .minimum: "low", .low: "low", .medium: "medium", .high: "high", .maximum: "high"]) {
            EffortTables.openRouter(effort: $0, requestReasoning: true)
        }
    }

    func testOpenRouterColumnPercentOfMaxResponse() {
        assertRow([.auto: nil, .minimum: 2000, .low: 2000, .medium: 5000, .high: 8000, .maximum: 8000]) {
            EffortTables.openRouterBudget(effort: $0, maxTokens: 10000)
        }
    }

    func testOpenRouterMinimumWithoutRequestedReasoningDisablesThinking() {
        XCTAssertEqual(EffortTables.openRouter(effort: .minimum, requestReasoning: false), "none")
        XCTAssertEqual(EffortTables.openRouter(effort: .low, requestReasoning: false), "low")
    }

    // MARK: Table 1 — xAI, Perplexity, NanoGPT columns

    func testXAIColumnForGrok3Mini() {
        assertRow([.auto: nil, .minimum: "low", .low: "low", .medium: "low", .high: "high", .maximum: "high"]) {
            EffortTables.xAI(effort: $0, model: "grok-3-mini")
        }
    }

    func testXAIOtherModelsGetNoEffort() {
        XCTAssertNil(EffortTables.xAI(effort: .high, model: "grok-4-0709"))
    }

    func testPerplexityColumn() {
        assertRow([.auto: nil, .minimum: "low", .low: "low", .medium: "medium", .high: "high", .maximum: "high"]) {
            EffortTables.perplexity(effort: $0)
        }
    }

    func testNanoGPTColumn() {
        assertRow([.auto: nil, .minimum: "none", .low: "minimal", .medium: "low", .high: "medium", .maximum: "high"]) {
            EffortTables.nanoGPT(effort: $0)
        }
    }

    // MARK: Table 2 — Google AI Studio / Vertex AI (max response 10000)

    func testGemini25ProRow() {
        assertRow([.auto: .budget(-1), .minimum: .budget(128), .low: .budget(1000), .medium: .budget(2500),
                   .high: .budget(5000), .maximum: .budget(10000)]) {
            EffortTables.google(effort: $0, model: "gemini-2.5-pro", maxTokens: 10000)
        }
    }

    func testGemini25ProBudgetsStayBetween128And32768() {
        XCTAssertEqual(EffortTables.google(effort: .low, model: "gemini-2.5-pro", maxTokens: 500), .budget(128))
        XCTAssertEqual(EffortTables.google(effort: .maximum, model: "gemini-2.5-pro", maxTokens: 65536), .budget(32768))
    }

    func testGemini25FlashRow() {
        assertRow([.auto: .budget(-1), .minimum: .budget(0), .low: .budget(1000), .medium: .budget(2500),
                   .high: .budget(5000), .maximum: .budget(10000)]) {
            EffortTables.google(effort: $0, model: "gemini-2.5-flash", maxTokens: 10000)
        }
    }

    func testGemini25FlashBudgetIsCappedAt24576() {
        XCTAssertEqual(EffortTables.google(effort: .maximum, model: "gemini-2.5-flash", maxTokens: 65536), .budget(24576))
    }

    func testGemini25FlashLowHasNoFloor() {
        XCTAssertEqual(EffortTables.google(effort: .low, model: "gemini-2.5-flash", maxTokens: 2000), .budget(200))
    }

    func testGemini25FlashLiteRow() {
        assertRow([.auto: .budget(-1), .minimum: .budget(0), .low: .budget(1000), .medium: .budget(2500),
                   .high: .budget(5000), .maximum: .budget(10000)]) {
            EffortTables.google(effort: $0, model: "gemini-2.5-flash-lite", maxTokens: 10000)
        }
    }

    func testGemini25FlashLiteBudgetsStayBetween512And24576() {
        XCTAssertEqual(EffortTables.google(effort: .low, model: "gemini-2.5-flash-lite", maxTokens: 2000), .budget(512))
        XCTAssertEqual(EffortTables.google(effort: .maximum, model: "gemini-2.5-flash-lite", maxTokens: 65536),
                       .budget(24576))
    }

    func testGemini3ProRow() {
        assertRow([.auto: .modelDefault, .minimum: .level("low"), .low: .level("low"), .medium: .level("low"),
                   .high: .level("high"), .maximum: .level("high")]) {
            EffortTables.google(effort: $0, model: "gemini-3-pro-preview", maxTokens: 10000)
        }
    }

    func testGemini3FlashRow() {
        assertRow([.auto: .modelDefault, .minimum: .level("minimal"), .low: .level("low"), .medium: .level("medium"),
                   .high: .level("high"), .maximum: .level("high")]) {
            EffortTables.google(effort: $0, model: "gemini-3-flash-preview", maxTokens: 10000)
        }
    }

    func testGeminiPointReleasesFollowTheirFamily() {
        XCTAssertEqual(EffortTables.google(effort: .minimum, model: "gemini-3.1-pro-preview", maxTokens: 10000),
                       .level("low"))
        XCTAssertEqual(EffortTables.google(effort: .minimum, model: "gemini-3.1-flash-lite-preview", maxTokens: 10000),
                       .level("minimal"))
    }

    func testGeminiModelsWithoutThinkingConfig() {
        for model in ["gemini-2.0-flash", "gemma-3-27b-it", "gemini-2.5-flash-image-preview"] {
            XCTAssertEqual(EffortTables.google(effort: .high, model: model, maxTokens: 10000), .unsupported, model)
        }
    }

    // MARK: Providers outside the tables

    func testDeepSeekSendsHighOrMax() {
        assertRow([.auto: nil, .minimum: "high", .low: "high", .medium: "high", .high: "high", .maximum: "max"]) {
            EffortTables.deepSeek(effort: $0, requestReasoning: true)
        }
    }

    func testDeepSeekSendsNoEffortWhenReasoningIsNotRequested() {
        XCTAssertNil(EffortTables.deepSeek(effort: .maximum, requestReasoning: false))
    }

    func testKoboldCppTakesTheWholeScaleWithXHigh() {
        assertRow([.auto: nil, .minimum: "minimal", .low: "low", .medium: "medium", .high: "high", .maximum: "xhigh"]) {
            EffortTables.koboldCpp(effort: $0)
        }
    }

    func testOllamaThinkIsABooleanForMostModels() {
        assertRow([.auto: .omitted, .minimum: .enabled(true), .low: .enabled(true), .medium: .enabled(true),
                   .high: .enabled(true), .maximum: .enabled(true)]) {
            EffortTables.ollama(effort: $0, model: "qwen3:8b", requestReasoning: true)
        }
        XCTAssertEqual(EffortTables.ollama(effort: .high, model: "qwen3:8b", requestReasoning: false), .enabled(false))
    }

    func testOllamaThinkIsALevelForGptOss() {
        assertRow([.auto: .omitted, .minimum: .level("low"), .low: .level("low"), .medium: .level("medium"),
                   .high: .level("high"), .maximum: .level("high")]) {
            EffortTables.ollama(effort: $0, model: "gpt-oss:20b", requestReasoning: true)
        }
    }

    func testZAIAndMoonshotOnlySwitchThinking() {
        XCTAssertEqual(EffortTables.thinkingType(requestReasoning: true), "enabled")
        XCTAssertEqual(EffortTables.thinkingType(requestReasoning: false), "disabled")
    }

    func testEffortNamesAcceptSillyTavernSpellings() {
        XCTAssertEqual(ReasoningEffort(userText: "min"), .minimum)
        XCTAssertEqual(ReasoningEffort(userText: "max"), .maximum)
        XCTAssertEqual(ReasoningEffort(userText: "Medium"), .medium)
        XCTAssertNil(ReasoningEffort(userText: "extreme"))
    }
}
