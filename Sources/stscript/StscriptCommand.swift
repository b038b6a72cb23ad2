import ArgumentParser
import Foundation

/// The `stscript` program. Each subcommand lives in its own file and only wires library stages together.
@main
struct StscriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stscript",
        abstract: "Run SillyTavern's STscript outside the browser, with first-class model reasoning.",
        subcommands: [ReplCommand.self, RunCommand.self, CheckCommand.self, ThinkCommand.self,
                      PromptCommand.self, PipeCommand.self, ExportCommand.self],
        defaultSubcommand: ReplCommand.self
    )

    /// As ArgumentParser's `main`, but a usage mistake exits with 2 as the help texts promise (not 64).
    static func main() {
        // `stscript -c SCRIPT` is what shell loops call: it skips the argument parser, whose reflection-driven setup
        // is most of start-up. Any other form (or a script that looks like an option) goes through the parser.
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.count == 2, arguments.first == "-c" || arguments.first == "--command",
           let script = arguments.last, !script.hasPrefix("-") {
            Foundation.exit(ScriptRunner.run(script: script, options: .init(storePath: nil, chatPath: nil, json: false, scriptPath: nil)))
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
