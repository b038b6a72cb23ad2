import XCTest
@testable import PromptAssembly

struct NamesOnly: PromptMacroExpander {
    var user = "User"
    var char = "Alice"
    func expand(_ text: String) -> String {
        text.replacingOccurrences(of: "{{user}}", with: user).replacingOccurrences(of: "{{char}}", with: char)
    }
}

/// A regex runner made of closures, recording the depths it was asked for.
final class ScriptedRegex: PromptRegexRunner {
    var rules: [(PromptRegexPlacement, ClosedRange<Int>?, (String) -> String)] = []
    private(set) var calls: [(PromptRegexPlacement, Int)] = []

    func apply(_ text: String, placement: PromptRegexPlacement, depth: Int) throws -> String {
        calls.append((placement, depth))
        guard !text.isEmpty else { return text }
        return rules.reduce(text) { text, rule in
            guard rule.0 == placement, rule.1.map({ $0.contains(depth) }) ?? true else { return text }
            return rule.2(text)
        }
    }
}

final class ChatAssemblyTests: XCTestCase {
    private let threeRounds: [ChatTurn] = [
        ChatTurn(name: "User", isUser: true, text: "Q1"),
        ChatTurn(name: "Alice", isUser: false, text: "A1", reasoning: "r1"),
        ChatTurn(name: "User", isUser: true, text: "Q2"),
        ChatTurn(name: "Alice", isUser: false, text: "A2", reasoning: "r2"),
        ChatTurn(name: "User", isUser: true, text: "Q3"),
        ChatTurn(name: "Alice", isUser: false, text: "A3", reasoning: "r3"),
    ]

    private func contents(_ chat: [ChatTurn], _ settings: ReasoningPromptSettings,
                          _ request: AssemblyRequest = AssemblyRequest(),
                          regex: any PromptRegexRunner = NoRegexScripts()) throws -> [String] {
        try ChatAssembler(settings: settings, regex: regex, macros: NamesOnly()).assemble(chat, for: request)
            .messages.map(\.content)
    }

    func testReasoningStaysOutWhenAddToPromptsIsOff() throws {
        XCTAssertEqual(try contents(threeRounds, ReasoningPromptSettings()), ["Q1", "A1", "Q2", "A2", "Q3", "A3"])
    }

    func testAddToPromptsPutsReasoningBeforeTheNewestMessage() throws {
        XCTAssertEqual(try contents(threeRounds, ReasoningPromptSettings(addToPrompts: true)),
                       ["Q1", "A1", "Q2", "A2", "Q3", "<think>r3</think>\nA3"])
    }

    func testMaxAdditionsCountsFromTheEnd() throws {
        XCTAssertEqual(try contents(threeRounds, ReasoningPromptSettings(addToPrompts: true, maxAdditions: 2)),
                       ["Q1", "A1", "Q2", "<think>r2</think>\nA2", "Q3", "<think>r3</think>\nA3"])
    }

    func testMaxAdditionsZeroAddsNothing() throws {
        XCTAssertEqual(try contents(threeRounds, ReasoningPromptSettings(addToPrompts: true, maxAdditions: 0)),
                       ["Q1", "A1", "Q2", "A2", "Q3", "A3"])
    }

    func testMessagesWithoutReasoningDoNotUseTheBudget() throws {
        var chat = threeRounds
        chat.append(ChatTurn(name: "User", isUser: true, text: "Q4"))
        XCTAssertEqual(try contents(chat, ReasoningPromptSettings(addToPrompts: true, maxAdditions: 1)),
                       ["Q1", "A1", "Q2", "A2", "Q3", "<think>r3</think>\nA3", "Q4"])
    }

    func testZeroWidthSpaceReasoningIsNotAddedNorCounted() throws {
        var chat = threeRounds
        chat[5].reasoning = "\u{200B}"
        XCTAssertEqual(try contents(chat, ReasoningPromptSettings(addToPrompts: true, maxAdditions: 1)),
                       ["Q1", "A1", "Q2", "<think>r2</think>\nA2", "Q3", "A3"])
    }

    func testRegexRunsBeforeTheZeroWidthSpaceCheck() throws {
        var chat = threeRounds
        chat[5].reasoning = "\u{200B}"
        let regex = ScriptedRegex()
        regex.rules = [(.reasoning, nil, { $0 + "x" })]
        XCTAssertEqual(try contents(chat, ReasoningPromptSettings(addToPrompts: true, maxAdditions: 1), regex: regex).last,
                       "<think>\u{200B}x</think>\nA3")
    }

    func testTemplatePartsExpandMacros() throws {
        let settings = ReasoningPromptSettings(addToPrompts: true, prefix: "<{{char}}-think>", suffix: "</{{user}}>")
        XCTAssertEqual(try contents(threeRounds, settings).last, "<Alice-think>r3</User>\nA3")
    }

    func testMacrosInStoredReasoningStayLiteral() throws {
        var chat = threeRounds
        chat[5].reasoning = "{{char}} thinks"
        XCTAssertEqual(try contents(chat, ReasoningPromptSettings(addToPrompts: true)).last,
                       "<think>{{char}} thinks</think>\nA3")
    }

    func testHiddenMessagesAreLeftOutAndUserReasoningCounts() throws {
        let chat = [ChatTurn(name: "User", isUser: true, text: "Q1"),
                    ChatTurn(name: "Alice", isUser: false, isHidden: true, text: "A1", reasoning: "r1"),
                    ChatTurn(name: "User", isUser: true, text: "Q2", reasoning: "user-r")]
        XCTAssertEqual(try contents(chat, ReasoningPromptSettings(addToPrompts: true, maxAdditions: 5)),
                       ["Q1", "<think>user-r</think>\nQ2"])
    }

