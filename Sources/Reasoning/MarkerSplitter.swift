// The streaming splitter for marker profiles (`<think>…</think>` and its relatives).
//
// Two layers. The router walks the bytes once, finds markers (leftmost, then shortest), and holds back
// only an unfinished marker at the end of a chunk. The shaper trims whitespace at the edges of each
// channel, holding trailing whitespace until it knows whether more text follows.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

struct MarkerSplitter: ChunkRouter {
    enum Phase {
        /// Before the first non-whitespace byte of the output: a block may open here.
        case start
        /// Just inside a reasoning block: leading whitespace, a duplicated open marker, a label.
        case head
        /// Inside a reasoning block.
        case body
        /// Just after a block closed: whitespace, then maybe an answer wrapper.
        case afterClose
        /// The answer.
        case content
    }

    /// How the shaper treats the edges of the content channel right now.
    enum ContentEdges { case verbatim, dropLeading, trimBoth, holdTrailing }

    let profile: ReasoningProfile
    let options: SplitOptions
    let opens: [[UInt8]], closes: [[UInt8]], tools: [[UInt8]], label: [UInt8]?
    let wrappers: [(open: [UInt8], close: [UInt8])]
    let isTemplate: Bool, templateStrict: Bool
    /// The longest marker, which bounds how much the router ever holds back (outside the leading whitespace).
    let longest: Int

    var phase: Phase
    var active = MarkerSet()
    var openAnywhere: Bool
    var forcedOpen: Bool
    var duplicateStripped = false, labelStripped = false, wrapperUsed = false
    var inWrapper: Int? = nil
    var announceStart: Bool
    /// Whether the last reasoning byte routed ended a line (for tool openers at line start).
    var lineStart = true
    /// Leading whitespace plus the open marker of a template block, for SillyTavern's no-match result.
    var templateOpening: [UInt8] = []

    // Shaper state.
    var reasoningLeading = true
    var reasoningHeld: [UInt8] = []
    var contentEdges = ContentEdges.verbatim
    var contentLeading = true
    var contentHeld: [UInt8] = []

    // Router hold-back.
    var held: [UInt8] = []
    var scratch: [UInt8] = []
    var window: Int { max(64, 2 * longest) }

    private(set) var sawBlock = false
    private(set) var closedBlock = false
    private(set) var truncatedInReasoning = false
    private(set) var contentBytes = 0

    init(profile: ReasoningProfile, options: SplitOptions) {
        self.profile = profile
        self.options = options
        opens = profile.openMarkers.map { Array($0.utf8) }
        closes = profile.closeMarkers.map { Array($0.utf8) }
        tools = profile.toolStarts.map { Array($0.utf8) }
        label = profile.label.map { Array($0.utf8) }
        wrappers = profile.contentWrappers.map { (Array($0.open.utf8), Array($0.close.utf8)) }
        if case .template(let strict) = profile.kind {
            isTemplate = true
            templateStrict = strict
        } else {
            isTemplate = false
            templateStrict = true
        }
        longest = (opens + closes + tools + wrappers.flatMap { [$0.open, $0.close] } + [label ?? []])
            .map(\.count).max() ?? 1
        forcedOpen = options.start == .reasoning
        announceStart = forcedOpen
        openAnywhere = isTemplate && !templateStrict
        if forcedOpen {
            phase = .head
            sawBlock = true
        } else if openAnywhere {
            phase = .content
        } else {
            phase = .start
        }
        held.reserveCapacity(64)
        scratch.reserveCapacity(256)
        reasoningHeld.reserveCapacity(64)
        recompute()
    }

    // MARK: feeding

    mutating func feed<S: SplitSink>(_ chunk: UnsafeRawBufferPointer, into sink: inout S) {
        if announceStart {
            announceStart = false
            sink.boundary(.reasoningStarted)
        }
        feedChunk(chunk, into: &sink)
    }

