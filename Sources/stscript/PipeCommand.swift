import ArgumentParser

struct PipeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pipe", abstract: "(not yet implemented)")

    func run() throws {
        throw ValidationError("'pipe' is not implemented yet")
    }
}
