// `--parse-reasoning`'s common case in one pass: a message whose text opens with a block, whose keys are plain and
// unique, is written straight into the output — the new text, extra and current swipe spliced into the line's own
// bytes — without editors or intermediate copies. Anything else returns false and takes the general path
// (`apply`), which makes the same bytes (ParseReasoningWriterTests holds the two equal).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffers one worker reuses from line to line.
struct ParseScratch {
    var text: [UInt8] = []
    var content: [UInt8] = []
    var extra: [UInt8] = []
    var info: [UInt8] = []
    var members: [JSONMember] = []
    var texts: [Range<Int>] = []
    var infos: [Range<Int>] = []
}

private let quote = UInt8(ascii: "\"")

extension ParseReasoning {
    /// Appends the parsed message (the object at `object` of `buffer`, whose top-level `members` a scan found) to
    /// `out` and returns true; returns false, having written nothing, when the line needs the general path.
    func writeParsed(_ buffer: UnsafeRawBufferPointer, object: Range<Int>, members: [JSONMember],
                     scratch s: inout ParseScratch, into out: inout [UInt8]) -> Bool {
        guard reasoningFilter == nil, let address = buffer.baseAddress else { return false }
        let base = address.assumingMemoryBound(to: UInt8.self)
        var mes = -1, extra = -1, swipes = -1, infos = -1, swipeID = -1, sendDate = -1, genStarted = -1, genFinished = -1
        for k in members.indices {
            let m = members[k]
            if m.keyHasEscape { return false }
            switch m.keyEnd - m.keyStart - 2 {
            case 3 where named(m, "mes", base): guard mes < 0 else { return false }; mes = k
            case 5 where named(m, "extra", base): guard extra < 0 else { return false }; extra = k
            case 6 where named(m, "swipes", base): guard swipes < 0 else { return false }; swipes = k
            case 8 where named(m, "swipe_id", base): guard swipeID < 0 else { return false }; swipeID = k
            case 9 where named(m, "send_date", base): guard sendDate < 0 else { return false }; sendDate = k
            case 10 where named(m, "swipe_info", base): guard infos < 0 else { return false }; infos = k
            case 11 where named(m, "gen_started", base): guard genStarted < 0 else { return false }; genStarted = k
            case 12 where named(m, "gen_finished", base): guard genFinished < 0 else { return false }; genFinished = k
            default: break
            }
        }
        // The text: a non-empty string other than "...", opening with a block.
        guard mes >= 0 else { return false }
        let mesSpan = members[mes].valueRange
        guard mesSpan.count > 2, base[mesSpan.lowerBound] == quote else { return false }
        s.text.removeAll(keepingCapacity: true)
        JSONStringBytes.decodeBytes(buffer, mesSpan, into: &s.text)
        if s.text.count == 3 && s.text[0] == 0x2E && s.text[1] == 0x2E && s.text[2] == 0x2E { return false }

        // extra: an object whose reasoning is falsy, or anything else (then a new object replaces it).
        var extraObject: Range<Int>? = nil
        var reasoningAt = -1, typeAt = -1
        if extra >= 0, base[members[extra].valueStart] == UInt8(ascii: "{") {
            let span = members[extra].valueRange
            var scanner = JSONScanner(buffer)
            guard (try? scanner.members(ofObjectAt: span.lowerBound, limit: span.upperBound, into: &s.members)) != nil
            else { return false }
            for k in s.members.indices {
                let m = s.members[k]
                if m.keyHasEscape { return false }
                if named(m, "reasoning", base) {
                    guard reasoningAt < 0 else { return false }
                    reasoningAt = k
                } else if named(m, "reasoning_type", base) {
                    guard typeAt < 0 else { return false }
                    typeAt = k
                }
            }
            if reasoningAt >= 0 && JSONTruth.isTruthy(buffer, s.members[reasoningAt].valueRange) { return false }
            extraObject = span
        }
        guard let split = s.text.withUnsafeBytes({ splitter.split($0) }) else { return false }

        // The new extra and the new text.
        s.extra.removeAll(keepingCapacity: true)
        s.content.removeAll(keepingCapacity: true)
        s.text.withUnsafeBufferPointer { text in
            let reasoning = UnsafeBufferPointer(rebasing: text[split.reasoning])
            JSONStringBytes.encode(utf8: UnsafeBufferPointer(rebasing: text[split.content]), into: &s.content)
            if let object = extraObject, reasoning.isEmpty {
                s.extra.append(raw: buffer, object)
            } else if let object = extraObject {
                // Present keys change in place (in the order they stand), absent ones go last, reasoning first.
                var at = object.lowerBound
                let reasoningFirst = typeAt < 0 || (reasoningAt >= 0 && reasoningAt < typeAt)
                for pass in 0..<2 {
                    let isReasoning = (pass == 0) == reasoningFirst
                    let k = isReasoning ? reasoningAt : typeAt
                    guard k >= 0 else { continue }
                    s.extra.append(raw: buffer, at..<s.members[k].valueStart)
                    if isReasoning { JSONStringBytes.encode(utf8: reasoning, into: &s.extra) } else { s.extra.append(static: "\"parsed\"") }
                    at = s.members[k].valueEnd
                }
                s.extra.append(raw: buffer, at..<(object.upperBound - 1))
                var hasMembers = !s.members.isEmpty
                if reasoningAt < 0 {
                    s.extra.append(static: hasMembers ? ",\"reasoning\":" : "\"reasoning\":")
                    JSONStringBytes.encode(utf8: reasoning, into: &s.extra)
                    hasMembers = true
                }
                if typeAt < 0 { s.extra.append(static: hasMembers ? ",\"reasoning_type\":\"parsed\"" : "\"reasoning_type\":\"parsed\"") }
                s.extra.append(UInt8(ascii: "}"))
            } else if reasoning.isEmpty {
                s.extra.append(static: "{}")
            } else {
                s.extra.append(static: "{\"reasoning\":")
                JSONStringBytes.encode(utf8: reasoning, into: &s.extra)
                s.extra.append(static: ",\"reasoning_type\":\"parsed\"}")
            }
        }

        // Swipes: the current one takes the message (SillyTavern's syncMesToSwipe); another swipe that may hold a
        // block of its own sends the line to the general path.
        var synced = -1
        if includeSwipes, swipes >= 0, infos >= 0 {
            let textsSpan = members[swipes].valueRange, infosSpan = members[infos].valueRange
            var scanner = JSONScanner(buffer)
            if base[textsSpan.lowerBound] == UInt8(ascii: "["), base[infosSpan.lowerBound] == UInt8(ascii: "["),
               (try? scanner.elements(ofArrayAt: textsSpan.lowerBound, limit: textsSpan.upperBound, into: &s.texts)) != nil {
                let current = swipeID >= 0
                    ? Swipes.index(UnsafeRawBufferPointer(rebasing: buffer[members[swipeID].valueRange]), count: s.texts.count)
                    : nil
                // With only the current swipe there is no other to parse: the infos are scanned up to its own.
                let onlyCurrent = current != nil && s.texts.count == 1
                _ = try? scanner.elements(ofArrayAt: infosSpan.lowerBound, limit: infosSpan.upperBound,
                                          upTo: onlyCurrent ? 1 : Int.max, into: &s.infos)
                if !onlyCurrent && s.texts.count == s.infos.count {
                    for k in s.texts.indices where k != current && mightHoldBlock(buffer, s.texts[k]) { return false }
                }
                if let current, JSONTruth.isTruthy(buffer, s.texts[current]), current < s.infos.count,
                   JSONTruth.isTruthy(buffer, s.infos[current]),
                   base[s.infos[current].lowerBound] == UInt8(ascii: "{") {
                    let values = [sendDate, genStarted, genFinished].map { $0 >= 0 ? members[$0].valueRange : nil }
                    guard writeSyncedInfo(buffer, s.infos[current], values, &s) else { return false }
                    synced = current
                }
            }
        }

        // The message: the four values spliced in where they stand; a new extra goes last.
        var at = object.lowerBound
        var last = -1
        while true {
            // The next patched member after `last`, in the order members stand.
            var next = -1
            for k in [mes, extra, synced >= 0 ? swipes : -1, synced >= 0 ? infos : -1]
                where k > last && (next < 0 || k < next) { next = k }
            guard next >= 0 else { break }
            let value = members[next].valueRange
            out.append(raw: buffer, at..<value.lowerBound)
            if next == mes {
                out.append(contentsOf: s.content)
            } else if next == extra {
                out.append(contentsOf: s.extra)
            } else {
                let element = next == swipes ? s.texts[synced] : s.infos[synced]
                out.append(raw: buffer, value.lowerBound..<element.lowerBound)
                out.append(contentsOf: next == swipes ? s.content : s.info)
                out.append(raw: buffer, element.upperBound..<value.upperBound)
            }
            at = value.upperBound
            last = next
        }
        out.append(raw: buffer, at..<(object.upperBound - 1))
        if extra < 0 {
            out.append(static: ",\"extra\":")
            out.append(contentsOf: s.extra)
        }
        out.append(UInt8(ascii: "}"))
        return true
    }

