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
import JSCompat

@usableFromInline
struct MarkerSplitter: ChunkRouter, Sendable {
    @usableFromInline
    enum Phase: Sendable {
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
    @usableFromInline
    enum ContentEdges: Sendable { case verbatim, dropLeading, trimBoth, holdTrailing }

    @usableFromInline let profile: ReasoningProfile
    @usableFromInline let options: SplitOptions
    @usableFromInline let opens: [[UInt8]], closes: [[UInt8]], tools: [[UInt8]], label: [UInt8]?
    @usableFromInline let wrappers: [(open: [UInt8], close: [UInt8])]
    @usableFromInline let isTemplate: Bool, templateStrict: Bool
    /// The longest marker, which bounds how much the router ever holds back.
    @usableFromInline let longest: Int

    @usableFromInline var phase: Phase
    /// The markers of the current phase; `active` is its reference-count-free view for the hot loop.
    @usableFromInline var activeStorage = MarkerStorage.empty
    @usableFromInline var active = MarkerSet()
    /// The one marker byte to look for when a chunk of reasoning can take the fast path, or -1.
    @usableFromInline var fastByte = -1
    /// With `fastByte`, the one byte that follows it in every marker, or -1.
    @usableFromInline var fastSecond = -1
    /// The answer passes through untouched (no marker can follow in this phase).
    @usableFromInline var passContent = false
    @usableFromInline let hasTools: Bool
    @usableFromInline var openAnywhere: Bool
    @usableFromInline var forcedOpen: Bool
    @usableFromInline var duplicateStripped = false, labelStripped = false, wrapperUsed = false
    @usableFromInline var inWrapper: Int? = nil
    @usableFromInline var announceStart: Bool
    /// Whether the last reasoning byte routed ended a line (for tool openers at line start).
    @usableFromInline var lineStart = true
    /// Leading whitespace plus the open marker of a template block, for SillyTavern's no-match result.
    @usableFromInline var templateOpening: [UInt8] = []

    // Shaper state.
    @usableFromInline var reasoningTrim = EdgeTrim()
    @usableFromInline var contentEdges = ContentEdges.verbatim
    @usableFromInline var contentTrim = EdgeTrim()
    /// Whitespace at the very start, before a marker or text decides what it is (the router holds only markers).
    @usableFromInline var startSpaces = HeldSpaces()

    // Router hold-back.
    @usableFromInline var held: [UInt8] = []
    @usableFromInline var window: Int { max(64, 2 * longest) }

    @usableFromInline var sawBlock = false
    @usableFromInline var closedBlock = false
    @usableFromInline var truncatedInReasoning = false
    @usableFromInline var contentBytes = 0

    @usableFromInline
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
        hasTools = !profile.toolStarts.isEmpty
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
        recompute()
    }

    // MARK: feeding

    /// The common case inline (a chunk of reasoning with no marker byte in it); everything else in `feedSlow`.
    @inlinable @inline(__always)
    mutating func feed<S: SplitSink>(_ chunk: UnsafeRawBufferPointer, into sink: inout S) {
        if fastByte >= 0, let base = chunk.baseAddress, chunk.count > 0 {
            let n = chunk.count, byte = UInt8(truncatingIfNeeded: fastByte)
            if n >= 9 && n < 128 && fastSecond >= 0 {
                // Small chunks: one pass for the marker's first two bytes together, no branch per lone `<`.
                let q = firstPair(byte, UInt8(truncatingIfNeeded: fastSecond), base, n)
                if q == n || onlyFalseCandidates(chunk, byte, from: q) {
                    emitReasoningBody(base, n, &sink)
                    return
                }
                feedSlow(chunk, into: &sink)
                return
            }
            var q = firstIndex(of: byte, base, from: 0, to: n)
            // A marker byte whose next byte cannot continue a marker (`a < b`) keeps the chunk on the fast path;
            // anything closer to a marker is checked out of line.
            while q < n {
                if q + 1 == n || !active.hasSecond || active.isSecond(base.load(fromByteOffset: q + 1, as: UInt8.self)) {
                    if !onlyFalseCandidates(chunk, byte, from: q) { break }
                    q = n
                    break
                }
                q = firstIndex(of: byte, base, from: q + 1, to: n)
            }
            if q == n {
                emitReasoningBody(base, n, &sink)
                return
            }
        }
        if passContent {
            contentBytes &+= chunk.count
            sink.content(chunk)
            return
        }
        feedSlow(chunk, into: &sink)
    }

