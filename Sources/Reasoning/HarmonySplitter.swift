// gpt-oss Harmony: messages `<|start|>ROLE<|channel|>CHANNEL [to=RECIPIENT] [<|constrain|>TYPE]<|message|>BODY`
// ended by `<|end|>`, `<|return|>` or `<|call|>`. analysis → reasoning, final and commentary → answer,
// a recipient → tool call. The prompt normally ends with `<|start|>assistant`, so output begins in a header.

@usableFromInline
struct HarmonySplitter: ChunkRouter, Sendable {
    @usableFromInline
    enum Route: Equatable, Sendable { case reasoning, content, tool }
    @usableFromInline
    enum Phase: Equatable, Sendable { case header, body(Route), outside }

    static let messageToken = Array("<|message|>".utf8)
    static let startToken = Array("<|start|>".utf8)
    static let channelToken = Array("<|channel|>".utf8)
    static let endTokens = ["<|end|>", "<|return|>", "<|call|>"].map { Array($0.utf8) }
    /// A header longer than this is not a header: the text is shown as the answer.
    static let headerLimit = 1024

    static let headerStorage = MarkerStorage([(messageToken, .message, 0), (startToken, .start, 0)])
    static let bodyStorage = MarkerStorage(endTokens.map { ($0, MarkerRole.end, 0) }
        + [(startToken, .start, 0), (channelToken, .channel, 0)])
    var headerSet: MarkerSet { HarmonySplitter.headerStorage.set }
    var bodySet: MarkerSet { HarmonySplitter.bodyStorage.set }
    var outsideSet: MarkerSet { HarmonySplitter.bodyStorage.set }

    var phase: Phase
    var header: [UInt8] = []
    var announce: SplitBoundary?
    /// The edges of the current analysis message.
    var reasoning = EdgeTrim()

    @usableFromInline var held: [UInt8] = []
    @usableFromInline var window: Int { 64 }

    private(set) var sawBlock = false
    private(set) var closedBlock = false
    private(set) var truncatedInReasoning = false
    private(set) var contentBytes = 0

    @usableFromInline
    init(options: SplitOptions) {
        switch options.start {
        case .detect: phase = .header
        case .reasoning:
            phase = .body(.reasoning)
            announce = .reasoningStarted
            sawBlock = true
        case .content: phase = .body(.content)
        }
    }

    var active: MarkerSet {
        switch phase {
        case .header: return headerSet
        case .body: return bodySet
        case .outside: return outsideSet
        }
    }

    @usableFromInline
    mutating func feed<S: SplitSink>(_ chunk: UnsafeRawBufferPointer, into sink: inout S) {
        if let a = announce {
            announce = nil
            sink.boundary(a)
        }
        feedChunk(chunk, into: &sink)
    }

    @usableFromInline
    mutating func finish<S: SplitSink>(into sink: inout S) {
        if let a = announce {
            announce = nil
            sink.boundary(a)
        }
        finishChunks(into: &sink)
        switch phase {
        case .header:
            // Plain text that never became a header is the answer; a cut-off header is dropped.
            if !header.isEmpty && !header.contains(0x3C) {
                contentBytes += header.count
                header.withUnsafeBytes { sink.content($0) }
            }
            header.removeAll()
        case .body(.reasoning):
            truncatedInReasoning = true
            reasoning.held.clear()
            sink.boundary(.reasoningEnded(truncated: true))
        case .body(.tool):
            sink.boundary(.toolCallEnded)
        case .body(.content), .outside:
            break
        }
    }

    @usableFromInline
    mutating func route<S: SplitSink>(_ buf: UnsafeRawBufferPointer, final: Bool, into sink: inout S) -> Int {
        let end = buf.count
        var i = 0
        outer: while i < end {
            let set = active
            var p = i
            while true {
                p = set.nextCandidate(buf, from: p, end: end)
                if p == end {
                    emit(buf, i, end, &sink)
                    return end
                }
                switch match(set, buf, p, end, final) {
                case .none:
                    p += 1
                case .partial:
                    emit(buf, i, p, &sink)
                    return p
                case .full(let m):
                    emit(buf, i, p, &sink)
                    i = p + m.length
                    act(m, &sink)
                    continue outer
                }
            }
        }
        return end
    }

    func match(_ set: MarkerSet, _ buf: UnsafeRawBufferPointer, _ p: Int, _ end: Int, _ final: Bool) -> MatchResult {
        let avail = end - p
        var partial = false
        for k in 0..<set.count {
            let m = set.entry(k)
            let n = min(avail, m.length)
            if n < m.length && final { continue }
            guard set.same(buf, p, m, n) else { continue }
            if n == m.length { return .full(m) }
            partial = true
        }
        return partial ? .partial : .none
    }

    mutating func act<S: SplitSink>(_ m: MarkerEntry, _ sink: inout S) {
        switch (phase, m.role) {
        case (.header, .message):
            beginMessage(&sink)
        case (.header, .start):
            header.removeAll(keepingCapacity: true)
        case (.body, .end):
            endMessage(&sink)
            phase = .outside
        case (.body, .start), (.outside, .start):
            endMessage(&sink)
            header.removeAll(keepingCapacity: true)
            phase = .header
        case (.body, .channel), (.outside, .channel):
            // A new header without `<|end|><|start|>`: keep the channel token for the header parse.
            endMessage(&sink)
            header = HarmonySplitter.channelToken
            phase = .header
        case (.outside, .end):
            break
        default:
            break
        }
    }

