import ArgumentParser

struct PromptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prompt", abstract: "(not yet implemented)")

    func run() throws {
        throw ValidationError("'prompt' is not implemented yet")
    }
}
