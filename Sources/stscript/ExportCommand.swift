import ArgumentParser

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "(not yet implemented)")

    func run() throws {
        throw ValidationError("'export' is not implemented yet")
    }
}
