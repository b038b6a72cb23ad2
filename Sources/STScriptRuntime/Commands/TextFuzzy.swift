// Fuzzy matching as SillyTavern's `/fuzzy` gets it from Fuse.js 7 (options includeScore, findAllMatches,
// ignoreLocation, a threshold): the Bitap search over UTF-16 units, lower-cased, 32-unit pattern chunks,
// and the field-length norm that orders results in `best` mode. Written from the algorithm's description.

import Foundation
import JSCompat

/// One Fuse.js search: a pattern prepared once, matched against texts.
struct FuzzySearcher {
    struct Result {
        var isMatch: Bool
        var score: Double
    }

    private struct Chunk {
        var pattern: [UInt16]
        var alphabet: [UInt16: Int32]
    }

    private static let maxBits = 32
    private let pattern: [UInt16]
    private let chunks: [Chunk]
    private let threshold: Double

    init(pattern text: String, threshold: Double) {
        let pattern = Array(text.lowercased().utf16)
        self.pattern = pattern
        self.threshold = threshold
        var chunks: [Chunk] = []
        func add(_ part: ArraySlice<UInt16>) {
            let units = Array(part)
            var alphabet: [UInt16: Int32] = [:]
            for (i, unit) in units.enumerated() {
                alphabet[unit, default: 0] |= Int32(truncatingIfNeeded: 1 << (units.count - i - 1))
            }
            chunks.append(Chunk(pattern: units, alphabet: alphabet))
        }
        if pattern.count > Self.maxBits {
            let remainder = pattern.count % Self.maxBits
            let end = pattern.count - remainder
            var i = 0
            while i < end {
                add(pattern[i..<(i + Self.maxBits)])
                i += Self.maxBits
            }
            if remainder > 0 { add(pattern[(pattern.count - Self.maxBits)...]) }
        } else if !pattern.isEmpty {
            add(pattern[...])
        }
        self.chunks = chunks
    }

    func search(in text: String) -> Result {
        let units = Array(text.lowercased().utf16)
        if units == pattern { return Result(isMatch: true, score: 0) }
        var total = 0.0
        var matched = false
        for chunk in chunks {
            let result = Self.bitap(units, chunk.pattern, chunk.alphabet, threshold: threshold)
            if result.isMatch { matched = true }
            total += result.score
        }
        return Result(isMatch: matched, score: matched ? total / Double(chunks.count) : 1)
    }

    /// Bitap with location ignored: the score of a match is errors / pattern length.
    private static func bitap(_ text: [UInt16], _ pattern: [UInt16], _ alphabet: [UInt16: Int32],
                              threshold: Double) -> Result {
        let patternLength = pattern.count
        let textLength = text.count
        func score(errors: Int) -> Double { Double(errors) / Double(patternLength) }

        var currentThreshold = threshold
        // Exact occurrences make any error level worse than them.
        if JSString.indexOf(text, pattern, from: 0) != nil {
            currentThreshold = min(0, currentThreshold)
        }
        var bestLocation = -1
        var lastBits: [Int32] = []
        var finalScore = 1.0
        let mask = Int32(truncatingIfNeeded: 1 << (patternLength - 1))

        for errors in 0..<patternLength {
            let finish = textLength
            var bits = [Int32](repeating: 0, count: finish + 2)
            bits[finish + 1] = Int32(truncatingIfNeeded: (1 << errors) - 1)
            var j = finish
            while j >= 1 {
                let location = j - 1
                let charMatch = alphabet[text[location]] ?? 0
                bits[j] = ((bits[j + 1] << 1) | 1) & charMatch
                if errors > 0 {
                    let previous = lastBits
                    let next = j + 1 < previous.count ? previous[j + 1] : 0
                    let here = j < previous.count ? previous[j] : 0
                    bits[j] |= ((next | here) << 1) | 1 | next
                }
                if bits[j] & mask != 0 {
                    finalScore = score(errors: errors)
                    if finalScore <= currentThreshold {
                        currentThreshold = finalScore
                        bestLocation = location
                        if bestLocation <= 0 { break }
                    }
                }
                j -= 1
            }
            if score(errors: errors + 1) > currentThreshold { break }
            lastBits = bits
        }
        return Result(isMatch: bestLocation >= 0, score: max(0.001, finalScore))
    }

    /// Fuse's field-length norm: 1/√(number of space-separated tokens), to 3 decimals.
    static func norm(_ text: String) -> Double {
        let tokens = text.utf16.split(separator: 0x20, omittingEmptySubsequences: true).count
        let value = 1 / Double(max(tokens, 1)).squareRoot()
        return JSNumber.round(value * 1000) / 1000
    }
}

extension JSString {
    static func indexOf(_ units: [UInt16], _ needle: [UInt16], from: Int) -> Int? {
        guard needle.count <= units.count else { return nil }
        if needle.isEmpty { return from }
        var i = from
        while i + needle.count <= units.count {
            if units[i] == needle[0], units[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}

/// `/fuzzy` itself: which list item matches the text.
enum FuzzyMatch {
    enum Mode { case first, best }

    /// Items are JSON values of the list; only strings can match (other queries never match in `first`
    /// mode, and make Fuse fail — so no match — in `best` mode).
    static func match(list: [JSONValue], in text: String, threshold: Double, mode: Mode) -> String {
        switch mode {
        case .first:
            // Fuse over the one text: blank texts are not indexed, so nothing matches them.
            guard !JSWhitespace.trim(text).isEmpty else { return "" }
            for item in list {
                guard case .string(let query) = item else { continue }
                if FuzzySearcher(pattern: query, threshold: threshold).search(in: text).isMatch { return query }
            }
            return ""
        case .best:
            guard case .string? = list.first else { return "" }
            var candidates: [(text: String, index: Int)] = []
            for (index, item) in list.enumerated() {
                switch item {
                case .null: continue
                case .string(let s):
                    if !JSWhitespace.trim(s).isEmpty { candidates.append((s, index)) }
                default:
                    return ""  // Fuse's index throws on a non-string entry (no `trim`).
                }
            }
            let searcher = FuzzySearcher(pattern: text, threshold: threshold)
            var results: [(item: String, index: Int, score: Double)] = []
            for candidate in candidates {
                let result = searcher.search(in: candidate.text)
                guard result.isMatch else { continue }
                results.append((candidate.text, candidate.index, Foundation.pow(result.score, norm(candidate.text))))
            }
            let best = results.min { a, b in a.score == b.score ? a.index < b.index : a.score < b.score }
            return best?.item ?? ""
        }
    }

    static func norm(_ text: String) -> Double { FuzzySearcher.norm(text) }
}
