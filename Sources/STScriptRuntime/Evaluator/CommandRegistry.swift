import STScriptSyntax

/// All commands the runtime knows, indexed by the ids the parser stores on each invocation.
public struct CommandRegistry: Sendable {
    public let declarations: [CommandDeclaration]
    /// Per id, what the evaluator needs on every call (held by reference so calls copy nothing).
    let entries: [CommandEntry]
    /// What the parser needs: names and aliases → argument shape and id.
    public let table: CommandTable
    private let byName: [String: Int]

    public init(_ declarations: [CommandDeclaration]) {
        self.declarations = declarations
        var table = CommandTable()
        var byName: [String: Int] = [:]
        for (id, decl) in declarations.enumerated() {
            let shape = CommandShape(id: id, rawQuotes: decl.rawQuotes,
                                     splitsUnnamedArgument: decl.splitsUnnamedArgument && !decl.unnamedArguments.isEmpty,
                                     splitCount: decl.splitCount)
            // A later declaration of the same name replaces the earlier one, as re-registering does in SillyTavern.
            for name in decl.allNames {
                table.add(name, shape)
                byName[name] = id
            }
        }
        self.table = table
        self.byName = byName
        self.entries = declarations.map(CommandEntry.init)
    }

    /// The declaration answering to `name` (a name or an alias, case-sensitive).
    public func declaration(named name: String) -> CommandDeclaration? {
        byName[name].map { declarations[$0] }
    }

    /// Every command family's declarations. A family adds its commands in its own file under Commands/.
    public static let standard = CommandRegistry(
        FlowCommands.declarations
            + VariableCommands.declarations
            + MathCommands.declarations
            + TextCommands.declarations
            + MessageCommands.declarations
            + ReasoningCommands.declarations
            + UICommands.declarations
            + PromptCommands.declarations
            + HelpCommands.declarations
            + ChatCommands.declarations
    )
}

/// A declaration as the evaluator uses it.
final class CommandEntry: Sendable {
    let declaration: CommandDeclaration
    let run: CommandFunction?
    let bind: CommandBinder?
    /// Split commands always receive a list.
    let receivesList: Bool

    init(_ declaration: CommandDeclaration) {
        self.declaration = declaration
        self.run = declaration.run
        self.bind = declaration.bind
        self.receivesList = declaration.splitsUnnamedArgument && !declaration.unnamedArguments.isEmpty
    }
}
