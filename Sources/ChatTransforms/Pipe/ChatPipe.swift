// `stscript pipe`: a SillyTavern chat (JSONL) in, the transformed chat out, one line at a time.
// Every line is validated by a byte scanner; only lines a transform may change are decoded, and only lines a
// transform did change are re-encoded. Everything else leaves as the very bytes that came in.
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one run of the pipe saw.
public struct PipeReport: Sendable, Equatable {
    public var lines = 0
    public var messages = 0
    public var changedMessages = 0
    public var malformedLines = 0
    /// Messages a transform failed on (they are written unchanged).
    public var failedMessages = 0
    public var firstError: String?
    /// 1-based numbers of the first malformed lines (for the message on stderr).
    public var firstMalformed: [Int] = []

    public init() {}

    mutating func add(_ other: PipeReport) {
        lines += other.lines
        messages += other.messages
        changedMessages += other.changedMessages
        malformedLines += other.malformedLines
        failedMessages += other.failedMessages
        if firstError == nil { firstError = other.firstError }
        firstMalformed.append(contentsOf: other.firstMalformed.prefix(max(0, 5 - firstMalformed.count)))
    }
}

/// Applies transforms, in order, to every message line of a chat stream.
public struct ChatPipe: Sendable {
    public let transforms: [any MessageTransform]
    /// The lone transform when it is --parse-reasoning, whose common case writes changed lines in one pass (boxed:
    /// binding the struct itself would retain each of its fields for every line).
    private let parseOnly: ParseOnly?

    private final class ParseOnly: Sendable {
        let transform: ParseReasoning
        init(_ transform: ParseReasoning) { self.transform = transform }

        /// Appends the changed line and returns true; false when the line stays or needs the general path.
        func write(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, _ members: [JSONMember], sawUnicodeEscape: Bool,
                   _ scratch: inout ParseScratch, into arena: inout [UInt8]) -> Bool? {
            let view = LineView(buffer: buffer, range: range, members: members, sawUnicodeEscape: sawUnicodeEscape)
            guard transform.mightApply(to: view) else { return false }
            return transform.writeParsed(buffer, object: ChatPipe.trimmed(buffer, range), members: members,
                                         scratch: &scratch, into: &arena) ? true : nil
        }
    }

    public init(transforms: [any MessageTransform]) {
        self.transforms = transforms
        self.parseOnly = transforms.count == 1 ? (transforms[0] as? ParseReasoning).map(ParseOnly.init) : nil
    }

    /// Filters `input` into `output` (file descriptors). Lines are never dropped or reordered. Blocks of whole lines
    /// are worked on by `threads` workers at once, each taking the next block as soon as it is free (no worker waits
    /// for another), and written in their order; a bounded number of blocks is in flight.
    public func run(input: Int32, output: Int32, threads: Int = 1, progress: ((PipeReport) -> Void)? = nil) throws -> PipeReport {
        let environment = ProcessInfo.processInfo.environment
        let blockSize = (environment["STSCRIPT_PIPE_BLOCK_MB"].flatMap { Int($0) } ?? 2) << 20
        if environment["STSCRIPT_PIPE_OVERLAP"] == "0" {
            return try runInOrder(input: input, output: output, threads: threads, blockSize: blockSize, progress: progress)
        }
        let workers = max(1, threads)
        let reader = BlockReader(input: input, blockSize: blockSize, depth: workers + 2)
        let worked = Channel<(Block, Piece)?>()
        let written = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var writeError: IOError? = nil
        nonisolated(unsafe) var readError: IOError? = nil
        nonisolated(unsafe) var total = PipeReport()
        nonisolated(unsafe) let progress = progress
        for _ in 0..<workers {
            let worker = Thread {
                while let next = reader.full.receive() {
                    switch next {
                    case .failure(let error): readError = error  // only the reader's last message; one worker sees it
                    case .success(let block):
                        // The arena of a block written earlier, so its pages are not faulted in again.
                        var arena: [UInt8] = []
                        swap(&arena, &block.spareArena)
                        worked.send((block, self.work(block.lines, 0..<block.count, reusing: &arena)))
                    }
                }
                reader.full.send(nil)  // the end, for the other workers too
                worked.send(nil)
            }
            worker.stackSize = 1 << 20
            worker.start()
        }
        // The writer: blocks in the order they were read; untouched runs straight from the block, changed lines from
        // their piece's arena.
        let writerThread = Thread {
            let writer = OutputWriter(fd: output)
            var waiting: [Int: (Block, Piece)] = [:]
            var next = 0, ended = 0
            while ended < workers {
                // (The received item goes out of scope at once: the arena must have one owner to be reused.)
                if let item = worked.receive() { waiting[item.0.sequence] = item } else { ended += 1; continue }
                while case (let block, var piece)? = waiting.removeValue(forKey: next) {
                    if writeError == nil {
                        do {
                            try Self.write(block, [piece], [0..<block.count], to: writer)
                        } catch {
                            writeError = error as? IOError ?? IOError("write failed")
                        }
                    }
                    var report = piece.report
                    report.firstMalformed = report.firstMalformed.map { $0 + total.lines }
                    total.add(report)
                    progress?(total)
                    swap(&block.spareArena, &piece.arena)
                    reader.free.send(block)
                    next += 1
                }
            }
            written.signal()
        }
        writerThread.start()
        reader.start()
        written.wait()
        if let readError { throw readError }
        if let writeError { throw writeError }
        return total
    }