    /// Whether no occurrence of `byte` from `q` on starts a marker (the chunk can still take the fast path).
    /// Out of line so the inlined fast path stays small; `mutating` only so `self` is passed by reference.
    @inlinable @inline(never)
    mutating func onlyFalseCandidates(_ chunk: UnsafeRawBufferPointer, _ byte: UInt8, from q: Int) -> Bool {
        let n = chunk.count, base = chunk.baseAddress.unsafelyUnwrapped
        var q = q
        while q < n, case .none = match(chunk, at: q, end: n, final: false, runStart: 0) {
            q = firstIndex(of: byte, base, from: q + 1, to: n)
        }
        return q == n
    }

    @inlinable @inline(never)
    mutating func feedSlow<S: SplitSink>(_ chunk: UnsafeRawBufferPointer, into sink: inout S) {
        if announceStart {
            announceStart = false
            sink.boundary(.reasoningStarted)
        }
        defer { refreshFastPath() }
        guard held.isEmpty else {
            feedChunk(chunk, into: &sink)
            return
        }
        let used = route(chunk, final: false, into: &sink)
        if used < chunk.count { held.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[used...])) }
    }

    /// Opens the fast paths when nothing is held and the phase allows them (after every slow step).
    @inlinable
    mutating func refreshFastPath() {
        fastByte = phase == .body && !isTemplate && !reasoningTrim.leading && held.isEmpty ? active.single : -1
        fastSecond = fastByte >= 0 ? active.secondSingle : -1
        passContent = phase == .content && active.isEmpty && held.isEmpty
            && (contentEdges == .verbatim || (contentEdges == .dropLeading && !contentTrim.leading))
    }

    /// The fast path's emit: reasoning past its leading whitespace. A chunk that ends in a non-space (the usual
    /// case) goes out whole; trailing whitespace is held back out of line.
    @inlinable @inline(__always)
    mutating func emitReasoningBody<S: SplitSink>(_ base: UnsafeRawPointer, _ n: Int, _ sink: inout S) {
        let last = base.load(fromByteOffset: n - 1, as: UInt8.self)
        let before = n >= 2 ? base.load(fromByteOffset: n - 2, as: UInt8.self) : 0x20
        let lastIsSpace = isASCIISpace(last)
        // One space after a word is the common case; other trailing whitespace and line-start tracking out of line.
        if hasTools || (lastIsSpace && (last != 0x20 || isASCIISpace(before))) {
            emitReasoningBodyTrailing(base, n, &sink)
            return
        }
        let kept = lastIsSpace ? 1 : 0
        if !reasoningTrim.held.isEmpty { reasoningTrim.held.drain { sink.reasoning($0) } }
        sink.reasoning(UnsafeRawBufferPointer(start: base, count: n &- kept))
        // Without a branch: the held run is empty here, so it becomes that one space or stays empty.
        reasoningTrim.held.setSingleSpace(kept)
    }

    @inlinable @inline(never)
    mutating func emitReasoningBodyTrailing<S: SplitSink>(_ base: UnsafeRawPointer, _ n: Int, _ sink: inout S) {
        let chunk = UnsafeRawBufferPointer(start: base, count: n)
        if hasTools { trackLineStart(chunk, 0, n) }
        _ = reasoningTrim.pass(chunk, 0, n) { sink.reasoning($0) }
    }

    @usableFromInline
    mutating func finish<S: SplitSink>(into sink: inout S) {
        if announceStart {
            announceStart = false
            sink.boundary(.reasoningStarted)
        }
        finishChunks(into: &sink)
        switch phase {
        case .start:
            // Only whitespace came: it is the answer, verbatim.
            releaseStartSpaces(&sink)
        case .head, .body:
            truncatedInReasoning = true
            reasoningTrim.held.clear()
            if isTemplate {
                sink.boundary(.templateBlockUnclosed(opening: templateOpening))
            }
            sink.boundary(.reasoningEnded(truncated: true))
        case .afterClose, .content:
            break
        }
        // Whitespace still held at the end of a trimmed answer is dropped.
        contentTrim.held.clear()
    }

    // MARK: router

    /// Routes `buf`; returns how many bytes were consumed. The rest (an unfinished marker, or the leading
    /// whitespace before one) is held by the caller and offered again with the next chunk.
    @inlinable
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
                        if phase == .start {
                            startSpaces.append(UnsafeRawBufferPointer(rebasing: buf[i..<p]))
                            return p
                        }
                        emitText(buf, i, p, &sink)
                        return p
                    case .full(let m):
                        if phase == .start {
                            if isTemplate {
                                templateOpening = []
                                startSpaces.drain { templateOpening.append(contentsOf: $0) }
                                templateOpening.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[i..<(p + m.length)]))
                            }
                            startSpaces.clear()
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
                            if phase == .start {
                                startSpaces.append(UnsafeRawBufferPointer(rebasing: buf[i..<p]))
                                return p
                            }
                            emitText(buf, i, p, &sink)
                            return p
                        }
                        // The first real text: no (more) markers anchored at the beginning.
                        switch phase {
                        case .start:
                            contentEdges = .verbatim
                            setPhase(.content)
                            releaseStartSpaces(&sink)
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
                    if !final {
                        startSpaces.append(UnsafeRawBufferPointer(rebasing: buf[i..<end]))
                        return end
                    }
                    contentEdges = .verbatim
                    setPhase(.content)
                    releaseStartSpaces(&sink)
                    continue outer
                }
                emitText(buf, i, end, &sink)
                return end
            }
        }
        return end
    }

    @inlinable
    func match(_ buf: UnsafeRawBufferPointer, at p: Int, end: Int, final: Bool, runStart: Int) -> MatchResult {
        let avail = end - p
        var partial = false
        let set = active
        if set.hasSecond && avail >= 2 && !set.isSecond(buf[p + 1]) { return .none }
        for k in 0..<set.count {
            let m = set.entry(k)
            let n = min(avail, m.length)
            if n < m.length && final { continue }
            guard set.same(buf, p, m, n) else { continue }
            if m.role == .tool && !atLineStart(buf, p, runStart) { continue }
            if n == m.length { return .full(m) }
            partial = true
        }
        return partial ? .partial : .none
    }

    /// Whether `p` begins a line: only spaces or tabs since the last newline (or since the block opened).
    @inlinable
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
    @inlinable
    func whitespaceLength(_ buf: UnsafeRawBufferPointer, _ p: Int, _ end: Int, final: Bool) -> Int {
        let b = buf[p]
        if isASCIISpace(b) { return 1 }
        guard isTemplate, b >= 0xC2 else { return 0 }
        let w = JSWhitespace.length(buf, at: p)
        if w > 0 { return w }
        // A lead byte of a possible space whose continuation bytes have not arrived.
        if !final && end - p < 3 {
            switch b {
            case 0xC2, 0xE1, 0xE2, 0xE3, 0xEF: return -1
            default: break
            }
        }
        return 0
    }

    // MARK: actions

    @usableFromInline
    mutating func act<S: SplitSink>(_ m: MarkerEntry, _ buf: UnsafeRawBufferPointer, _ p: Int, _ sink: inout S) {
        switch m.role {
        case .open:
            if phase == .content { flushContentEdges() }
            if isTemplate && phase != .start {
                templateOpening = Array(UnsafeRawBufferPointer(rebasing: buf[p..<(p + m.length)]))
            }
            sawBlock = true
            openAnywhere = false
            reasoningTrim.leading = true
            lineStart = true
            sink.boundary(.reasoningStarted)
            setPhase(.head)
        case .close:
            endReasoning(&sink, truncated: false)
            closedBlock = true
            forcedOpen = false
            contentEdges = isTemplate ? .verbatim : .dropLeading
            contentTrim.leading = true
            setPhase(.afterClose)
        case .strayClose:
            contentEdges = .dropLeading
            contentTrim.leading = true
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
            contentTrim.leading = true
            contentTrim.held.clear()
            if wrappers[m.index].close.isEmpty {
                contentEdges = .dropLeading
            } else {
                inWrapper = m.index
                contentEdges = .trimBoth
            }
            setPhase(.content)
        case .wrapperClose:
            inWrapper = nil
            contentTrim.held.clear()
            contentEdges = .holdTrailing
            setPhase(.content)
        case .message, .start, .channel, .end:
            break
        }
    }

    /// The whitespace before the first text turned out to be part of the answer.
    @usableFromInline
    mutating func releaseStartSpaces<S: SplitSink>(_ sink: inout S) {
        contentBytes += startSpaces.count
        startSpaces.drain { sink.content($0) }
    }

    @usableFromInline
    mutating func endReasoning<S: SplitSink>(_ sink: inout S, truncated: Bool) {
        reasoningTrim.held.clear()
        sink.boundary(.reasoningEnded(truncated: truncated))
    }

    @usableFromInline
    mutating func flushContentEdges() {
        contentTrim.held.clear()
    }

    @usableFromInline
    mutating func setPhase(_ next: Phase) {
        phase = next
        recompute()
    }

    /// The markers that can match in the current phase.
    @usableFromInline
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
        activeStorage = MarkerStorage(items)
        active = activeStorage.set
        refreshFastPath()
    }

    // MARK: shaper

    @inlinable
    mutating func emitText<S: SplitSink>(_ buf: UnsafeRawBufferPointer, _ from: Int, _ to: Int, _ sink: inout S) {
        guard from < to else { return }
        switch phase {
        case .head, .body: emitReasoning(buf, from, to, &sink)
        case .start, .afterClose, .content: emitContent(buf, from, to, &sink)
        }
    }

    @inlinable @inline(__always)
    mutating func emitReasoning<S: SplitSink>(_ buf: UnsafeRawBufferPointer, _ from: Int, _ to: Int, _ sink: inout S) {
        guard from < to else { return }
        if hasTools { trackLineStart(buf, from, to) }
        if isTemplate {
            sink.reasoning(UnsafeRawBufferPointer(rebasing: buf[from..<to]))
            return
        }
        _ = reasoningTrim.pass(buf, from, to) { sink.reasoning($0) }
    }

    @inlinable @inline(__always)
    mutating func emitContent<S: SplitSink>(_ buf: UnsafeRawBufferPointer, _ from: Int, _ to: Int, _ sink: inout S) {
        guard from < to else { return }
        switch contentEdges {
        case .verbatim:
            contentBytes += to - from
            sink.content(UnsafeRawBufferPointer(rebasing: buf[from..<to]))
        case .dropLeading:
            var a = from
            if contentTrim.leading {
                while a < to && isASCIISpace(buf[a]) { a += 1 }
                if a == to { return }
                contentTrim.leading = false
            }
            contentBytes += to - a
            sink.content(UnsafeRawBufferPointer(rebasing: buf[a..<to]))
        case .trimBoth, .holdTrailing:
            contentBytes += contentTrim.pass(buf, from, to, dropLeading: contentEdges == .trimBoth) { sink.content($0) }
        }
    }

    @inlinable
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