    mutating func finish<S: SplitSink>(into sink: inout S) {
        if announceStart {
            announceStart = false
            sink.boundary(.reasoningStarted)
        }
        finishChunks(into: &sink)
        switch phase {
        case .head, .body:
            truncatedInReasoning = true
            reasoningHeld.removeAll()
            if isTemplate {
                sink.boundary(.templateBlockUnclosed(opening: templateOpening))
            }
            sink.boundary(.reasoningEnded(truncated: true))
        case .start, .afterClose, .content:
            break
        }
        // Whitespace still held at the end of a trimmed answer is dropped.
        contentHeld.removeAll()
    }

    // MARK: router

    /// Routes `buf`; returns how many bytes were consumed. The rest (an unfinished marker, or the leading
    /// whitespace before one) is held by the caller and offered again with the next chunk.
    mutating func route<S: SplitSink>(_ buf: UnsafeRawBufferPointer, final: Bool, into sink: inout S) -> Int {
        let end = buf.count
        var i = 0
        outer: while i < end {
            switch phase {
            case .content where active.isEmpty:
                emitContent(buf, i, end, &sink)
                return end
            case .content, .body:
                var p = i
                while true {
                    p = active.nextCandidate(buf, from: p, end: end)
                    if p == end {
                        emitText(buf, i, end, &sink)
                        return end
                    }
                    switch match(buf, at: p, end: end, final: final, runStart: i) {
                    case .none:
                        p += 1
                    case .partial:
                        emitText(buf, i, p, &sink)
                        return p
                    case .full(let m):
                        emitText(buf, i, p, &sink)
                        i = p + m.length
                        act(m, buf, p, &sink)
                        continue outer
                    }
                }
            case .start, .head, .afterClose:
                var p = i
                while p < end {
                    switch match(buf, at: p, end: end, final: final, runStart: i) {
                    case .partial:
                        if phase == .start { return i }
                        emitText(buf, i, p, &sink)
                        return p
                    case .full(let m):
                        if phase == .start {
                            if isTemplate { templateOpening = Array(UnsafeRawBufferPointer(rebasing: buf[i..<(p + m.length)])) }
                        } else {
                            emitText(buf, i, p, &sink)
                        }
                        i = p + m.length
                        act(m, buf, p, &sink)
                        continue outer
                    case .none:
                        let w = whitespaceLength(buf, p, end, final: final)
                        if w > 0 {
                            p += w
                            continue
                        }
                        if w < 0 {  // a multi-byte space may be arriving
                            if phase == .start { return i }
                            emitText(buf, i, p, &sink)
                            return p
                        }
                        // The first real text: no (more) markers anchored at the beginning.
                        switch phase {
                        case .start:
                            contentEdges = .verbatim
                            setPhase(.content)
                        case .head:
                            emitText(buf, i, p, &sink)
                            i = p
                            setPhase(.body)
                        default:
                            emitText(buf, i, p, &sink)
                            i = p
                            setPhase(.content)
                        }
                        continue outer
                    }
                }
                // Only whitespace so far.
                if phase == .start {
                    if !final { return i }
                    contentEdges = .verbatim
                    setPhase(.content)
                    continue outer
                }
                emitText(buf, i, end, &sink)
                return end
            }
        }
        return end
    }

    @inline(__always)
    func match(_ buf: UnsafeRawBufferPointer, at p: Int, end: Int, final: Bool, runStart: Int) -> MatchResult {
        let avail = end - p
        var partial = false
        return active.pool.withUnsafeBytes { pool in
            for m in active.entries {
                let n = min(avail, m.length)
                if n < m.length && final { continue }
                guard memcmp(buf.baseAddress! + p, pool.baseAddress! + m.offset, n) == 0 else { continue }
                if m.role == .tool && !atLineStart(buf, p, runStart) { continue }
                if n == m.length { return .full(m) }
                partial = true
            }
            return partial ? .partial : .none
        }
    }

    /// Whether `p` begins a line: only spaces or tabs since the last newline (or since the block opened).
    @inline(__always)
    func atLineStart(_ buf: UnsafeRawBufferPointer, _ p: Int, _ runStart: Int) -> Bool {
        var k = p - 1
        while k >= runStart {
            switch buf[k] {
            case 0x0A: return true
            case 0x20, 0x09, 0x0D: k -= 1
            default: return false
            }
        }
        return lineStart
    }