    /// The same work with reading, working and writing one after the other on this thread (no hand-offs between
    /// threads, which cost most when the machine is busy).
    private func runInOrder(input: Int32, output: Int32, threads: Int, blockSize: Int,
                            progress: ((PipeReport) -> Void)?) throws -> PipeReport {
        let reader = BlockReader(input: input, blockSize: blockSize, depth: 0)
        let writer = OutputWriter(fd: output)
        var blocks = [Block(capacity: blockSize + blockSize / 2), Block(capacity: blockSize + blockSize / 2)]
        var total = PipeReport()
        var previous: Block? = nil
        while true {
            let block = blocks[0]
            let eof = try reader.fill(block, after: previous).get()
            if block.count > 0 {
                let (pieces, ranges) = work(block, threads: threads, into: &total)
                try Self.write(block, pieces, ranges, to: writer)
                progress?(total)
            }
            if eof { break }
            previous = block
            blocks.swapAt(0, 1)
        }
        try writer.flush()
        return total
    }

    /// Cuts a block into pieces, works on them (in parallel when there are several) and adds up the reports.
    private func work(_ block: Block, threads: Int, into total: inout PipeReport) -> ([Piece], [Range<Int>]) {
        let bytes = block.lines
        let ranges = Self.split(bytes, into: max(1, threads))
        var pieces = [Piece](repeating: Piece(), count: ranges.count)
        if ranges.count == 1 {
            pieces[0] = work(bytes, ranges[0])
        } else {
            pieces.withUnsafeMutableBufferPointer { results in
                nonisolated(unsafe) let results = results
                nonisolated(unsafe) let bytes = bytes
                DispatchQueue.concurrentPerform(iterations: ranges.count) { k in
                    results[k] = self.work(bytes, ranges[k])
                }
            }
        }
        for piece in pieces {
            var report = piece.report
            report.firstMalformed = report.firstMalformed.map { $0 + total.lines }
            total.add(report)
        }
        return (pieces, ranges)
    }

    /// Writes a worked block: untouched runs straight from the block, changed lines from their piece's arena, in
    /// one gathered write per piece (no copy of the untouched bytes through a buffer).
    private static func write(_ block: Block, _ pieces: [Piece], _ ranges: [Range<Int>], to writer: OutputWriter) throws {
        let bytes = block.lines
        for (piece, range) in zip(pieces, ranges) {
            try piece.arena.withUnsafeBytes { arena in
                var parts: [UnsafeRawBufferPointer] = []
                parts.reserveCapacity(piece.changes.count * 2 + 1)
                var at = range.lowerBound
                for change in piece.changes {
                    parts.append(UnsafeRawBufferPointer(rebasing: bytes[at..<change.line.lowerBound]))
                    parts.append(UnsafeRawBufferPointer(rebasing: arena[change.bytes]))
                    at = change.line.upperBound
                }
                parts.append(UnsafeRawBufferPointer(rebasing: bytes[at..<range.upperBound]))
                try writer.write(gathering: parts)
            }
        }
        try writer.flush()
    }

    /// Filters a whole chat held in memory (the same per-line work as `run`, without files or threads).
    public func run(bytes: [UInt8]) -> (output: [UInt8], report: PipeReport) {
        bytes.withUnsafeBytes { buffer in
            let piece = work(buffer, 0..<buffer.count)
            var output: [UInt8] = []
            output.reserveCapacity(buffer.count)
            var at = 0
            for change in piece.changes {
                output.append(raw: buffer, at..<change.line.lowerBound)
                output.append(contentsOf: piece.arena[change.bytes])
                at = change.line.upperBound
            }
            output.append(raw: buffer, at..<buffer.count)
            return (output, piece.report)
        }
    }

    /// What a worker made of one piece: the changed lines (in order; their new bytes one after another in
    /// `arena`) and what it saw.
    struct Piece {
        var changes: [(line: Range<Int>, bytes: Range<Int>)] = []
        var arena: [UInt8] = []
        var report = PipeReport()
    }

    /// Cuts a block into up to `count` ranges of whole lines of similar size.
    static func split(_ block: UnsafeRawBufferPointer, into count: Int) -> [Range<Int>] {
        guard count > 1, block.count > 1 << 16 else { return [0..<block.count] }
        var ranges: [Range<Int>] = []
        var start = 0
        for k in 1..<count {
            var cut = block.count * k / count
            while cut < block.count && block[cut - 1] != 0x0A { cut += 1 }
            if cut > start { ranges.append(start..<cut); start = cut }
        }
        if start < block.count { ranges.append(start..<block.count) }
        return ranges
    }