/// The first offset in `[from, to)` holding `byte`, or `to`: 8 bytes at a time (SWAR), the last word
/// overlapping the one before so there is no byte-by-byte tail; memchr for long runs.
@inlinable @inline(__always)
func firstIndex(of byte: UInt8, _ base: UnsafeRawPointer, from: Int, to: Int) -> Int {
    let n = to &- from
    if n >= 128 {
        guard let hit = memchr(base + from, Int32(byte), n) else { return to }
        return base.distance(to: UnsafeRawPointer(hit))
    }
    let ones = UInt64(0x0101_0101_0101_0101), highs = UInt64(0x8080_8080_8080_8080)
    let pattern = ones &* UInt64(byte)
    // The lowest flagged byte is exactly the first zero byte of v, i.e. the first `byte`.
    if n >= 8 {
        var i = from
        while true {
            let v = base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ pattern
            let found = (v &- ones) & ~v & highs
            if found != 0 { return i &+ (found.trailingZeroBitCount &>> 3) }
            i &+= 8
            if i >= to { return to }
            if i &+ 8 > to { i = to &- 8 }
        }
    }
    if n >= 4 {
        // Two overlapping 4-byte loads as one word; no borrow crosses into the high half unless the low
        // half already holds a match.
        let lo = UInt64(base.loadUnaligned(fromByteOffset: from, as: UInt32.self))
        let hi = UInt64(base.loadUnaligned(fromByteOffset: to &- 4, as: UInt32.self))
        let v = (lo | hi &<< 32) ^ pattern
        let found = (v &- ones) & ~v & highs
        if found == 0 { return to }
        let k = found.trailingZeroBitCount &>> 3
        return k < 4 ? from &+ k : to &- 8 &+ k
    }
    var i = from
    while i < to {
        if base.load(fromByteOffset: i, as: UInt8.self) == byte { return i }
        i &+= 1
    }
    return to
}

