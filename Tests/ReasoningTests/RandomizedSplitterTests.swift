import XCTest
@testable import Reasoning

/// A long randomized run (the in-tree counterpart of Fuzz/SplitterFuzz.swift): arbitrary bytes, including
/// invalid UTF-8 and marker fragments, through every profile and option set; nothing crashes and chunking
/// never changes the split.
final class RandomizedSplitterTests: XCTestCase {
    func testArbitraryBytesNeverCrashAndChunkingNeverMatters() {
        var rng = SeededRandom(0xF022)
        let profiles = ChunkingPropertyTests.profiles()
        let fragments = ChunkingPropertyTests.alphabet.map { Array($0.utf8) }
        for round in 0..<20_000 {
            let profile = profiles[Int.random(in: 0..<profiles.count, using: &rng)]
            let options = ChunkingPropertyTests.optionSets[Int.random(in: 0..<ChunkingPropertyTests.optionSets.count, using: &rng)]
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...24, using: &rng) {
                if Bool.random(using: &rng) {
                    var f = fragments.randomElement(using: &rng)!
                    if Int.random(in: 0..<4, using: &rng) == 0 { f = Array(f.prefix(Int.random(in: 0...f.count, using: &rng))) }
                    bytes += f
                } else {
                    bytes += (0..<Int.random(in: 1...4, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                }
            }
            let whole = splitWhole(bytes, profile: profile, options: options)
            let step = Int.random(in: 1...9, using: &rng)
            let cuts = Array(stride(from: step, to: max(step, bytes.count), by: step))
            let chunked = splitChunked(bytes, cuts: cuts, profile: profile, options: options)
            if chunked != whole {
                XCTFail("round \(round) \(profile.name) \(options) \(bytes) step \(step): \(chunked) != \(whole)")
                return
            }
        }
    }
}
