import XCTest
@testable import Reasoning

/// Whitespace the splitter holds while its fate is open: exact when released, compact when long.
final class HeldWhitespaceTests: XCTestCase {
    let think = ReasoningProfile.named("think")!

    func drained(_ held: inout HeldSpaces) -> [UInt8] {
        var out: [UInt8] = []
        held.drain { out.append(contentsOf: $0) }
        return out
    }

    func testHeldBytesComeBackExactlyAfterMixedRunsOfAnyLength() {
        var random = SeededRandom(7)
        let spaces: [UInt8] = [0x20, 0x0A, 0x09, 0x0D, 0x0B, 0x0C]
        for _ in 0..<200 {
            var held = HeldSpaces()
            var expected: [UInt8] = []
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                let run = [UInt8](repeating: spaces.randomElement(using: &random)!, count: Int.random(in: 1...40, using: &random))
                let cut = Int.random(in: 0...run.count, using: &random)
                run[..<cut].withUnsafeBytes { held.append($0) }
                run[cut...].withUnsafeBytes { held.append($0) }
                expected += run
            }
            XCTAssertEqual(held.count, expected.count)
            XCTAssertEqual(drained(&held), expected)
            XCTAssertTrue(held.isEmpty)
        }
    }

    func testLongRunOfOneByteIsKeptAsACount() {
        var held = HeldSpaces()
        let newlines = [UInt8](repeating: 0x0A, count: 4)
        for _ in 0..<50_000 { newlines.withUnsafeBytes { held.append($0) } }
        XCTAssertLessThanOrEqual(held.raw.count, 8)
        XCTAssertEqual(held.repeats.count, 1)
        XCTAssertEqual(drained(&held), [UInt8](repeating: 0x0A, count: 200_000))
    }

    func testLongLeadingWhitespaceThenTextIsTheAnswerVerbatim() {
        let input = [UInt8](repeating: 0x20, count: 100_000) + Array("hello".utf8)
        let r = splitChunked(input, cuts: Array(stride(from: 3, to: input.count, by: 3)), profile: think)
        XCTAssertEqual(r.content, String(repeating: " ", count: 100_000) + "hello")
        XCTAssertEqual(r.reasoning, "")
    }

    func testLongLeadingWhitespaceBeforeTheOpenMarkerIsDropped() {
        let input = [UInt8](repeating: 0x0A, count: 100_000) + Array("<think>plan</think>answer".utf8)
        let r = splitChunked(input, cuts: Array(stride(from: 4, to: input.count, by: 4)), profile: think)
        XCTAssertEqual(r.reasoning, "plan")
        XCTAssertEqual(r.content, "answer")
    }

    func testLongWhitespaceBeforeTheCloseMarkerIsDropped() {
        let input = Array("<think>plan".utf8) + [UInt8](repeating: 0x0A, count: 100_000) + Array("</think>answer".utf8)
        let r = splitChunked(input, cuts: Array(stride(from: 4, to: input.count, by: 4)), profile: think)
        XCTAssertEqual(r.reasoning, "plan")
        XCTAssertEqual(r.content, "answer")
    }

    func testLongWhitespaceInsideReasoningIsKeptWhenTextFollows() {
        let gap = String(repeating: " \n", count: 30) + String(repeating: "\n", count: 5_000)
        let text = "<think>a" + gap + "b</think>c"
        let bytes = Array(text.utf8)
        let r = splitChunked(bytes, cuts: Array(stride(from: 5, to: bytes.count, by: 5)), profile: think)
        XCTAssertEqual(r.reasoning, "a" + gap + "b")
        XCTAssertEqual(r.content, "c")
    }
}
