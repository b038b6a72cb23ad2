import ArgumentParser
import Reasoning
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import JSCompat

/// `stscript think`: split raw model output (or a provider stream) into reasoning and answer.
struct ThinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "think",
        abstract: "Split model output (stdin or a file) into reasoning and answer.",
        discussion: """
            Reads raw model output (or a provider stream, see --input) on stdin. By default the answer goes to \
            stdout and the reasoning to stderr; --json prints one JSON object at the end, --jsonl prints events \
            as JSON lines while the input arrives. The split is the same however the input is chunked.

            Examples:
              ollama run qwen3 "why?" | stscript think --profile qwen3 --follow
              curl -N …/v1/chat/completions | stscript think --input sse --jsonl
              stscript think --json --profile qwen3.5 --thinking-open < output.txt
              stscript think --json --template DeepSeek < message.txt
            """)

    @Option(help: "Model family (see --list-profiles), or a SillyTavern template name.")
    var profile: String?

    @Option(name: .customLong("open"), help: "Custom open marker (repeatable; \\n and \\t are understood).")
    var openMarkers: [String] = []

    @Option(name: .customLong("close"), help: "Custom close marker (repeatable).")
    var closeMarkers: [String] = []

    @Option(help: "Channel label after the open marker that is not reasoning (custom markers).")
    var label: String?

    @Option(name: .customLong("tool-start"), help: "Tool-call opener that ends reasoning at line start (repeatable).")
    var toolStarts: [String] = []

    @Option(help: "SillyTavern reasoning template to parse with (Think XML, DeepSeek, Gemma 4, OpenAI Harmony).")
    var template: String?

    @Option(help: "Template prefix (with --suffix): parse as SillyTavern does with this template.")
    var prefix: String?

    @Option(help: "Template suffix (with --prefix).")
    var suffix: String?

    @Flag(help: "Template parse: find the block anywhere, not only at the start (SillyTavern strict=false).")
    var anywhere = false

    @Flag(name: .customLong("thinking-open"), help: "The prompt already opened the reasoning block.")
    var thinkingOpen = false

    @Flag(name: .customLong("thinking-off"), help: "The prompt closed the block or turned thinking off.")
    var thinkingOff = false

    @Option(name: .customLong("prompt-tail"), help: "End of the rendered prompt; the start state is derived from it.")
    var promptTail: String?

    @Flag(name: .customLong("multi-block"), help: "Interleaved thinking: every block anywhere is reasoning.")
    var multiBlock = false

    @Flag(help: "Report a missing or unclosed block or an empty answer (exit status 1).")
    var strict = false

    @Option(help: "Input format: text, ndjson (one JSON string per line), sse (OpenAI-compatible stream), ollama.")
    var input: String = "text"

    @Flag(help: "Print one JSON object when the input ends.")
    var json = false

    @Flag(help: "Print events as JSON lines while the input arrives.")
    var jsonl = false

    @Flag(help: "Write the split live as it arrives (answer to stdout, reasoning to stderr).")
    var follow = false

    @Flag(name: .customLong("list-profiles"), help: "List the built-in profiles and exit.")
    var listProfiles = false

    @Argument(help: "File to read instead of stdin.")
    var file: String?

    func run() throws {
        if listProfiles {
            var out = OutputFile(fd: 1)
            for p in ReasoningProfile.builtIn {
                out.write("\(p.name)\t\(p.openMarkers.joined(separator: " | "))\t\(p.closeMarkers.joined(separator: " | "))\n")
            }
            for t in ReasoningTemplate.presets where !t.prefix.isEmpty {
                out.write("\(t.name)\t(template) \(t.prefix.debugDescription)\t\(t.suffix.debugDescription)\n")
            }
            out.flush()
            return
        }
        guard let format = StreamFormat(rawValue: input) else {
            fail("unknown --input '\(input)'; use text, ndjson, sse or ollama", code: 2)
        }
        let profile = resolveProfile()
        guard profile.isUsable else {
            fail("the profile needs a non-empty open and close marker (template prefix and suffix)", code: 2)
        }
        var start = SplitStart.detect
        if let tail = promptTail { start = SplitStart.fromPromptTail(unescape(tail), profile: profile) }
        if thinkingOpen { start = .reasoning }
        if thinkingOff { start = .content }
        let options = SplitOptions(start: start, multiBlock: multiBlock, strict: strict)

        let mode: ThinkOutput.Mode = json ? .json : (jsonl ? .jsonLines : .streams)
        var output = ThinkOutput(profile: profile, mode: mode, live: follow || jsonl)
        var splitter = ReasoningSplitter(profile: profile, options: options)
        var stream = StreamMeta()
        do {
            try readInput(format: format) { piece in
                switch piece {
                case .bytes(let raw):
                    splitter.feed(raw, into: &output)
                case .delta(let d):
                    stream.absorb(d)
                    if let r = d.reasoning, !r.isEmpty { output.apiReasoning(r) }
                    if let c = d.content, !c.isEmpty {
                        output.endAPIReasoning()
                        splitter.feed(c, into: &output)
                    }
                }
                output.chunkEnded()
            }
        } catch let error as StreamInputError {
            output.flushAll()
            fail("think: \(error)", code: 1)
        }
        output.endAPIReasoning()
        splitter.finish(into: &output)
        output.finish(splitter: splitter, stream: stream)
        if strict && !splitter.diagnostics.isEmpty { throw ExitCode(1) }
    }

    func resolveProfile() -> ReasoningProfile {
        if let name = template {
            guard let t = ReasoningTemplate.presets.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                fail("unknown template '\(name)'", code: 2)
            }
            return .template(t, strict: !anywhere)
        }
        if prefix != nil || suffix != nil {
            let t = ReasoningTemplate(name: "template", prefix: unescape(prefix ?? ""), suffix: unescape(suffix ?? ""))
            return .template(t, strict: !anywhere)
        }
        var base: ReasoningProfile
        if let name = profile {
            guard let p = ReasoningProfile.resolve(name, strictTemplate: !anywhere) else {
                fail("unknown profile '\(name)'; see --list-profiles", code: 2)
            }
            base = p
        } else if !openMarkers.isEmpty || !closeMarkers.isEmpty {
            base = .custom(open: [], close: [])
        } else {
            base = ReasoningProfile.named("think")!
        }
        if !openMarkers.isEmpty { base.openMarkers = openMarkers.map(unescape) }
        if !closeMarkers.isEmpty { base.closeMarkers = closeMarkers.map(unescape) }
        if let label { base.label = unescape(label) }
        if !toolStarts.isEmpty { base.toolStarts = toolStarts.map(unescape) }
        return base
    }

    enum Piece {
        case bytes(UnsafeRawBufferPointer)
        case delta(StreamDelta)
    }

    /// Reads the input (the file, or stdin) to the end, handing over raw blocks (text) or decoded lines.
    func readInput(format: StreamFormat, _ handle: (Piece) throws -> Void) throws {
        var fd: Int32 = 0
        if let file {
            fd = open(file, O_RDONLY)
            if fd < 0 { fail("think: cannot open \(file)", code: 1) }
        }
        defer { if fd != 0 { close(fd) } }
        let size = 1 << 16
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { block.deallocate() }
        var decoder = StreamLineDecoder(format: format)
        var line: [UInt8] = []
        while true {
            let n = read(fd, block.baseAddress, size)
            if n < 0 {
                if errno == EINTR { continue }
                fail("think: cannot read \(file ?? "stdin")", code: 1)
            }
            if n == 0 { break }
            let got = UnsafeRawBufferPointer(rebasing: block[0..<n])
            if format == .text {
                try handle(.bytes(got))
                continue
            }
            var from = 0
            while let nl = got[from...].firstIndex(of: 0x0A) {
                line.append(contentsOf: got[from..<nl])
                if let d = try decoder.decode(line) { try handle(.delta(d)) }
                line.removeAll(keepingCapacity: true)
                from = nl + 1
            }
            line.append(contentsOf: got[from...])
        }
        if format != .text && !line.isEmpty, let d = try decoder.decode(line) { try handle(.delta(d)) }
    }
}

