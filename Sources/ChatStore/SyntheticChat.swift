import JSCompat

/// A deterministic chat shaped like the ones SillyTavern writes, for benchmarks and soak tests: user and character
/// turns, swipes with `swipe_info`, stored reasoning, replies with an inline `<think>` block, hidden and narrator
/// messages (`is_system: ""`), every `send_date` style, non-ASCII text, numbers with odd spellings (`1.50`) and a
/// few lines written with spaces after separators, as other JSON writers do.
public enum SyntheticChat {
    /// The whole file: a header line, then `messages` message lines, joined by `\n` (no trailing newline).
    /// Past the first 2 000, messages repeat (their shapes are what matters, and generating is then cheap).
    public static func file(messages: Int, seed: UInt64 = 1) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(messages * 1200)
        out.append(contentsOf: line(0, header: true, seed: seed).utf8)
        let distinct = (0..<min(messages, 2000)).map { Array(line($0, header: false, seed: seed).utf8) }
        for i in 0..<messages {
            out.append(0x0A)
            out.append(contentsOf: distinct[i % distinct.count])
        }
        return out
    }

    /// One line of the file (the header, or message `index`).
    public static func line(_ index: Int, header: Bool, seed: UInt64 = 1) -> String {
        if header {
            return #"{"chat_metadata":{"integrity":"6f0d2c7e-4d1a-4f7e-9a0c-2b1f9e1d5a33","chat_id_hash":1829374651,"variables":{"mood":"happy","turns":3},"tainted":true},"user_name":"unused","character_name":"unused"}"#
        }
        var random = Generator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index))
        let date = sendDate(index, &random)
        if index % 2 == 0 {
            let text = paragraph(&random, 1, 3)
            if random.next(100) < 3 {
                // Another writer's spacing: a line that must survive byte for byte.
                return #"{"name": "User", "is_user": true, "is_system": false, "send_date": \#(date), "mes": \#(JSONValue.quoted(text)), "extra": {"isSmallSys": false, "token_count": 1.50}}"#
            }
            return #"{"name":"User","is_user":true,"is_system":false,"send_date":\#(date),"mes":\#(JSONValue.quoted(text)),"extra":{"isSmallSys":false}}"#
        }
        if random.next(100) < 3 {
            return #"{"name":"System","is_user":false,"is_system":"","send_date":\#(date),"mes":\#(JSONValue.quoted(paragraph(&random, 1, 1))),"force_avatar":"img/five.png","extra":{"type":"narrator","bias":null,"gen_id":\#(1_779_285_840_000 + index),"isSmallSys":false,"api":"manual","model":"slash command"}}"#
        }
        let answer = paragraph(&random, 1, random.next(100) < 2 ? 40 : 6)
        let thought = paragraph(&random, 2, 10)
        let inline = random.next(100) < 25
        let mes = inline ? "<think>\n" + thought + "\n</think>\n\n" + answer : answer
        var extra = #""api":"openai","model":"deepseek-reasoner""#
        if !inline {
            extra += #","reasoning":\#(JSONValue.quoted(thought)),"reasoning_duration":\#(200 + random.next(90_000)),"reasoning_type":"model","reasoning_signature":null"#
        }
        var swipes = [mes]
        for _ in 0..<[0, 0, 0, 1, 2][random.next(5)] { swipes.append(paragraph(&random, 1, 4)) }
        let info = #"{"send_date":\#(date),"gen_started":\#(date),"gen_finished":\#(date),"extra":{\#(extra)}}"#
        let hidden = random.next(100) < 5 ? #","is_system":true"# : ""
        return #"{"name":"Alice","is_user":false,"send_date":\#(date),"mes":\#(JSONValue.quoted(mes)),"extra":{\#(extra)},"title":"","gen_started":\#(date),"gen_finished":\#(date),"swipe_id":0,"swipes":[\#(swipes.map(JSONValue.quoted).joined(separator: ","))],"swipe_info":[\#(Array(repeating: info, count: swipes.count).joined(separator: ","))]\#(hidden)}"#
    }

    static let words = ("the of and to in is that for it as with was on be by this are or an from at which but not "
        + "have has had reasoning step answer check because therefore first then finally consider wait maybe "
        + "café naïve 東京 данные 🙂 x<y a>b ``` </th <thin \"quoted\" back\\slash tab\tstop").split(separator: " ")

    static func paragraph(_ random: inout Generator, _ low: Int, _ high: Int) -> String {
        let sentences = low + random.next(high - low + 1)
        return (0..<sentences).map { _ in
            let count = 4 + random.next(14)
            let text = (0..<count).map { _ in String(words[random.next(words.count)]) }.joined(separator: " ")
            return text.prefix(1).uppercased() + text.dropFirst() + [".", "?", "!", "..."][random.next(4)]
        }.joined(separator: " ")
    }

    /// JSON text of a `send_date` in one of SillyTavern's styles.
    static func sendDate(_ i: Int, _ random: inout Generator) -> String {
        switch random.next(20) {
        case 0..<16:
            let text = "2026-\(pad(1 + i % 12))-\(pad(1 + i % 28))T\(pad(i % 24)):\(pad(i % 60)):\(pad(i * 7 % 60)).\(pad(i % 1000, 3))Z"
            return JSONValue.quoted(text)
        case 16..<19:
            return JSONValue.quoted("January \(1 + i % 28), 2025 \(1 + i % 12):\(pad(i % 60))pm")
        default:
            return String(1_735_689_600_000 + i * 1000)
        }
    }

    static func pad(_ n: Int, _ width: Int = 2) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// A small deterministic generator (SplitMix64).
    struct Generator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Int(z % UInt64(max(1, bound)))
        }
    }
}
