/// Math commands (§8.3): `/add`, `/sub`, `/mul`, … — written by the jslib helper on the declaration API.
enum MathCommands {
    static let declarations: [CommandDeclaration] = []
}
