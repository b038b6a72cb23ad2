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
        if n == n.rounded(.towardZero), abs(n) < 1e14, n != 0 || n.sign == .plus {
            var v = Int64(n)
            let negative = v < 0
            if negative { v = -v }
            var digits = 0
            var t = v
            repeat { digits += 1; t /= 10 } while t > 0
            let count = digits + (negative ? 1 : 0)
            // At most 15 bytes: the result is a small (inline) string, no allocation.
            return String(unsafeUninitializedCapacity: count) { buffer in
                var i = count - 1
                repeat {
                    buffer[i] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
                    v /= 10
                    i -= 1
                } while v > 0
                if negative { buffer[0] = 0x2D }
                return count
            }
        }
        return JSNumber.format(n)
    }
}
