// Hashing, seeded randomness and dice, as SillyTavern's `{{pick}}` and `{{roll}}` compute them.

import JSCompat

/// SillyTavern's `getStringHash` (a 53-bit string hash over UTF-16 code units).
public enum StringHash {
    public static func hash(_ text: String, seed: UInt32 = 0) -> Double {
        var h1: UInt32 = 0xDEAD_BEEF ^ seed
        var h2: UInt32 = 0x41C6_CE57 ^ seed
        for unit in text.utf16 {
            h1 = (h1 ^ UInt32(unit)) &* 2_654_435_761
            h2 = (h2 ^ UInt32(unit)) &* 1_597_334_677
        }
        h1 = ((h1 ^ (h1 >> 16)) &* 2_246_822_507) ^ ((h2 ^ (h2 >> 13)) &* 3_266_489_909)
        h2 = ((h2 ^ (h2 >> 16)) &* 2_246_822_507) ^ ((h1 ^ (h1 >> 13)) &* 3_266_489_909)
        return 4_294_967_296 * Double(h2 & 0x1F_FFFF) + Double(h1)
    }
}

extension MacroEngine {
    /// SillyTavern's string hash, for computing `MacroEnvironment.chatIDHash` from a chat id.
    public static func stringHash(_ text: String) -> Double {
        StringHash.hash(text)
    }
}

/// The seeded generator SillyTavern uses for `{{pick}}` (the `seedrandom` library's default: RC4 keyed by the
/// seed text, first 256 bytes dropped, 52-bit doubles).
struct SeededRandom {
    private var state: [UInt8] = Array(repeating: 0, count: 256)
    private var i = 0
    private var j = 0

    init(seed: String) {
        // Mix the seed text into a key, one byte per position (wrapping at 256).
        var key: [Int] = []
        var smear: Int32 = 0
        for (position, unit) in seed.utf16.enumerated() {
            let slot = position & 255
            if slot < key.count { smear ^= Int32(truncatingIfNeeded: key[slot] &* 19) }
            let value = 255 & Int(Int64(smear) + Int64(unit))
            if slot < key.count { key[slot] = value } else { key.append(value) }
        }
        if key.isEmpty { key = [0] }
        for index in 0..<256 { state[index] = UInt8(index) }
        var mixer = 0
        for index in 0..<256 {
            let held = state[index]
            mixer = 255 & (mixer + key[index % key.count] + Int(held))
            state[index] = state[mixer]
            state[mixer] = held
        }
        _ = bytes(256)
    }

    /// The next `count` keystream bytes as one big-endian number.
    private mutating func bytes(_ count: Int) -> Double {
        var result = 0.0
        for _ in 0..<count {
            i = 255 & (i + 1)
            let held = state[i]
            j = 255 & (j + Int(held))
            state[i] = state[j]
            state[j] = held
            result = result * 256 + Double(state[255 & (Int(state[i]) + Int(held))])
        }
        return result
    }

    /// A double in 0..<1 with 52 random bits.
    mutating func next() -> Double {
        var numerator = bytes(6)
        var denominator = 281_474_976_710_656.0  // 256^6
        var extra = 0.0
        while numerator < 4_503_599_627_370_496 {  // 2^52
            numerator = (numerator + extra) * 256
            denominator *= 256
            extra = bytes(1)
        }
        while numerator >= 9_007_199_254_740_992 {  // 2^53
            numerator /= 2
            denominator /= 2
            extra = Double(UInt32(extra) >> 1)
        }
        return (numerator + extra) / denominator
    }
}

/// `{{roll}}` formulas: `NdS`, `dS`, `NdS+K`, `NdS-K`; a bare number N means `1dN`.
enum Dice {
    static func roll(_ formula: String, random: () -> Double) -> String {
        var text = formula
        if !text.isEmpty, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) { text = "1d" + text }
        guard let parsed = parse(text) else { return "" }
        var total = parsed.modifier
        for _ in 0..<parsed.count {
            total += Double(Int((random() * Double(parsed.sides)).rounded(.down)) + 1)
        }
        return JSNumber.format(total)
    }

    struct Formula { var count: Int; var sides: Int; var modifier: Double }

    /// `^([1-9]\d*)?d([1-9]\d*)([+-]\d+)?$` (case-insensitive).
    static func parse(_ text: String) -> Formula? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func digits() -> String {
            let start = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            return String(String.UnicodeScalarView(scalars[start..<index]))
        }
        let countText = digits()
        if countText.hasPrefix("0") { return nil }
        guard index < scalars.count, scalars[index] == "d" || scalars[index] == "D" else { return nil }
        index += 1
        let sidesText = digits()
        guard !sidesText.isEmpty, !sidesText.hasPrefix("0") else { return nil }
        var modifier = 0.0
        if index < scalars.count {
            let negative = scalars[index] == "-"
            guard negative || scalars[index] == "+" else { return nil }
            index += 1
            let modifierText = digits()
            guard !modifierText.isEmpty else { return nil }
            modifier = JSNumber.parse(modifierText) * (negative ? -1 : 1)
        }
        guard index == scalars.count else { return nil }
        let count = countText.isEmpty ? 1 : (Int(countText) ?? Int.max)
        // Keep hostile formulas cheap; SillyTavern would loop for a very long time.
        guard count <= 1_000_000, let sides = Int(sidesText) else { return nil }
        return Formula(count: count, sides: sides, modifier: modifier)
    }
}