/// The first offset `q` in `[0, n)` (9 ≤ n) where `first` is followed by `second`, or where the last byte is
/// `first` (a marker may continue in the next chunk); `n` if none. SWAR with exact zero-byte masks, so the two
/// masks line up byte for byte.
@inlinable @inline(__always)
func firstPair(_ first: UInt8, _ second: UInt8, _ base: UnsafeRawPointer, _ n: Int) -> Int {
    let ones = UInt64(0x0101_0101_0101_0101), low7 = UInt64(0x7F7F_7F7F_7F7F_7F7F)
    let f = ones &* UInt64(first), s = ones &* UInt64(second)
    @inline(__always) func zeros(_ v: UInt64) -> UInt64 { ~(((v & low7) &+ low7) | v | low7) }
    var i = 0
    while true {
        // Byte k of the mask: base[i + k] == first and base[i + k + 1] == second.
        let a = zeros(base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ f)
        let b = zeros(base.loadUnaligned(fromByteOffset: i &+ 1, as: UInt64.self) ^ s)
        let m = a & b
        if m != 0 { return i &+ (m.trailingZeroBitCount &>> 3) }
        if i == n &- 9 { break }
        i = min(i &+ 8, n &- 9)
    }
    return base.load(fromByteOffset: n &- 1, as: UInt8.self) == first ? n &- 1 : n
}

@inlinable @inline(__always)
func isASCIISpace(_ b: UInt8) -> Bool {
    b == 0x20 || b &- 0x09 < 5
}
