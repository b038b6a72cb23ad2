// The public splitter: feed bytes as they arrive, finish at the end; or split a whole text at once.
import JSCompat

/// Splits model output into reasoning and answer as it streams. The result never depends on how the input
/// is chunked: `feed` holds back at most one unfinished marker, plus whitespace whose fate is still open
/// (before the first text, and at the end of a channel that trims its edges; see `HeldSpaces` for how that is
/// kept small), never re-scans what it routed, and `finish` flushes what it held.
///
///     var splitter = ReasoningSplitter(profile: .named("qwen3")!, options: SplitOptions(start: .reasoning))
///     var out = SplitCollector(profile: splitter.profile)
///     splitter.feed(chunk, into: &out)   // any number of times
///     splitter.finish(into: &out)
///     let split = out.result(of: splitter)
public struct ReasoningSplitter: Sendable {
    public let profile: ReasoningProfile
    public let options: SplitOptions
    @usableFromInline var markers: MarkerSplitter
    @usableFromInline var harmony: HarmonySplitter?
    @usableFromInline let usesHarmony: Bool

    public init(profile: ReasoningProfile, options: SplitOptions = SplitOptions()) {
        self.profile = profile
        self.options = options
        if case .harmony = profile.kind {
            harmony = HarmonySplitter(options: options)
            usesHarmony = true
            markers = MarkerSplitter(profile: ReasoningProfile(name: "unused", open: [], close: []), options: options)
        } else {
            usesHarmony = false
            markers = MarkerSplitter(profile: profile, options: options)
        }
    }

    /// Routes one chunk of output. Slices handed to `sink` are only valid during the call.
    // Transparent: `@inline(__always)` left a call per chunk in clients, the largest fixed cost at 4-byte chunks.
    @_transparent
    public mutating func feed<S: SplitSink>(_ bytes: UnsafeRawBufferPointer, into sink: inout S) {
        if usesHarmony {
            feedHarmony(bytes, into: &sink)
        } else {
            markers.feed(bytes, into: &sink)
        }
    }

    /// Out of line, so the inlined marker path stays small.
    @usableFromInline @inline(never)
    mutating func feedHarmony<S: SplitSink>(_ bytes: UnsafeRawBufferPointer, into sink: inout S) {
        harmony?.feed(bytes, into: &sink)
    }

    public mutating func feed<S: SplitSink>(_ bytes: [UInt8], into sink: inout S) {
        bytes.withUnsafeBytes { feed($0, into: &sink) }
    }

    public mutating func feed<S: SplitSink>(_ text: String, into sink: inout S) {
        var text = text
        text.withUTF8 { feed(UnsafeRawBufferPointer($0), into: &sink) }
    }

    /// Ends the input: held bytes are flushed as text of the current channel, an open block is reported.
    public mutating func finish<S: SplitSink>(into sink: inout S) {
        if usesHarmony {
            harmony!.finish(into: &sink)
        } else {
            markers.finish(into: &sink)
        }
    }

    /// `feed` returning events as values.
    public mutating func feed(_ bytes: [UInt8]) -> [SplitEvent] {
        var list = EventList()
        feed(bytes, into: &list)
        return list.events
    }

    public mutating func feed(_ text: String) -> [SplitEvent] {
        feed(Array(text.utf8))
    }

    public mutating func finish() -> [SplitEvent] {
        var list = EventList()
        finish(into: &list)
        return list.events
    }

    /// Bytes the splitter is holding right now (an unfinished marker, whitespace whose fate is open).
    public var heldByteCount: Int {
        if usesHarmony { return (harmony?.held.count ?? 0) + (harmony?.header.count ?? 0) + (harmony?.reasoning.held.count ?? 0) }
        return markers.held.count + markers.reasoningTrim.held.count + markers.contentTrim.held.count
            + markers.startSpaces.count
    }

    /// Whether the output ended inside a reasoning block (e.g. the token budget ran out while thinking).
    public var truncatedInReasoning: Bool { harmony?.truncatedInReasoning ?? markers.truncatedInReasoning }
    /// Whether a reasoning block was opened (or the prompt opened it).
    public var sawReasoningBlock: Bool { harmony?.sawBlock ?? markers.sawBlock }
    /// Whether a reasoning block was closed (or ended by a tool call).
    public var closedReasoningBlock: Bool { harmony?.closedBlock ?? markers.closedBlock }
    var contentBytes: Int { harmony?.contentBytes ?? markers.contentBytes }

    /// The `--strict` diagnostics once the input is finished: a missing or unclosed block, an empty answer.
    public var diagnostics: [String] {
        guard options.strict else { return [] }
        let open = profile.openMarkers.first ?? "", close = profile.closeMarkers.first ?? ""
        if !sawReasoningBlock { return ["no reasoning block: the output has no \(open)…\(close)"] }
        if truncatedInReasoning { return ["the reasoning block was not closed: the output ended inside it (missing \(close))"] }
        if contentBytes == 0 { return ["no answer after the reasoning block"] }
        return []
    }

    /// Splits a complete text in one go (the same engine as streaming).
    public static func split(_ text: String, profile: ReasoningProfile, options: SplitOptions = SplitOptions())
        -> ReasoningSplit {
        var splitter = ReasoningSplitter(profile: profile, options: options)
        var out = SplitCollector(profile: profile)
        splitter.feed(text, into: &out)
        splitter.finish(into: &out)
        return out.result(of: splitter)
    }
}