    mutating func beginMessage<S: SplitSink>(_ sink: inout S) {
        let h = HarmonyHeader(header)
        header.removeAll(keepingCapacity: true)
        if let recipient = h.recipient {
            phase = .body(.tool)
            sink.boundary(.toolCallStarted(recipient: recipient, constraint: h.constraint))
        } else if h.channel == "analysis" {
            phase = .body(.reasoning)
            sawBlock = true
            reasoning.leading = true
            sink.boundary(.reasoningStarted)
        } else {
            phase = .body(.content)
        }
    }

    mutating func endMessage<S: SplitSink>(_ sink: inout S) {
        switch phase {
        case .body(.reasoning):
            reasoning.held.clear()
            closedBlock = true
            sink.boundary(.reasoningEnded(truncated: false))
        case .body(.tool):
            sink.boundary(.toolCallEnded)
        default:
            break
        }
    }

    mutating func emit<S: SplitSink>(_ buf: UnsafeRawBufferPointer, _ from: Int, _ to: Int, _ sink: inout S) {
        guard from < to else { return }
        let slice = UnsafeRawBufferPointer(rebasing: buf[from..<to])
        switch phase {
        case .header:
            header.append(contentsOf: slice)
            if header.count > HarmonySplitter.headerLimit {
                contentBytes += header.count
                header.withUnsafeBytes { sink.content($0) }
                header.removeAll()
                phase = .body(.content)
            }
        case .body(.content):
            contentBytes += slice.count
            sink.content(slice)
        case .body(.tool):
            sink.toolArguments(slice)
        case .body(.reasoning):
            emitReasoning(buf, from, to, &sink)
        case .outside:
            // Between messages only whitespace is expected; stray text is kept as answer text.
            var a = from
            while a < to {
                var b = a
                while b < to && !isASCIISpace(buf[b]) { b += 1 }
                if b > a {
                    contentBytes += b - a
                    sink.content(UnsafeRawBufferPointer(rebasing: buf[a..<b]))
                }
                a = b
                while a < to && isASCIISpace(buf[a]) { a += 1 }
            }
        }
    }

    mutating func emitReasoning<S: SplitSink>(_ buf: UnsafeRawBufferPointer, _ from: Int, _ to: Int, _ sink: inout S) {
        _ = reasoning.pass(buf, from, to) { sink.reasoning($0) }
    }
}

/// The parts of a Harmony message header: `ROLE [to=R]<|channel|>CHANNEL [to=R] [<|constrain|>TYPE]`.
struct HarmonyHeader {
    var role = ""
    var channel = ""
    var recipient: String?
    var constraint: String?

    init(_ bytes: [UInt8]) {
        var spaced = bytes
        for token in ["<|constrain|>", "<|channel|>"] {
            let t = Array(token.utf8)
            spaced = spaced.replacingAll(t, with: [0x20] + t + [0x20])
        }
        let text = String(decoding: spaced, as: UTF8.self)
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).map(String.init)
        var inChannel = false
        var k = 0
        while k < words.count {
            let w = words[k]
            if w == "<|channel|>" {
                inChannel = true
            } else if w == "<|constrain|>" {
                if k + 1 < words.count { constraint = words[k + 1]; k += 1 }
            } else if w.hasPrefix("to=") {
                recipient = String(w.dropFirst(3))
            } else if inChannel {
                if channel.isEmpty { channel = w }
            } else if role.isEmpty {
                role = w
            }
            k += 1
        }
    }

    var route: HarmonySplitter.Route {
        if recipient != nil { return .tool }
        return channel == "analysis" ? .reasoning : .content
    }
}

extension Array where Element == UInt8 {
    /// Every occurrence of `target` replaced (byte-level, so no Unicode normalisation gets in the way).
    func replacingAll(_ target: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var i = 0
        while i < count {
            if i + target.count <= count && self[i] == target[0] && Array(self[i..<(i + target.count)]) == target {
                out += replacement
                i += target.count
            } else {
                out.append(self[i])
                i += 1
            }
        }
        return out
    }

    /// The first offset ≥ `from` of `needle`, or nil.
    func firstOffset(of needle: [UInt8], from: Int = 0) -> Int? {
        withUnsafeBytes { h in needle.withUnsafeBytes { n in ByteSearch.find(n, in: h, from: from) } }
    }

    /// The last offset of `needle`, or nil.
    func lastOffset(of needle: [UInt8]) -> Int? {
        guard !needle.isEmpty, needle.count <= count else { return nil }
        var i = count - needle.count
        while i >= 0 {
            if self[i] == needle[0] && Array(self[i..<(i + needle.count)]) == needle { return i }
            i -= 1
        }
        return nil
    }
}

enum HarmonyStart {
    /// The start state implied by a prompt tail: an unfinished message header at its end decides.
    static func fromPromptTail(_ bytes: [UInt8]) -> SplitStart {
        guard let start = bytes.lastOffset(of: HarmonySplitter.startToken) else { return .detect }
        let tail = Array(bytes[(start + HarmonySplitter.startToken.count)...])
        for end in HarmonySplitter.endTokens where tail.firstOffset(of: end) != nil { return .detect }
        guard let msg = tail.firstOffset(of: HarmonySplitter.messageToken) else { return .detect }
        let h = HarmonyHeader(Array(tail[..<msg]))
        return h.route == .reasoning ? .reasoning : .content
    }
}
