import JSCompat

/// Number conversions on the evaluator's hot paths.
enum Numbers {
    /// JavaScript `Number(text)`; plain integers (the loop-counter case) skip the general parser.
    @inline(__always) static func parse(_ text: String) -> Double {
        let utf8 = text.utf8
        let count = utf8.count
        if let first = utf8.first {
            // Number() of text starting with anything else (after optional whitespace) is NaN.
            switch first {
            case 0x30...0x39, 0x2B, 0x2D, 0x2E, 0x49, 0x09...0x0D, 0x20: break
            case 0x80...: break
            default: return .nan
            }
        }
        if count > 0 && count <= 15 {
            var value: Int64 = 0
            var negative = false
            var digits = 0
            var plain = true
            var first = true
            for byte in utf8 {
                if byte >= 0x30 && byte <= 0x39 {
                    value = value * 10 + Int64(byte - 0x30)
                    digits += 1
                } else if first && (byte == 0x2D || byte == 0x2B) {
                    negative = byte == 0x2D
                } else {
                    plain = false
                    break
                }
                first = false
            }
            if plain && digits > 0 {
                return negative ? -Double(value) : Double(value)
            }
        }
        return JSNumber.parse(text)
    }

    /// JavaScript `String(n)`; integers (the loop-counter case) are printed without the general formatter.
    @inline(__always) static func format(_ n: Double) -> String {
        // |n| < 1e14 keeps the text within 15 bytes (a small string, no allocation); -0 prints as "0".
        if n.magnitude < 1e14 {
            let integer = Int64(n)
            if Double(integer) == n && (integer != 0 || n.sign == .plus) { return formatInteger(integer) }
        }
        return JSNumber.format(n)
    }

    /// Decimal text of an integer with |value| < 1e14: digits two at a time (a multiply, not a division, each),
    /// packed into two words in text order, then copied into the string at once.
    static func formatInteger(_ value: Int64) -> String {
        var v = value.magnitude
        var low: UInt64 = 0
        var high: UInt64 = 0
        var count = 0
        // Prepends `byteCount` bytes (already in text order) to the packed text.
        func prepend(_ bytes: UInt64, _ byteCount: Int) {
            let bits = UInt64(8 * byteCount)
            high = high << bits | low >> (64 - bits)
            low = low << bits | bytes
            count += byteCount
        }
        while v >= 100 {
            let quotient = v / 100
            let pair = v - quotient * 100
            let tens = (pair &* 205) >> 11
            prepend((0x30 + tens) | (0x30 + pair - tens * 10) << 8, 2)
            v = quotient
        }
        if v >= 10 {
            let tens = (v &* 205) >> 11
            prepend((0x30 + tens) | (0x30 + v - tens * 10) << 8, 2)
        } else {
            prepend(0x30 + v, 1)
        }
        if value < 0 { prepend(0x2D, 1) }
        let words = (low.littleEndian, high.littleEndian)
        return String(unsafeUninitializedCapacity: count) { buffer in
            withUnsafeBytes(of: words) { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            return count
        }
    }
}
