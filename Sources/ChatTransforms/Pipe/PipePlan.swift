import Foundation

/// One transform of `stscript pipe`, in command-line order: per message, or a script over the whole chat.
public enum PipeStep: Sendable {
    case message(any MessageTransform)
    case chat(ChatScript)
}

/// A failed whole-chat script. The output was written all the same, with what the script did before failing.
public struct ChatScriptFailure: Error, CustomStringConvertible, Sendable {
    public var report: PipeReport
    public var message: String
    public var description: String { message }
}

/// The steps of a pipe run, grouped into stages: a run of per-message transforms streams line by line in constant
/// memory (`ChatPipe`); a whole-chat script needs the chat at once, so a plan with one holds the chat in memory.
public struct PipePlan: Sendable {
    enum Stage: Sendable {
        case lines(ChatPipe)
        case chat(ChatScript)
    }

    let stages: [Stage]

    public init(steps: [PipeStep]) {
        var stages: [Stage] = []
        var pending: [any MessageTransform] = []
        for step in steps {
            switch step {
            case .message(let transform):
                pending.append(transform)
            case .chat(let script):
                if !pending.isEmpty { stages.append(.lines(ChatPipe(transforms: pending))) }
                pending = []
                stages.append(.chat(script))
            }
        }
        if !pending.isEmpty || stages.isEmpty { stages.append(.lines(ChatPipe(transforms: pending))) }
        self.stages = stages
    }

    /// The plan is one streaming stage: no whole-chat script.
    var streaming: ChatPipe? {
        if stages.count == 1, case .lines(let pipe) = stages[0] { return pipe }
        return nil
    }

    /// Filters `input` into `output` (file descriptors); see `ChatPipe.run`. Throws `ChatScriptFailure` after
    /// writing the output when a whole-chat script failed.
    public func run(input: Int32, output: Int32, threads: Int = 1, progress: ((PipeReport) -> Void)? = nil) throws -> PipeReport {
        if let streaming { return try streaming.run(input: input, output: output, threads: threads, progress: progress) }
        let whole: Data
        do {
            whole = try FileHandle(fileDescriptor: input, closeOnDealloc: false).readToEnd() ?? Data()
        } catch {
            let reason = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.localizedDescription
            throw TransformError("cannot read the input" + (reason.map { ": \($0)" } ?? ""))
        }
        let (chat, report, failure) = transform([UInt8](whole))
        progress?(report)
        let writer = OutputWriter(fd: output)
        try writer.write(chat)
        try writer.flush()
        if let failure { throw ChatScriptFailure(report: report, message: failure) }
        return report
    }

    /// Transforms the chat at `input` into `output` (which may be `input`), written atomically; see `run`.
    public func transform(file input: String, to output: String, threads: Int = 1,
                          progress: ((PipeReport) -> Void)? = nil) throws -> PipeReport {
        if let streaming { return try streaming.transform(file: input, to: output, threads: threads, progress: progress) }
        guard let data = FileManager.default.contents(atPath: input) else { throw TransformError("cannot read \(input)") }
        let (chat, report, failure) = transform([UInt8](data))
        progress?(report)
        try WholeFile.write(chat, to: output)
        if let failure { throw ChatScriptFailure(report: report, message: failure) }
        return report
    }

    /// Every stage over a chat in memory. The report counts lines and malformed lines as read, and the changes
    /// and failures of every stage.
    func transform(_ input: [UInt8]) -> (chat: [UInt8], report: PipeReport, failure: String?) {
        var chat = input
        var report = PipeReport()
        var failure: String?
        for (index, stage) in stages.enumerated() {
            switch stage {
            case .lines(let pipe):
                let (output, stageReport) = pipe.run(bytes: chat)
                chat = output
                if index == 0 {
                    report = stageReport
                } else {
                    report.changedMessages += stageReport.changedMessages
                    report.failedMessages += stageReport.failedMessages
                    if report.firstError == nil { report.firstError = stageReport.firstError }
                }
            case .chat(let script):
                if index == 0 { report = ChatPipe(transforms: []).run(bytes: chat).report }
                let (output, problem) = script.apply(to: chat)
                chat = output
                if failure == nil { failure = problem }
            }
        }
        return (chat, report, failure)
    }
}
