import XCTest
@testable import Reasoning

/// Streaming equals one-shot: for the shared vectors and thousands of generated inputs, every byte-level
/// chunking (cuts inside UTF-8 scalars and markers included) gives the one-shot result.
final class ChunkingPropertyTests: XCTestCase {
    func testSharedVectorsSplitAsExpectedOneShot() throws {
        guard let vectors = loadSharedVectors() else { throw XCTSkip("../shared/conformance not present") }
        XCTAssertGreaterThanOrEqual(vectors.count, 51)
        for v in vectors {
            let r = splitWhole(Array(v.input.utf8), profile: v.profile, options: v.options)
            XCTAssertEqual(r.reasoning, v.expectReasoning, v.id)
            XCTAssertEqual(r.content, v.expectContent, v.id)
            if let tool = v.expectToolPayload {
                XCTAssertEqual(r.toolCalls.map(\.arguments).joined(), tool, v.id)
            }
        }
    }

    func testSharedVectorsGiveTheSameSplitForEveryOneAndTwoCutChunking() throws {
        guard let vectors = loadSharedVectors() else { throw XCTSkip("../shared/conformance not present") }
        var checked = 0
        for v in vectors {
            let bytes = Array(v.input.utf8)
            let whole = splitWhole(bytes, profile: v.profile, options: v.options)
            let n = bytes.count
            for a in 0...n {
                XCTAssertEqual(splitChunked(bytes, cuts: [a], profile: v.profile, options: v.options), whole, "\(v.id) cut \(a)")
                for b in stride(from: a + 1, through: n, by: n > 120 ? 3 : 1) {
                    let r = splitChunked(bytes, cuts: [a, b], profile: v.profile, options: v.options)
                    if r != whole {
                        XCTFail("\(v.id) cuts \(a),\(b): \(r) != \(whole)")
                        return
                    }
                    checked += 1
                }
            }
            XCTAssertEqual(splitChunked(bytes, cuts: Array(0...n), profile: v.profile, options: v.options), whole,
                           "\(v.id) byte by byte")
            if let chunks = v.chunks {
                var cuts: [Int] = [], at = 0
                for c in chunks { at += c.utf8.count; cuts.append(at) }
                XCTAssertEqual(splitChunked(bytes, cuts: cuts, profile: v.profile, options: v.options), whole,
                               "\(v.id) listed chunks")
            }
        }
        XCTAssertGreaterThan(checked, 10_000)
    }

    /// Pieces that make markers, near misses, whitespace and multi-byte text likely.
    static let alphabet: [String] = [
        "<think>", "</think>", "<", "</", "</th", "ink>", "<thi", "think>", " ", "\n", "\t", "  ", "a", "b.",
        "é", "思", "🙂", "◁think▷", "◁/think▷", "◁", "▷", "<tool_call>", "<tool_", "[THINK]", "[/THINK]",
        "<|channel>", "<channel|>", "thought\n", "thought", "<answer>", "</answer>", "<response>", "</response>",
        "<|START_THINKING|>", "<|END_THINKING|>", "<|START_RESPONSE|>", "<|END_RESPONSE|>",
        "Here is my thought process:", "Here is my response:", "Here's my", "analysis", "assistantfinal",
        "<|channel|>", "analysis", "final", "commentary", " to=functions.f", "<|constrain|>json", "<|message|>",
        "<|end|>", "<|start|>", "assistant", "<|return|>", "<|call|>", "{\"x\":1}", "<mm:think>", "</mm:think>",
        "\u{3000}", "\u{A0}", "<|tool_calls_section_begin|>",
    ]

    static func profiles() -> [ReasoningProfile] {
        ReasoningProfile.builtIn
            + [ReasoningTemplate.thinkXML, .deepSeek, .gemma4, .openAIHarmony].flatMap {
                [ReasoningProfile.template($0, strict: true), .template($0, strict: false)]
            }
    }

    static let optionSets: [SplitOptions] = [
        SplitOptions(), SplitOptions(start: .reasoning), SplitOptions(start: .content),
        SplitOptions(multiBlock: true), SplitOptions(start: .reasoning, multiBlock: true, strict: true),
    ]

    func testGeneratedInputsGiveTheSameSplitForEveryChunking() {
        var rng = SeededRandom(0x5EED)
        let profiles = Self.profiles()
        var inputs = 0, chunkings = 0
        for round in 0..<4000 {
            let profile = profiles[round % profiles.count]
            let options = Self.optionSets[(round / profiles.count) % Self.optionSets.count]
            let pieces = (0..<Int.random(in: 0...8, using: &rng)).map { _ in Self.alphabet.randomElement(using: &rng)! }
            let bytes = Array(pieces.joined().utf8)
            let whole = splitWhole(bytes, profile: profile, options: options)
            inputs += 1
            let n = bytes.count
            if n <= 11 {
                // Every one of the 2^(n-1) chunkings.
                for mask in 0..<(1 << max(0, n - 1)) {
                    let cuts = (0..<max(0, n - 1)).filter { mask & (1 << $0) != 0 }.map { $0 + 1 }
                    let r = splitChunked(bytes, cuts: cuts, profile: profile, options: options)
                    if r != whole {
                        XCTFail("\(profile.name) \(options) \(pieces) cuts \(cuts): \(r) != \(whole)")
                        return
                    }
                    chunkings += 1
                }
            } else {
                var ways: [[Int]] = [Array(0...n)]
                for a in 0...n { ways.append([a]) }
                for _ in 0..<24 {
                    ways.append((0..<Int.random(in: 1...10, using: &rng)).map { _ in Int.random(in: 0...n, using: &rng) })
                }
                for cuts in ways {
                    let r = splitChunked(bytes, cuts: cuts, profile: profile, options: options)
                    if r != whole {
                        XCTFail("\(profile.name) \(options) \(pieces) cuts \(cuts.sorted()): \(r) != \(whole)")
                        return
                    }
                    chunkings += 1
                }
            }
        }
        XCTAssertEqual(inputs, 4000)
        XCTAssertGreaterThan(chunkings, 100_000)
    }

    func testTemplateProfileMatchesSillyTavernParseForClosedAndUnclosedBlocks() {
        var rng = SeededRandom(42)
        let pieces = ["<think>", "</think>", "<think>\n", "\n</think>", " ", "\n", "\u{3000}", "x", "y z", "<thi", "</", "é"]
        for template in [ReasoningTemplate.thinkXML, .deepSeek] {
            for strict in [true, false] {
                let profile = ReasoningProfile.template(template, strict: strict)
                for _ in 0..<3000 {
                    let text = (0..<Int.random(in: 0...7, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
                    guard let st = template.parse(text, strict: strict) else { continue }
                    let r = splitWhole(Array(text.utf8), profile: profile)
                    XCTAssertEqual(r.reasoning, st.reasoning, "\(template.name) strict=\(strict) \(text.debugDescription)")
                    XCTAssertEqual(r.content, st.content, "\(template.name) strict=\(strict) \(text.debugDescription)")
                }
            }
        }
    }
}