    /// Length of the whitespace character at `p` (0: none, -1: cannot tell yet). Templates use JavaScript's
    /// `\s`; model profiles ASCII whitespace.
    @inline(__always)
    func whitespaceLength(_ buf: UnsafeRawBufferPointer, _ p: Int, _ end: Int, final: Bool) -> Int {
        let b = buf[p]
        if isASCIISpace(b) { return 1 }
        guard isTemplate, b >= 0xC2 else { return 0 }
        let w = JSWhitespace.length(buf, at: p)
        if w > 0 { return w }
        // A lead byte of a possible space whose continuation bytes have not arrived.
        if !final && end - p < 3 && [0xC2, 0xE1, 0xE2, 0xE3, 0xEF].contains(b) { return -1 }
        return 0
    }

    // MARK: actions

    mutating func act<S: SplitSink>(_ m: MarkerEntry, _ buf: UnsafeRawBufferPointer, _ p: Int, _ sink: inout S) {
        switch m.role {
        case .open:
            if phase == .content { flushContentEdges() }
            if isTemplate && phase != .start {
                templateOpening = Array(UnsafeRawBufferPointer(rebasing: buf[p..<(p + m.length)]))
            }
            sawBlock = true
            openAnywhere = false
            reasoningLeading = true
            lineStart = true
            sink.boundary(.reasoningStarted)
            setPhase(.head)
        case .close:
            endReasoning(&sink, truncated: false)
            closedBlock = true
            forcedOpen = false
            contentEdges = isTemplate ? .verbatim : .dropLeading
            contentLeading = true
            setPhase(.afterClose)
        case .strayClose:
            contentEdges = .dropLeading
            contentLeading = true
            setPhase(.afterClose)
        case .tool:
            endReasoning(&sink, truncated: false)
            closedBlock = true
            forcedOpen = false
            contentEdges = .verbatim
            setPhase(.content)
            emitContent(buf, p, p + m.length, &sink)
        case .duplicateOpen:
            duplicateStripped = true
            recompute()
        case .label:
            labelStripped = true
            recompute()
        case .wrapperOpen:
            wrapperUsed = true
            contentLeading = true
            contentHeld.removeAll(keepingCapacity: true)
            if wrappers[m.index].close.isEmpty {
                contentEdges = .dropLeading
            } else {
                inWrapper = m.index
                contentEdges = .trimBoth
            }
            setPhase(.content)
        case .wrapperClose:
            inWrapper = nil
            contentHeld.removeAll(keepingCapacity: true)
            contentEdges = .holdTrailing
            setPhase(.content)
        case .message, .start, .channel, .end:
            break
        }
    }

    mutating func endReasoning<S: SplitSink>(_ sink: inout S, truncated: Bool) {
        reasoningHeld.removeAll(keepingCapacity: true)
        sink.boundary(.reasoningEnded(truncated: truncated))
    }

    mutating func flushContentEdges() {
        contentHeld.removeAll(keepingCapacity: true)
    }

    mutating func setPhase(_ next: Phase) {
        phase = next
        recompute()
    }

    /// The markers that can match in the current phase.
    mutating func recompute() {
        var items: [([UInt8], MarkerRole, Int)] = []
        let multi = options.multiBlock
        switch phase {
        case .start:
            if options.start != .content { items += opens.map { ($0, .open, 0) } }
            if !wrapperUsed { items += wrappers.enumerated().map { ($0.element.open, .wrapperOpen, $0.offset) } }
            if profile.dropsStrayClose { items += closes.map { ($0, .strayClose, 0) } }
        case .head:
            items += closes.map { ($0, .close, 0) }
            items += tools.map { ($0, .tool, 0) }
            if forcedOpen && !duplicateStripped && !isTemplate { items += opens.map { ($0, .duplicateOpen, 0) } }
            if let label, !labelStripped { items.append((label, .label, 0)) }
        case .body:
            items += closes.map { ($0, .close, 0) }
            items += tools.map { ($0, .tool, 0) }
        case .afterClose:
            if !wrapperUsed { items += wrappers.enumerated().map { ($0.element.open, .wrapperOpen, $0.offset) } }
            if multi { items += opens.map { ($0, .open, 0) } }
        case .content:
            if multi || openAnywhere { items += opens.map { ($0, .open, 0) } }
            if let w = inWrapper { items.append((wrappers[w].close, .wrapperClose, w)) }
        }
        active = MarkerSet(items)
    }

