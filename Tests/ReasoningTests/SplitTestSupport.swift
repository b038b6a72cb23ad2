import Foundation
import XCTest
@testable import Reasoning

/// Splits `bytes` fed in pieces that end at `cuts` (byte offsets, any order, inside UTF-8 scalars too).
func splitChunked(_ bytes: [UInt8], cuts: [Int], profile: ReasoningProfile, options: SplitOptions = SplitOptions())
    -> ReasoningSplit {
    var splitter = ReasoningSplitter(profile: profile, options: options)
    var out = SplitCollector(profile: profile)
    var last = 0
    for c in cuts.sorted() + [bytes.count] where c >= last {
        bytes[last..<c].withUnsafeBytes { splitter.feed($0, into: &out) }
        last = c
    }
    splitter.finish(into: &out)
    return out.result(of: splitter)
}

func splitWhole(_ bytes: [UInt8], profile: ReasoningProfile, options: SplitOptions = SplitOptions()) -> ReasoningSplit {
    splitChunked(bytes, cuts: [], profile: profile, options: options)
}

/// A deterministic generator (SplitMix64), so failures reproduce.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One line of ../shared/conformance/reasoning-vectors.jsonl.
struct Vector {
    var id: String
    var profile: ReasoningProfile
    var options: SplitOptions
    var input: String
    var chunks: [String]?
    var expectReasoning: String
    var expectContent: String
    var expectToolPayload: String?
}

/// The shared reasoning vectors, when the checkout sits beside ../shared (nil otherwise).
func loadSharedVectors() -> [Vector]? {
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    for _ in 0..<6 {
        let candidate = dir.appendingPathComponent("shared/conformance/reasoning-vectors.jsonl")
        if let text = try? String(contentsOf: candidate, encoding: .utf8) {
            return text.split(separator: "\n").compactMap { line -> Vector? in
                guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let format = obj["format"] as? String,
                      let profile = ReasoningProfile.named(format) else { return nil }
                let opts = obj["options"] as? [String: Any] ?? [:]
                let start: SplitStart = (opts["implicit_open"] as? Bool ?? false) || format == "think_implicit"
                    ? .reasoning : .detect
                return Vector(id: obj["id"] as? String ?? "?", profile: profile,
                              options: SplitOptions(start: start, multiBlock: opts["multi_block"] as? Bool ?? false,
                                                    strict: opts["strict"] as? Bool ?? false),
                              input: obj["input"] as? String ?? "", chunks: obj["chunks"] as? [String],
                              expectReasoning: obj["expect_reasoning"] as? String ?? "",
                              expectContent: obj["expect_content"] as? String ?? "",
                              expectToolPayload: obj["expect_tool_payload"] as? String)
            }
        }
        dir.deleteLastPathComponent()
    }
    return nil
}