/// What the provider stream said besides text.
private struct StreamMeta {
    var modelID: String?
    var reasoningTokens: Int?
    var finishReason: String?
    var signature: String?
    var sawDelta = false

    mutating func absorb(_ d: StreamDelta) {
        sawDelta = true
        if let m = d.modelID { modelID = m }
        if let t = d.reasoningTokens { reasoningTokens = t }
        if let f = d.finishReason { finishReason = f }
        if let s = d.signature { signature = s }
    }
}

/// Receives the split: keeps it for the summary and, in live modes, writes it as it comes.
private struct ThinkOutput: SplitSink {
    enum Mode { case json, jsonLines, streams }
    enum Channel: String { case reasoning, content, toolArguments = "tool_arguments" }

    let mode: Mode
    let live: Bool
    /// JSON output ends with the whole split; the two streams need only what was written, so memory stays flat.
    var keepsText: Bool { mode != .streams }
    var collector: SplitCollector
    // What the streams mode wrote, for its ending.
    var wroteReasoning = false
    var lastReasoningByte: UInt8 = 0
    var wroteContent = false
    var templateBlockUnclosed = false
    var stdout = OutputFile(fd: 1)
    var stderr = OutputFile(fd: 2)
    /// Reasoning the provider sent in its own field.
    var apiText: [UInt8] = []
    var inAPIReasoning = false
    var started = ContinuousClock.now
    var reasoningEndedAt: ContinuousClock.Instant?
    // JSON lines: text of one channel gathered until the channel changes or the input chunk ends.
    var pendingChannel: Channel?
    var pending: [UInt8] = []