extension ReasoningProfile {
    /// `ReasoningSplitter.split(text, profile: self, options: options)`.
    public func split(_ text: String, options: SplitOptions = SplitOptions()) -> ReasoningSplit {
        ReasoningSplitter.split(text, profile: self, options: options)
    }
}

/// A tool call found in the output (Harmony messages with a recipient).
public struct ToolCall: Sendable, Hashable {
    public var recipient: String
    public var constraint: String?
    public var arguments: String

    public init(recipient: String, constraint: String? = nil, arguments: String) {
        self.recipient = recipient
        self.constraint = constraint
        self.arguments = arguments
    }
}

/// The result of one split.
public struct ReasoningSplit: Sendable, Hashable {
    /// All reasoning, every block concatenated.
    public var reasoning: String
    /// The answer.
    public var content: String
    /// Each reasoning block on its own (interleaved thinking has several).
    public var steps: [String]
    public var toolCalls: [ToolCall]
    public var truncatedInReasoning: Bool
    public var hasReasoningBlock: Bool
    public var diagnostics: [String]

    public init(reasoning: String, content: String, steps: [String] = [], toolCalls: [ToolCall] = [],
                truncatedInReasoning: Bool = false, hasReasoningBlock: Bool = false, diagnostics: [String] = []) {
        self.reasoning = reasoning
        self.content = content
        self.steps = steps
        self.toolCalls = toolCalls
        self.truncatedInReasoning = truncatedInReasoning
        self.hasReasoningBlock = hasReasoningBlock
        self.diagnostics = diagnostics
    }

    /// As the thinking data model (steps, trace, answer).
    public func reasonedText(modelID: String? = nil, totalTokens: Int? = nil) -> ReasonedText {
        let trace = ThinkingTrace(steps: steps.map { ThinkingStep(content: $0) }, totalTokens: totalTokens, modelID: modelID)
        return ReasonedText(text: content, thinking: trace.isEmpty ? nil : trace, tokensUsed: totalTokens)
    }
}

/// A sink that keeps everything: the bytes of each channel, the steps, the tool calls.
public struct SplitCollector: SplitSink {
    public let isTemplate: Bool
    public private(set) var reasoningBytes: [UInt8] = []
    public private(set) var contentBytes: [UInt8] = []
    var stepStarts: [Int] = []
    var stepEnds: [Int] = []
    var tools: [(recipient: String, constraint: String?, arguments: [UInt8])] = []
    var unclosedOpening: [UInt8]? = nil

    public init(profile: ReasoningProfile) {
        if case .template = profile.kind { isTemplate = true } else { isTemplate = false }
    }

    public mutating func reasoning(_ bytes: UnsafeRawBufferPointer) { reasoningBytes.append(contentsOf: bytes) }
    public mutating func content(_ bytes: UnsafeRawBufferPointer) { contentBytes.append(contentsOf: bytes) }
    public mutating func toolArguments(_ bytes: UnsafeRawBufferPointer) {
        if tools.isEmpty { tools.append(("", nil, [])) }
        tools[tools.count - 1].arguments.append(contentsOf: bytes)
    }

    public mutating func boundary(_ event: SplitBoundary) {
        switch event {
        case .reasoningStarted: stepStarts.append(reasoningBytes.count)
        case .reasoningEnded: stepEnds.append(reasoningBytes.count)
        case .toolCallStarted(let recipient, let constraint): tools.append((recipient, constraint, []))
        case .toolCallEnded: break
        case .templateBlockUnclosed(let opening): unclosedOpening = opening
        }
    }

    /// The split, once the splitter has finished.
    public func result(of splitter: ReasoningSplitter) -> ReasoningSplit {
        var reasoning = String(decoding: reasoningBytes, as: UTF8.self)
        var content = String(decoding: contentBytes, as: UTF8.self)
        var steps: [String] = []
        for (k, start) in stepStarts.enumerated() {
            let end = k < stepEnds.count ? stepEnds[k] : reasoningBytes.count
            if end > start { steps.append(String(decoding: reasoningBytes[start..<end], as: UTF8.self)) }
        }
        var hasBlock = splitter.sawReasoningBlock
        if isTemplate {
            if let opening = unclosedOpening {
                // SillyTavern: no complete block, no match: the text stays the message, untouched.
                content = String(decoding: contentBytes + opening + reasoningBytes, as: UTF8.self)
                reasoning = ""
                steps = []
                hasBlock = false
            } else if splitter.closedReasoningBlock {
                reasoning = JSWhitespace.trim(reasoning)
                content = JSWhitespace.trim(content)
                steps = reasoning.isEmpty ? [] : [reasoning]
            }
        }
        let calls = tools.map {
            ToolCall(recipient: $0.recipient, constraint: $0.constraint, arguments: String(decoding: $0.arguments, as: UTF8.self))
        }
        return ReasoningSplit(reasoning: reasoning, content: content, steps: steps, toolCalls: calls,
                              truncatedInReasoning: splitter.truncatedInReasoning && unclosedOpening == nil,
                              hasReasoningBlock: hasBlock, diagnostics: splitter.diagnostics)
    }
}
