import Dispatch
import Foundation
import JSCompat
import STScriptRuntime
import STScriptSyntax

/// Runs one script for `stscript run` and `stscript -c`: opens the store, evaluates on a thread with a large
/// stack (deeply nested closures recurse), commits the store, and reports as text or as the JSON contract.
enum ScriptRunner {
    struct Options {
        var storePath: String?
        var chatPath: String?
        var json = false
        /// The script file, used to find a `store` folder beside it when no store is given.
        var scriptPath: String?
    }

    /// Exit status: 0 success or quiet abort, 1 execution error or loud abort, 2 parse error or bad usage.
    static func run(script: String, options: Options) -> Int32 {
        DeepStack.run { runOnThisThread(script: script, options: options) }
    }

    /// Reads a script file (`-` for stdin) and checks it is UTF-8.
    static func readScript(_ path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: path) else {
                throw RunnerError("cannot read \(path)")
            }
            data = d
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw RunnerError("\(path == "-" ? "standard input" : path) is not valid UTF-8 text")
        }
        return text
    }

    private static func runOnThisThread(script: String, options: Options) -> Int32 {
        let session: ChatSession
        do {
            session = try StoreSession.open(storePath: options.storePath, chatPath: options.chatPath,
                                            scriptPath: options.scriptPath)
        } catch {
            return usageFailure("\(error)", json: options.json)
        }
        let interpreter = Interpreter(variables: session)
        session.configure(interpreter)
        if !options.json {
            interpreter.onToast = { toast in
                switch toast.severity {
                case .info, .success:
                    print(toast.text)
                    // Live output through pipes, in order with the warnings on stderr.
                    fflush(nil)
                case .warning, .error:
                    FileHandle.standardError.write(Data("\(toast.severity.rawValue): \(toast.text)\n".utf8))
                }
            }
        }
        let cancellation = interpreter.cancellation
        let signals = SignalWatcher { cancellation.cancel() }
        let result = interpreter.run(script)
        signals.stop()
        var commitProblem: String?
        do {
            try session.commit()
        } catch {
            commitProblem = "\(error)"
        }
        if options.json {
            print(JSONOutput.runResult(result, saveProblem: commitProblem.map { "could not save the store: \($0)" }))
        } else {
            report(result, scriptName: options.scriptPath ?? "<command>")
        }
        if let commitProblem {
            FileHandle.standardError.write(Data("stscript: could not save the store: \(commitProblem)\n".utf8))
            return 1
        }
        if let error = result.error { return error.phase == .parse ? 2 : 1 }
        if let aborted = result.aborted, !aborted.quiet { return 1 }
        return 0
    }

    private static func report(_ result: RunResult, scriptName: String) {
        if let error = result.error {
            var text = "\(scriptName):\(error.line):\(error.column): \(error.phase == .parse ? "syntax error" : "error"): \(error.message)\n"
            if !error.snippet.isEmpty { text += error.snippet + "\n" }
            FileHandle.standardError.write(Data(text.utf8))
            return
        }
        // The result is printed when the script printed nothing itself (no /echo), as a calculator would.
        let printedSomething = result.toasts.contains { $0.severity == .info || $0.severity == .success }
        if !printedSomething, let pipe = result.pipe?.string, !pipe.isEmpty {
            print(pipe)
        }
    }

    static func usageFailure(_ message: String, json: Bool) -> Int32 {
        if json {
            print(JSONOutput.object([
                ("pipe", "null"), ("toasts", "[]"),
                ("error", JSONOutput.object([("phase", JSONOutput.string("usage")), ("message", JSONOutput.string(message)),
                                             ("line", "0"), ("column", "0")])),
                ("aborted", "null"),
            ]))
        }
        FileHandle.standardError.write(Data("stscript: \(message)\n".utf8))
        return 2
    }
}

struct RunnerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}


/// Ctrl-C (or SIGTERM, as `timeout` and `kill` send) asks the running script to stop between commands, so what
/// it did so far is saved; a second signal exits at once.
final class SignalWatcher: @unchecked Sendable {
    private static let signals = [SIGINT, SIGTERM]
    private let sources: [DispatchSourceSignal]
    private var count = 0

    init(onInterrupt: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "stscript.signals")
        sources = SignalWatcher.signals.map { number in
            signal(number, SIG_IGN)
            return DispatchSource.makeSignalSource(signal: number, queue: queue)
        }
        for (source, number) in zip(sources, SignalWatcher.signals) {
            source.setEventHandler { [unowned self] in  // cancel() in stop() releases the handler and its source
                self.count += max(1, Int(source.data))  // signals that arrive together are delivered as one event
                if self.count > 1 {
                    // The escape hatch for a command that does not return: nothing of this run is saved, and
                    // the chat file is left exactly as it was before the run.
                    FileHandle.standardError.write(Data("stscript: stopped at once; this run's changes were not saved\n".utf8))
                    exit(128 + number)
                }
                onInterrupt()
            }
            source.resume()
        }
    }

    func stop() {
        for (source, number) in zip(sources, SignalWatcher.signals) {
            source.cancel()
            signal(number, SIG_DFL)
        }
    }
}

/// The JSON the command-line contract prints (keys in a fixed order, strings escaped as JSON.stringify does).
enum JSONOutput {
    static func string(_ s: String) -> String { JSONValue.quoted(s) }

    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// `saveProblem`: the store could not be written; reported as the error (phase "store") when the run had none.
    static func runResult(_ r: RunResult, saveProblem: String? = nil) -> String {
        let pipe = r.pipe.map { string($0.string) } ?? "null"
        let toasts = "[" + r.toasts.map { t in
            object([("severity", string(t.severity.rawValue)), ("text", string(t.text)),
                    ("title", t.title.map(string) ?? "null")])
        }.joined(separator: ", ") + "]"
        let error = r.error.map { e in
            object([("phase", string(e.phase.rawValue)), ("message", string(e.message)),
                    ("line", String(e.line)), ("column", String(e.column))])
        } ?? saveProblem.map { message in
            object([("phase", string("store")), ("message", string(message)), ("line", "0"), ("column", "0")])
        } ?? "null"
        let aborted = r.aborted.map { a in
            object([("quiet", a.quiet ? "true" : "false"), ("reason", string(a.reason))])
        } ?? "null"
        return object([("pipe", pipe), ("toasts", toasts), ("error", error), ("aborted", aborted)])
    }
}
