import ArgumentParser
import Foundation
import STScriptRuntime
import STScriptSyntax

/// `stscript check FILE…`: parses without running and reports every file's syntax error.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check STscript files for syntax errors without running them.",
        discussion: "Exit status 0 when every file parses, 2 when any does not.")

    @Flag(name: .long, help: "Print a JSON list with one {file, ok, error} entry per file.")
    var json = false

    @Flag(name: .long, help: "Parse with STRICT_ESCAPING on from the start.")
    var strictEscaping = false

    @Argument(help: "Script files (- for standard input).")
    var files: [String]

    func run() throws {
        let registry = CommandRegistry.standard
        let flags = ParserFlags(strictEscaping: strictEscaping)
        var entries: [String] = []
        var failed = false
        for file in files {
            var problem: (message: String, line: Int, column: Int, snippet: String)?
            do {
                let text = try ScriptRunner.readScript(file)
                let outcome = { () -> ParseError? in
                    do {
                        _ = try Parser.parse(text, commands: registry.table, flags: flags)
                        return nil
                    } catch let error as ParseError {
                        return error
                    } catch {
                        return nil
                    }
                }()
                if let e = outcome { problem = (e.message, e.line, e.column, e.snippet) }
            } catch {
                problem = ("\(error)", 0, 0, "")
            }
            if let problem {
                failed = true
                if !json {
                    // A file that could not be read has no position: say so plainly, not as a syntax error.
                    var text = problem.line == 0 ? "stscript: \(problem.message)\n"
                        : "\(file):\(problem.line):\(problem.column): syntax error: \(problem.message)\n"
                    if !problem.snippet.isEmpty { text += problem.snippet + "\n" }
                    FileHandle.standardError.write(Data(text.utf8))
                }
            }
            if json {
                let error = problem.map {
                    JSONOutput.object([("message", JSONOutput.string($0.message)), ("line", String($0.line)),
                                       ("column", String($0.column))])
                } ?? "null"
                entries.append(JSONOutput.object([("file", JSONOutput.string(file)),
                                                  ("ok", problem == nil ? "true" : "false"), ("error", error)]))
            }
        }
        if json { print("[" + entries.joined(separator: ", ") + "]") }
        if failed { throw ExitCode(2) }
    }
}
