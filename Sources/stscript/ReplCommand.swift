import ArgumentParser

struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repl", abstract: "(not yet implemented)")

    func run() throws {
        throw ValidationError("'repl' is not implemented yet")
    }
}
