/// Text commands (§8.1): `/upper`, `/lower`, `/substr`, `/replace`, … — written by the jslib helper.
enum TextCommands {
    static let declarations: [CommandDeclaration] = []
}
