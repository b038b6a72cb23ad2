import ArgumentParser
import ChatTransforms
import Foundation
import Reasoning
import RegexScripts

/// `stscript pipe`: a chat on stdin → the transformed chat on stdout; or every chat of a folder into another.
struct PipeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipe",
        abstract: "Transform SillyTavern chats (JSONL): stdin to stdout, or a folder of chats into another.",
        discussion: """
        Transforms run in the order given on the command line. Lines no transform changed are written byte for \
        byte; malformed lines pass through unchanged and are counted on stderr. With --in/--out every .jsonl \
        under the input folder is transformed into the same path under the output folder; one line per chat \
        reports the result, and the exit status is 1 when any chat failed.
        """)

    @Option(name: .customLong("parse-reasoning"), help: ArgumentHelp(
        "Move a reasoning block at the start of each message into extra.reasoning (type parsed), as SillyTavern's auto-parse does.",
        valueName: "template|profile"))
    var parseReasoning: [String] = []

    @Flag(name: .customLong("strip-reasoning"), help: "Delete stored reasoning (extra.reasoning becomes \"\", its type and duration go).")
    var stripReasoning: Int

    @Option(name: .customLong("inline-reasoning"), help: ArgumentHelp(
        "Put stored reasoning back into the text with a template's markers (prefix, reasoning, suffix, separator, text).",
        valueName: "template|profile"))
    var inlineReasoning: [String] = []

    @Option(name: .customLong("regex"), help: ArgumentHelp(
        "Apply SillyTavern regex scripts (a JSON list of scripts, or a settings.json) as when messages are stored.",
        valueName: "file"))
    var regex: [String] = []

    @Option(name: .customLong("script"), help: ArgumentHelp(
        "Run an STscript once per message, with the message as the chat's last message ({{lastMessage}}, /messages, the reasoning commands act on it); what it changes is written back.",
        valueName: "file.st"))
    var script: [String] = []

    @Option(name: .customLong("chat-script"), help: ArgumentHelp(
        "Run an STscript once over the whole chat, as `stscript run --chat` does (every message, chat variables in the header); what it changes is written back. The chat is held in memory for it.",
        valueName: "file.st"))
    var chatScript: [String] = []

    @Option(help: ArgumentHelp(
        "Whether --parse-reasoning also updates swipes: all (as SillyTavern: the message is copied into its current swipe, other swipes are parsed into their own swipe_info) or none (mes and extra only).",
        valueName: "all|none"))
    var swipes: String = "all"

    @Option(name: .customLong("in"), help: ArgumentHelp("Transform every .jsonl under this folder.", valueName: "folder"))
    var inputFolder: String?

    @Option(name: .customLong("out"), help: ArgumentHelp("Where --in writes its chats (may be the same folder).", valueName: "folder"))
    var outputFolder: String?

    @Option(help: "Chats transformed at the same time with --in (default: number of cores).")
    var jobs: Int?

    @Option(help: "Worker threads for one stream (default: number of cores).")
    var threads: Int?

    @Flag(help: "With --in, print nothing for chats that succeeded.")
    var quiet = false

    func validate() throws {
        guard swipes == "all" || swipes == "none" else { throw ValidationError("--swipes must be all or none") }
        if (inputFolder == nil) != (outputFolder == nil) { throw ValidationError("--in and --out go together") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let pipe = PipePlan(steps: try stepsInCommandLineOrder())
        // Scripts may nest deeply: they run on the main thread's large stack, one message (or chat) at a time.
        let scripted = !script.isEmpty || !chatScript.isEmpty
        let cores = scripted ? 1 : ProcessInfo.processInfo.activeProcessorCount
        if let inputFolder, let outputFolder {
            let failed = try PipeBatch.run(pipe: pipe, from: inputFolder, to: outputFolder, jobs: jobs ?? cores, quiet: quiet)
            if failed > 0 { throw ExitCode(1) }
            return
        }
        let report: PipeReport
        do {
            report = try pipe.run(input: 0, output: 1, threads: scripted ? 1 : (threads ?? cores))
        } catch let failure as ChatScriptFailure {
            if let summary = PipeBatch.problems(failure.report) { StandardError.write("stscript pipe: \(summary)\n") }
            StandardError.write("stscript pipe: \(failure.message)\n")
            throw ExitCode(1)
        } catch {
            StandardError.write("stscript pipe: \(error)\n")
            throw ExitCode(1)
        }
        if let summary = PipeBatch.problems(report) { StandardError.write("stscript pipe: \(summary)\n") }
        if report.failedMessages > 0 { throw ExitCode(1) }
    }

    /// The transforms in the order their options appear (the parsed options lose their relative order).
    private func stepsInCommandLineOrder() throws -> [PipeStep] {
        let names = ["--parse-reasoning", "--strip-reasoning", "--inline-reasoning", "--regex", "--script", "--chat-script"]
        var found: [(String, String?)] = []
        var arguments = CommandLine.arguments.dropFirst()[...]
        while let argument = arguments.popFirst() {
            if argument == "--" { break }
            let (name, inline) = argument.split(separator: "=", maxSplits: 1).map(String.init).splitPair
            guard names.contains(name) else { continue }
            if name == "--strip-reasoning" { found.append((name, nil)); continue }
            found.append((name, inline ?? arguments.popFirst()))
        }
        return try found.map { name, value in
            let value = value ?? ""
            switch name {
            case "--parse-reasoning":
                return .message(ParseReasoning(template: try template(value), includeSwipes: swipes == "all"))
            case "--inline-reasoning":
                return .message(InlineReasoning(template: try template(value)))
            case "--regex":
                do { return .message(try RegexTransform(file: value)) } catch { throw unusable(error) }
            case "--script":
                do { return .message(try ScriptTransform(file: value)) } catch { throw unusable(error) }
            case "--chat-script":
                do { return .chat(try ChatScript(file: value)) } catch { throw unusable(error) }
            default:
                return .message(StripReasoning())
            }
        }
    }

    /// A transform's file that cannot be used (unreadable, not parsing): said plainly, exit status 2, no usage text.
    private func unusable(_ error: any Error) -> ExitCode {
        StandardError.write("stscript pipe: \(error)\n")
        return ExitCode(2)
    }

    private func template(_ name: String) throws -> ReasoningTemplate {
        guard let template = TemplateLookup.template(named: name) else {
            throw ValidationError("unknown reasoning template or profile '\(name)' (known: \(TemplateLookup.knownNames.joined(separator: ", ")))")
        }
        return template
    }
}

