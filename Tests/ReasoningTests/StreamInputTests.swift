import XCTest
@testable import Reasoning

final class StreamInputTests: XCTestCase {
    func decode(_ format: StreamFormat, _ line: String) throws -> StreamDelta? {
        var d = StreamLineDecoder(format: format)
        return try d.decode(Array(line.utf8))
    }

    func testSSEDeltaCarriesContentAndReasoningContent() throws {
        let d = try decode(.sse, #"data: {"model":"m","choices":[{"delta":{"reasoning_content":"r","content":"c"}}]}"#)
        XCTAssertEqual(d?.reasoning, "r")
        XCTAssertEqual(d?.content, "c")
        XCTAssertEqual(d?.modelID, "m")
    }

    func testSSEReasoningFieldOfOpenRouter() throws {
        XCTAssertEqual(try decode(.sse, #"data: {"choices":[{"delta":{"reasoning":"x"}}]}"#)?.reasoning, "x")
    }

    func testSSEDoneAndCommentsAndUsage() throws {
        XCTAssertEqual(try decode(.sse, "data: [DONE]")?.done, true)
        XCTAssertNil(try decode(.sse, ": keep-alive"))
        XCTAssertNil(try decode(.sse, "event: message"))
        let u = try decode(.sse, #"data: {"choices":[],"usage":{"completion_tokens":9,"completion_tokens_details":{"reasoning_tokens":7}}}"#)
        XCTAssertEqual(u?.reasoningTokens, 7)
    }

    func testSSEErrorObjectIsReported() {
        XCTAssertThrowsError(try decode(.sse, #"data: {"error":{"message":"overloaded"}}"#))
    }

    func testOllamaChatAndGenerateLines() throws {
        let chat = try decode(.ollama, #"{"model":"qwen3","message":{"role":"assistant","content":"","thinking":"hm"},"done":false}"#)
        XCTAssertEqual(chat?.reasoning, "hm")
        let gen = try decode(.ollama, #"{"response":"Hi","done":true,"done_reason":"stop","eval_count":3}"#)
        XCTAssertEqual(gen?.content, "Hi")
        XCTAssertEqual(gen?.done, true)
    }

    func testNDJSONLineIsAJSONString() throws {
        XCTAssertEqual(try decode(.ndjson, #""a\n\u00e9\ud83d\ude42""#)?.content, "a\né🙂")
        XCTAssertThrowsError(try decode(.ndjson, "not json"))
        XCTAssertNil(try decode(.ndjson, "   "))
    }

    func testQuoteWritesJSONStringify() {
        XCTAssertEqual(JSONText.quote("a\"\\\n\u{1}é"), #""a\"\\\n\u0001é""#)
    }
}