    /// The current swipe's info with the message's send_date, gen_started, gen_finished (`values`, nil when the
    /// message has none) and new extra, into `s.info`; false when the general path is needed (an info key to
    /// remove, a duplicated or escaped key).
    private func writeSyncedInfo(_ buffer: UnsafeRawBufferPointer, _ object: Range<Int>, _ values: [Range<Int>?],
                                 _ s: inout ParseScratch) -> Bool {
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var scanner = JSONScanner(buffer)
        guard (try? scanner.members(ofObjectAt: object.lowerBound, limit: object.upperBound, into: &s.members)) != nil
        else { return false }
        let keys: [StaticString] = ["send_date", "gen_started", "gen_finished", "extra"]
        var at = [-1, -1, -1, -1]
        for k in s.members.indices {
            let m = s.members[k]
            if m.keyHasEscape { return false }
            for j in 0..<4 where named(m, keys[j], base) {
                guard at[j] < 0 else { return false }
                at[j] = k
            }
        }
        for j in 0..<3 where values[j] == nil && at[j] >= 0 { return false }  // a removal: the general path rebuilds
        s.info.removeAll(keepingCapacity: true)
        var from = object.lowerBound
        var last = -1
        while true {
            var next = -1
            for j in 0..<4 where at[j] > last && (next < 0 || at[j] < at[next]) { next = j }
            guard next >= 0 else { break }
            let member = s.members[at[next]]
            s.info.append(raw: buffer, from..<member.valueStart)
            if next == 3 { s.info.append(contentsOf: s.extra) } else if let value = values[next] { s.info.append(raw: buffer, value) }
            from = member.valueEnd
            last = at[next]
        }
        s.info.append(raw: buffer, from..<(object.upperBound - 1))
        var hasMembers = !s.members.isEmpty
        for j in 0..<4 where at[j] < 0 {
            let value = j == 3 ? nil : values[j]
            guard j == 3 || value != nil else { continue }
            if hasMembers { s.info.append(UInt8(ascii: ",")) }
            s.info.append(quote)
            s.info.append(static: keys[j])
            s.info.append(static: "\":")
            if let value { s.info.append(raw: buffer, value) } else { s.info.append(contentsOf: s.extra) }
            hasMembers = true
        }
        s.info.append(UInt8(ascii: "}"))
        return true
    }
}

@inline(__always)
private func named(_ member: JSONMember, _ key: StaticString, _ base: UnsafePointer<UInt8>) -> Bool {
    member.keyEnd - member.keyStart == key.utf8CodeUnitCount + 2
        && memcmp(base + member.keyStart + 1, key.utf8Start, key.utf8CodeUnitCount) == 0
}

extension Array where Element == UInt8 {
    @inline(__always)
    mutating func append(static text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
