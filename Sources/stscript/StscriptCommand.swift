import ArgumentParser

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
}