private extension Array where Element == String {
    var splitPair: (String, String?) { (self.first ?? "", count > 1 ? self[1] : nil) }
}

/// `pipe --in DIR --out DIR`: every chat under a folder, with per-chat results and a progress bar.
enum PipeBatch {
    static func run(pipe: PipePlan, from input: String, to output: String, jobs: Int, quiet: Bool) throws -> Int {
        let files: [String]
        do { files = try ChatBatch.chatFiles(in: input) } catch { throw ValidationError("\(error)") }
        let sizes = files.map { (try? FileManager.default.attributesOfItem(atPath: input + "/" + $0)[.size] as? Int) ?? 0 }
        let bar = ProgressBar(totalChats: files.count, totalBytes: sizes.reduce(0, +))
        let outcomes = ChatBatch.run(files, jobs: jobs, work: { relative in
            var counted = PipeReport()
            do {
                let report = try pipe.transform(file: input + "/" + relative, to: output + "/" + relative) { sofar in
                    bar.advance(messages: sofar.messages - counted.messages)
                    counted = sofar
                }
                if report.failedMessages > 0 {
                    return ChatOutcome(path: relative, report: report, failure: report.firstError ?? "a transform failed")
                }
                return ChatOutcome(path: relative, report: report)
            } catch let failure as ChatScriptFailure {
                return ChatOutcome(path: relative, report: failure.report, failure: failure.message)
            } catch {
                return ChatOutcome(path: relative, failure: "\(error)")
            }
        }, done: { outcome in
            let size = files.firstIndex(of: outcome.path).map { sizes[$0] } ?? 0
            bar.advance(bytes: size, chats: 1)
            let line: String
            if let failure = outcome.failure {
                line = "failed  \(outcome.path): \(failure)\n"
            } else if let report = outcome.report {
                if quiet && problems(report) == nil { return }
                line = "ok      \(outcome.path): \(report.messages) messages, \(report.changedMessages) changed"
                    + (problems(report).map { "; \($0)" } ?? "") + "\n"
            } else {
                return
            }
            bar.finish()
            if outcome.failure != nil { StandardError.write(line) } else { FileHandle.standardOutput.write(Data(line.utf8)) }
        })
        bar.finish()
        let failed = outcomes.filter { !$0.succeeded }.count
        let messages = outcomes.compactMap(\.report).reduce(0) { $0 + $1.messages }
        StandardError.write("stscript pipe: \(outcomes.count) chats, \(messages) messages, \(failed) failed\n")
        return failed
    }

    /// Malformed lines and failed messages, in one clause; nil when there were none.
    static func problems(_ report: PipeReport) -> String? {
        var parts: [String] = []
        if report.malformedLines > 0 {
            let lines = report.firstMalformed.map(String.init).joined(separator: ", ")
            let more = report.malformedLines > report.firstMalformed.count ? ", …" : ""
            parts.append("\(report.malformedLines) malformed line(s) passed through unchanged (line \(lines)\(more))")
        }
        if report.failedMessages > 0 {
            parts.append("\(report.failedMessages) message(s) left unchanged after an error (\(report.firstError ?? ""))")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
