/// Chat message commands (§8.5) — written by the store helper.
enum MessageCommands {
    static let declarations: [CommandDeclaration] = []
}