    init(profile: ReasoningProfile, mode: Mode, live: Bool) {
        self.mode = mode
        self.live = live
        collector = SplitCollector(profile: profile)
    }

    mutating func reasoning(_ bytes: UnsafeRawBufferPointer) {
        if keepsText { collector.reasoning(bytes) }
        text(.reasoning, bytes)
    }

    mutating func content(_ bytes: UnsafeRawBufferPointer) {
        if keepsText { collector.content(bytes) }
        text(.content, bytes)
    }

    mutating func toolArguments(_ bytes: UnsafeRawBufferPointer) {
        if keepsText { collector.toolArguments(bytes) }
        text(.toolArguments, bytes)
    }

    mutating func boundary(_ event: SplitBoundary) {
        collector.boundary(event)
        if case .templateBlockUnclosed = event { templateBlockUnclosed = true }
        if case .reasoningEnded = event { reasoningEndedAt = ContinuousClock.now }
        guard mode == .jsonLines else { return }
        flushPending(all: true)
        switch event {
        case .reasoningStarted: stdout.write("{\"type\":\"reasoning_start\"}\n")
        case .reasoningEnded(let truncated): stdout.write("{\"type\":\"reasoning_end\",\"truncated\":\(truncated)}\n")
        case .toolCallStarted(let recipient, let constraint):
            stdout.write("{\"type\":\"tool_call_start\",\"recipient\":\(JSONText.quote(recipient)),\"constraint\":\(jsonOrNull(constraint))}\n")
        case .toolCallEnded: stdout.write("{\"type\":\"tool_call_end\"}\n")
        case .templateBlockUnclosed: stdout.write("{\"type\":\"template_block_unclosed\"}\n")
        }
    }

    mutating func text(_ channel: Channel, _ bytes: UnsafeRawBufferPointer) {
        switch mode {
        case .json: return
        case .streams:
            guard let last = bytes.last else { return }
            if channel == .reasoning {
                stderr.write(bytes)
                wroteReasoning = true
                lastReasoningByte = last
            } else {
                stdout.write(bytes)
                wroteContent = true
            }
        case .jsonLines:
            if pendingChannel != channel { flushPending(all: true) }
            pendingChannel = channel
            pending.append(contentsOf: bytes)
        }
    }

    /// Provider-separated reasoning (SSE `reasoning_content`, ollama `thinking`).
    mutating func apiReasoning(_ text: String) {
        if !inAPIReasoning {
            inAPIReasoning = true
            boundary(.reasoningStarted)
        }
        var t = text
        t.withUTF8 { buf in
            if keepsText { apiText.append(contentsOf: buf) }
            self.text(.reasoning, UnsafeRawBufferPointer(buf))
        }
    }

    mutating func endAPIReasoning() {
        guard inAPIReasoning else { return }
        inAPIReasoning = false
        boundary(.reasoningEnded(truncated: false))
    }

    mutating func chunkEnded() {
        guard live else { return }
        flushPending(all: false)
        stdout.flush()
        stderr.flush()
    }

    /// Writes gathered JSON-lines text; unless `all`, an unfinished UTF-8 sequence waits for its next bytes.
    mutating func flushPending(all: Bool) {
        guard let channel = pendingChannel, !pending.isEmpty else { return }
        var cut = pending.count
        if !all { cut = completeUTF8Prefix(pending) }
        guard cut > 0 else { return }
        let text = String(decoding: pending[0..<cut], as: UTF8.self)
        stdout.write("{\"type\":\"\(channel.rawValue)\",\"text\":\(JSONText.quote(text))}\n")
        pending.removeFirst(cut)
    }

    mutating func flushAll() {
        flushPending(all: true)
        stdout.flush()
        stderr.flush()
    }

