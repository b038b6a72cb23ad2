/// Reasoning commands (§11) — written by the store helper.
enum ReasoningCommands {
    static let declarations: [CommandDeclaration] = []
}