    // MARK: shaper

    @inline(__always)
    mutating func emitText<S: SplitSink>(_ buf: UnsafeRawBufferPointer, _ from: Int, _ to: Int, _ sink: inout S) {
        guard from < to else { return }
        switch phase {
        case .head, .body: emitReasoning(buf, from, to, &sink)
        case .start, .afterClose, .content: emitContent(buf, from, to, &sink)
        }
    }

    @inline(__always)
    mutating func emitReasoning<S: SplitSink>(_ buf: UnsafeRawBufferPointer, _ from: Int, _ to: Int, _ sink: inout S) {
        guard from < to else { return }
        if !tools.isEmpty { trackLineStart(buf, from, to) }
        if isTemplate {
            sink.reasoning(UnsafeRawBufferPointer(rebasing: buf[from..<to]))
            return
        }
        var a = from
        if reasoningLeading {
            while a < to && isASCIISpace(buf[a]) { a += 1 }
            if a == to { return }
            reasoningLeading = false
        }
        var t = to
        while t > a && isASCIISpace(buf[t - 1]) { t -= 1 }
        if t == a {
            reasoningHeld.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[a..<to]))
            return
        }
        if !reasoningHeld.isEmpty {
            reasoningHeld.withUnsafeBytes { sink.reasoning($0) }
            reasoningHeld.removeAll(keepingCapacity: true)
        }
        sink.reasoning(UnsafeRawBufferPointer(rebasing: buf[a..<t]))
        if t < to { reasoningHeld.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[t..<to])) }
    }

    @inline(__always)
    mutating func emitContent<S: SplitSink>(_ buf: UnsafeRawBufferPointer, _ from: Int, _ to: Int, _ sink: inout S) {
        guard from < to else { return }
        var a = from
        switch contentEdges {
        case .verbatim:
            contentBytes += to - from
            sink.content(UnsafeRawBufferPointer(rebasing: buf[from..<to]))
            return
        case .dropLeading:
            if contentLeading {
                while a < to && isASCIISpace(buf[a]) { a += 1 }
                if a == to { return }
                contentLeading = false
            }
            contentBytes += to - a
            sink.content(UnsafeRawBufferPointer(rebasing: buf[a..<to]))
            return
        case .trimBoth, .holdTrailing:
            if contentLeading && contentEdges == .trimBoth {
                while a < to && isASCIISpace(buf[a]) { a += 1 }
                if a == to { return }
                contentLeading = false
            }
        }
        var t = to
        while t > a && isASCIISpace(buf[t - 1]) { t -= 1 }
        if t == a {
            contentHeld.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[a..<to]))
            return
        }
        if !contentHeld.isEmpty {
            contentBytes += contentHeld.count
            contentHeld.withUnsafeBytes { sink.content($0) }
            contentHeld.removeAll(keepingCapacity: true)
        }
        contentBytes += t - a
        sink.content(UnsafeRawBufferPointer(rebasing: buf[a..<t]))
        if t < to { contentHeld.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[t..<to])) }
    }

    @inline(__always)
    mutating func trackLineStart(_ buf: UnsafeRawBufferPointer, _ from: Int, _ to: Int) {
        var k = to - 1
        while k >= from {
            switch buf[k] {
            case 0x0A: lineStart = true; return
            case 0x20, 0x09, 0x0D: k -= 1
            default: lineStart = false; return
            }
        }
    }
}

@inline(__always)
func isASCIISpace(_ b: UInt8) -> Bool {
    b == 0x20 || (b >= 0x09 && b <= 0x0D)
}