    /// Processes the lines of one piece.
    func work(_ block: UnsafeRawBufferPointer, _ range: Range<Int>) -> Piece {
        var spare: [UInt8] = []
        return work(block, range, reusing: &spare)
    }

    /// `work` writing changed lines into `arena`'s storage (taken, emptied; its pages are already in memory).
    func work(_ block: UnsafeRawBufferPointer, _ range: Range<Int>, reusing arena: inout [UInt8]) -> Piece {
        var piece = Piece()
        swap(&piece.arena, &arena)
        piece.arena.removeAll(keepingCapacity: true)
        var members: [JSONMember] = []
        members.reserveCapacity(32)
        var scratch = ParseScratch()
        guard !range.isEmpty, let address = block.baseAddress else { return piece }
        piece.arena.reserveCapacity(range.count / 4)  // changed lines are a fraction of a chat
        let base = address.assumingMemoryBound(to: UInt8.self)
        var lineStart = range.lowerBound
        while lineStart < range.upperBound {
            let lineEnd = memchr(base + lineStart, 0x0A, range.upperBound - lineStart)
                .map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? range.upperBound
            piece.report.lines += 1
            let start = piece.arena.count
            if process(block, lineStart..<lineEnd, &members, &piece.report, &scratch, into: &piece.arena) {
                piece.changes.append((lineStart..<lineEnd, start..<piece.arena.count))
            }
            lineStart = lineEnd + 1
        }
        return piece
    }

    /// Appends the new bytes of one line to `arena` and returns true, or returns false to keep the line.
    func process(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, _ members: inout [JSONMember],
                 _ report: inout PipeReport, _ scratch: inout ParseScratch, into arena: inout [UInt8]) -> Bool {
        guard let new = process(buffer, range, &members, &report, &scratch, arena: &arena) else { return false }
        if !new.isEmpty { arena.append(contentsOf: new) }
        return true
    }

    /// The new bytes of one line (empty when they were already appended to `arena`), or nil to keep it.
    private func process(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, _ members: inout [JSONMember],
                         _ report: inout PipeReport, _ scratch: inout ParseScratch, arena: inout [UInt8]) -> [UInt8]? {
        var scanner = JSONScanner(buffer)
        let start = scanner.skipWhitespace(range.lowerBound, range.upperBound)
        if start == range.upperBound { return nil }  // blank lines are not messages; keep them as they are
        let kind: JSONKind
        do {
            kind = try scanner.scanDocument(range, members: &members)
        } catch {
            report.malformedLines += 1
            if report.firstMalformed.count < 5 { report.firstMalformed.append(report.lines) }
            return nil
        }
        // The header (it carries chat_metadata) and anything that is not an object are not messages.
        guard kind == .object, !members.contains(where: { isKey($0, "chat_metadata", buffer) }) else { return nil }
        report.messages += 1
        if let parseOnly {
            switch parseOnly.write(buffer, range, members, sawUnicodeEscape: scanner.sawUnicodeEscape, &scratch, into: &arena) {
            case false?: return nil
            case true?: report.changedMessages += 1; return []
            case nil: break  // the general path below
            }
        }
        var current: [UInt8]? = nil
        do {
            for transform in transforms {
                if let changed = current {
                    // A later step sees what the earlier ones made.
                    let next: [UInt8]? = try changed.withUnsafeBytes { bytes in
                        var scanner = JSONScanner(bytes)
                        var found: [JSONMember] = []
                        guard (try? scanner.scanDocument(0..<bytes.count, members: &found)) == .object,
                              transform.mightApply(to: LineView(buffer: bytes, range: 0..<bytes.count, members: found,
                                                                sawUnicodeEscape: scanner.sawUnicodeEscape)) else { return nil }
                        var editor = ObjectEditor(bytes: bytes, range: Self.trimmed(bytes, 0..<bytes.count), members: found)
                        return try transform.apply(to: &editor) ? editor.render() : nil
                    }
                    if let next { current = next }
                } else {
                    let view = LineView(buffer: buffer, range: range, members: members, sawUnicodeEscape: scanner.sawUnicodeEscape)
                    guard transform.mightApply(to: view) else { continue }
                    var editor = ObjectEditor(bytes: buffer, range: Self.trimmed(buffer, range), members: members)
                    if try transform.apply(to: &editor) { current = editor.render() }
                }
            }
        } catch {
            // A message a transform failed on is written as it came; the failure is reported.
            report.failedMessages += 1
            if report.firstError == nil { report.firstError = "line \(report.lines): \(error)" }
            return nil
        }
        if current != nil { report.changedMessages += 1 }
        return current
    }

    /// `range` without the JSON whitespace around it.
    static func trimmed(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    private func isKey(_ member: JSONMember, _ key: StaticString, _ buffer: UnsafeRawBufferPointer) -> Bool {
        let n = key.utf8CodeUnitCount
        guard !member.keyHasEscape else { return JSONStringBytes.decodeKey(buffer, member) == key.description }
        guard member.keyEnd - member.keyStart == n + 2 else { return false }
        return memcmp(buffer.baseAddress! + member.keyStart + 1, key.utf8Start, n) == 0
    }
}
