import ArgumentParser

struct ThinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "think", abstract: "(not yet implemented)")

    func run() throws {
        throw ValidationError("'think' is not implemented yet")
    }
}