    mutating func finish(splitter: ReasoningSplitter, stream: StreamMeta) {
        var split = collector.result(of: splitter)
        let api = JSWhitespace.trim(String(decoding: apiText, as: UTF8.self))
        var origin: String? = split.reasoning.isEmpty ? nil : "parsed"
        if !api.isEmpty {
            origin = "model"
            split.reasoning = split.reasoning.isEmpty ? api : api + "\n\n" + split.reasoning
            split.steps = [api] + split.steps
        }
        if stream.finishReason == "length" && split.content.isEmpty && !split.reasoning.isEmpty {
            split.truncatedInReasoning = true
        }
        let trace = ThinkingTrace(steps: split.steps.map { ThinkingStep(content: $0) },
                                  totalTokens: stream.reasoningTokens, modelID: stream.modelID)
        var duration: Double? = nil
        if stream.sawDelta, let end = reasoningEndedAt, origin != nil {
            let d = end - started
            duration = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        }
        for d in split.diagnostics { stderr.write("think: \(d)\n") }
        switch mode {
        case .json:
            stdout.write(summaryJSON(split, trace: trace, origin: origin, duration: duration, stream: stream) + "\n")
        case .jsonLines:
            flushPending(all: true)
            stdout.write("{\"type\":\"done\",\"summary\":"
                + summaryJSON(split, trace: trace, origin: origin, duration: duration, stream: stream) + "}\n")
        case .streams:
            // Only what was written is known here (the texts were not kept). Reasoning on stderr is for people:
            // end it with a newline. An unclosed template block is no reasoning, as SillyTavern reads it.
            let reasoningShown = wroteReasoning && !templateBlockUnclosed
            if reasoningShown && lastReasoningByte != 0x0A { stderr.write("\n") }
            let cutByLength = stream.finishReason == "length" && !wroteContent && reasoningShown
            if split.truncatedInReasoning || cutByLength { stderr.write("think: the output ended inside the reasoning block\n") }
        }
        stdout.flush()
        stderr.flush()
    }

    func summaryJSON(_ s: ReasoningSplit, trace: ThinkingTrace, origin: String?, duration: Double?,
                     stream: StreamMeta) -> String {
        let tools = s.toolCalls.map {
            "{\"recipient\":\(JSONText.quote($0.recipient)),\"constraint\":\(jsonOrNull($0.constraint)),\"arguments\":\(JSONText.quote($0.arguments))}"
        }
        let steps = trace.steps.map { "{\"content\":\(JSONText.quote($0.content)),\"tokens_used\":\(intOrNull($0.tokensUsed))}" }
        let thinking = "{\"steps\":[\(steps.joined(separator: ","))],\"total_tokens\":\(intOrNull(trace.totalTokens)),"
            + "\"model_id\":\(jsonOrNull(trace.modelID)),\"is_empty\":\(trace.isEmpty),"
            + "\"combined_text\":\(JSONText.quote(trace.combinedText))}"
        var fields = [
            "\"reasoning\":\(JSONText.quote(s.reasoning))",
            "\"content\":\(JSONText.quote(s.content))",
            "\"tool_calls\":[\(tools.joined(separator: ","))]",
            "\"has_reasoning\":\(!s.reasoning.isEmpty)",
            "\"truncated_in_reasoning\":\(s.truncatedInReasoning)",
            "\"diagnostics\":[\(s.diagnostics.map(JSONText.quote).joined(separator: ","))]",
            "\"thinking\":\(thinking)",
            "\"reasoning_type\":\(jsonOrNull(origin))",
            "\"reasoning_duration\":\(duration.map { String(Int($0.rounded())) } ?? "null")",
            "\"reasoning_signature\":\(jsonOrNull(stream.signature))",
        ]
        if let f = stream.finishReason { fields.append("\"finish_reason\":\(JSONText.quote(f))") }
        return "{" + fields.joined(separator: ",") + "}"
    }
}

private func jsonOrNull(_ s: String?) -> String { s.map(JSONText.quote) ?? "null" }
private func intOrNull(_ n: Int?) -> String { n.map(String.init) ?? "null" }

/// Length of the longest prefix of `bytes` that does not end inside a UTF-8 sequence.
private func completeUTF8Prefix(_ bytes: [UInt8]) -> Int {
    let n = bytes.count
    var k = n - 1
    var back = 0
    while k >= 0 && back < 4 && bytes[k] & 0xC0 == 0x80 {
        k -= 1
        back += 1
    }
    guard k >= 0 else { return n }
    let lead = bytes[k]
    let need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    return n - k >= need ? n : k
}

/// `\n`, `\t`, `\r` and `\\` in marker arguments, so markers with newlines can be typed.
private func unescape(_ s: String) -> String {
    guard s.contains("\\") else { return s }
    var out = ""
    var it = s.makeIterator()
    while let c = it.next() {
        guard c == "\\", let e = it.next() else {
            out.append(c)
            continue
        }
        switch e {
        case "n": out.append("\n")
        case "t": out.append("\t")
        case "r": out.append("\r")
        case "\\": out.append("\\")
        default: out.append("\\"); out.append(e)
        }
    }
    return out
}

/// Prints a message on stderr and exits with `code`.
private func fail(_ message: String, code: Int32) -> Never {
    var err = OutputFile(fd: 2)
    err.write(message + "\n")
    err.flush()
    exit(code)
}

private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    write(fd, p, n)
}

/// Buffered writes to a file descriptor (stdio's globals are not usable under strict concurrency).
private struct OutputFile {
    let fd: Int32
    var buffer: [UInt8] = []

    init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(1 << 16)
    }

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        var off = 0
        buffer.withUnsafeBytes { b in
            while off < b.count {
                let n = systemWrite(fd, b.baseAddress! + off, b.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                off += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