    func testHiddenToolCallMessagesStay() throws {
        let chat = [ChatTurn(name: "User", isUser: true, text: "Q1"),
                    ChatTurn(name: "Alice", isUser: false, isHidden: true, carriesToolInvocations: true, text: "call")]
        XCTAssertEqual(try contents(chat, ReasoningPromptSettings()), ["Q1", "call"])
    }

    func testSwipeLeavesOutTheLastMessage() throws {
        XCTAssertEqual(try contents(threeRounds, ReasoningPromptSettings(addToPrompts: true), AssemblyRequest(isSwipe: true)),
                       ["Q1", "A1", "Q2", "<think>r2</think>\nA2", "Q3"])
    }

    func testContinueAddsTheLastReasoningEvenWhenAddToPromptsIsOff() throws {
        let result = try ChatAssembler(settings: ReasoningPromptSettings(), macros: NamesOnly())
            .assemble(threeRounds, for: AssemblyRequest(isContinue: true))
        XCTAssertEqual(result.messages.last?.content, "<think>r3</think>\nA3")
        XCTAssertEqual(result.continuation, ContinuationPrefix(reasoning: "r3", formatted: "<think>r3</think>\n",
                                                               length: 18, isIncomplete: false))
    }

    func testContinuingAnOnlyReasoningMessageEndsInsideTheReasoning() throws {
        var chat = threeRounds
        chat[5] = ChatTurn(name: "Alice", isUser: false, text: "", reasoning: "half-finished thought")
        let result = try ChatAssembler(settings: ReasoningPromptSettings(addToPrompts: true, maxAdditions: 2),
                                   macros: NamesOnly()).assemble(chat, for: AssemblyRequest(isContinue: true))
        XCTAssertEqual(result.messages.map(\.content),
                       ["Q1", "A1", "Q2", "<think>r2</think>\nA2", "Q3", "<think>half-finished thought"])
        XCTAssertEqual(result.continuation?.isIncomplete, true)
    }

    func testContinueWithMaxAdditionsZeroStillAddsTheContinuedReasoning() throws {
        XCTAssertEqual(try contents(threeRounds, ReasoningPromptSettings(addToPrompts: true, maxAdditions: 0),
                                AssemblyRequest(isContinue: true)).last,
                       "<think>r3</think>\nA3")
    }

    func testContinuationLengthCountsUTF16Units() throws {
        var chat = threeRounds
        chat[5].reasoning = "🤔"
        let result = try ChatAssembler(settings: ReasoningPromptSettings(), macros: NamesOnly())
            .assemble(chat, for: AssemblyRequest(isContinue: true))
        XCTAssertEqual(result.continuation?.length, "<think></think>\n".utf16.count + 2)
        XCTAssertEqual(result.continuation?.removingPrefix(from: "<think>🤔</think>\nA3 and more"), "A3 and more")
    }

    func testGroupChatAddsOnlyTheSpeakersReasoning() throws {
        let chat = [ChatTurn(name: "User", isUser: true, text: "Q1", reasoning: "user-r"),
                    ChatTurn(name: "Bob", isUser: false, text: "B1", reasoning: "bob-r"),
                    ChatTurn(name: "Alice", isUser: false, text: "A1", reasoning: "alice-r")]
        XCTAssertEqual(try contents(chat, ReasoningPromptSettings(addToPrompts: true, maxAdditions: 5),
                                AssemblyRequest(groupSpeaker: "Alice")),
                       ["Q1", "B1", "<think>alice-r</think>\nA1"])
    }

    func testMessageRegexGetsDepthFromTheNewestMessage() throws {
        let regex = ScriptedRegex()
        regex.rules = [(.aiOutput, 0...0, { $0.uppercased() })]
        XCTAssertEqual(try contents(threeRounds, ReasoningPromptSettings(), regex: regex),
                       ["Q1", "A1", "Q2", "A2", "Q3", "A3".uppercased()])
        XCTAssertEqual(regex.calls.prefix(6).map(\.1), [5, 4, 3, 2, 1, 0])
    }

    func testContinueShiftsDepthsByOne() throws {
        let regex = ScriptedRegex()
        _ = try contents(threeRounds, ReasoningPromptSettings(), AssemblyRequest(isContinue: true), regex: regex)
        XCTAssertEqual(regex.calls.prefix(6).map(\.1), [4, 3, 2, 1, 0, -1])
    }

    func testBlankedContinuedTextSwitchesToIncompleteReasoning() throws {
        let regex = ScriptedRegex()
        regex.rules = [(.aiOutput, nil, { _ in "" })]
        let result = try ChatAssembler(settings: ReasoningPromptSettings(), regex: regex, macros: NamesOnly())
            .assemble(threeRounds, for: AssemblyRequest(isContinue: true))
        XCTAssertEqual(result.messages.last?.content, "<think>r3")
        XCTAssertEqual(result.continuation?.isIncomplete, true)
    }

    func testUnsetMaxAdditionsNeverStopsTheWalk() throws {
        XCTAssertEqual(try contents(threeRounds, ReasoningPromptSettings(addToPrompts: true, maxAdditions: .nan)),
                       ["Q1", "<think>r1</think>\nA1", "Q2", "<think>r2</think>\nA2", "Q3", "<think>r3</think>\nA3"])
    }

    func testRolesFollowTheSpeaker() throws {
        let roles = try ChatAssembler(settings: ReasoningPromptSettings(), macros: NamesOnly())
            .assemble(threeRounds).messages.map(\.role)
        XCTAssertEqual(roles, [.user, .assistant, .user, .assistant, .user, .assistant])
    }
}
