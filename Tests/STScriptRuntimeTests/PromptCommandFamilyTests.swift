import ChatStore
import JSCompat
import XCTest
@testable import STScriptRuntime

/// `/prompt` and `/prompt-request` on an in-memory chat (no data folder: default reasoning settings).
final class PromptCommandFamilyTests: XCTestCase {
    private func interpreter(_ messages: [JSONObject]) -> Interpreter {
        let chat = ChatFile(inMemoryFor: "Alice")
        for message in messages { chat.appendMessage(ChatMessage(message)) }
        let interpreter = Interpreter()
        ChatSession(folder: nil, chat: chat).configure(interpreter)
        return interpreter
    }

    private let chat: [JSONObject] = [
        ["name": "User", "is_user": true, "mes": "Q"],
        ["name": "Alice", "is_user": false, "mes": "", "extra": ["reasoning": "half a thought"]],
    ]

    func testPromptListsTheAssembledMessages() {
        XCTAssertEqual(interpreter(chat).run("/prompt").pipe?.string,
                       #"[{"role":"user","content":"Q"},{"role":"assistant","content":""}]"#)
    }

    func testPromptContinueEndsInsideTheReasoning() {
        XCTAssertEqual(interpreter(chat).run("/prompt continue=true").pipe?.string,
                       #"[{"role":"user","content":"Q"},{"role":"assistant","content":"<think>half a thought"}]"#)
    }

    func testPromptRequestMapsTheEffortForTheProvider() {
        let body = interpreter(chat).run("/prompt-request provider=openai model=o3 effort=maximum").pipe?.string
        XCTAssertTrue(body?.contains(#""reasoning_effort":"high""#) ?? false, body ?? "nil")
    }

    func testPromptRequestRefusesAnUnknownProvider() {
        XCTAssertEqual(interpreter(chat).run("/prompt-request provider=nowhere model=m").error?.message,
                       "Unknown provider 'nowhere'")
    }

    func testPromptRequestRefusesANonNumericMax() {
        XCTAssertNotNil(interpreter(chat).run("/prompt-request provider=openai model=o3 max=lots").error)
    }
}
