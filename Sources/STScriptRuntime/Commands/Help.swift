/// `/help`: the commands by family, or one command's arguments, aliases and example, read from the declarations.
enum HelpCommands {
    static let family = "Help"

    static let declarations: [CommandDeclaration] = [
        CommandDeclaration(
            name: "help", aliases: ["?"], family: family,
            help: "Lists the commands by family; with a command name, shows its arguments, aliases and an example.",
            example: "/help if", returns: "the help text",
            unnamedArguments: [.init("command name (with or without /)")],
            run: { call in
                let name = call.unnamed.string.trimmingCharacters(in: .whitespacesAndNewlines)
                let registry = call.interpreter.registry
                if name.isEmpty || name == "slash" { return .text(overview(registry)) }
                let bare = name.hasPrefix("/") && name.count > 1 ? String(name.dropFirst()) : name
                guard let declaration = registry.declaration(named: bare) else {
                    throw CommandError("No command named /\(bare). Type /help for the list.")
                }
                return .text(details(declaration))
            }),
    ]

    /// Every family with its command names, one family per line, in the order the families were declared.
    static func overview(_ registry: CommandRegistry) -> String {
        var families: [String] = []
        var names: [String: [String]] = [:]
        for declaration in registry.declarations where declaration.run != nil {
            if names[declaration.family] == nil { families.append(declaration.family) }
            names[declaration.family, default: []].append("/" + declaration.name)
        }
        // Word-wrapped to 80 columns under a family column, so it reads well in a terminal.
        let indent = (families.map(\.count).max() ?? 0) + 2
        var lines: [String] = []
        for family in families {
            var line = family + String(repeating: " ", count: indent - family.count)
            var lineHasName = false
            for name in (names[family] ?? []).sorted() {
                if lineHasName && line.count + 1 + name.count > 80 {
                    lines.append(line)
                    line = String(repeating: " ", count: indent)
                    lineHasName = false
                }
                line += (lineHasName ? " " : "") + name
                lineHasName = true
            }
            lines.append(line)
        }
        lines.append("Type /help NAME for a command's arguments and an example.")
        return lines.joined(separator: "\n")
    }

    /// One command: what it does, its aliases, named and unnamed arguments, what it returns, an example.
    static func details(_ declaration: CommandDeclaration) -> String {
        var lines = ["/\(declaration.name) — \(declaration.help)"]
        if !declaration.aliases.isEmpty {
            lines.append("aliases: " + declaration.aliases.map { "/" + $0 }.joined(separator: " "))
        }
        if !declaration.namedArguments.isEmpty {
            lines.append("named arguments:")
            let width = declaration.namedArguments.map(\.name.count).max() ?? 0
            for argument in declaration.namedArguments {
                var text = "  " + argument.name + "=" + String(repeating: " ", count: width - argument.name.count + 1)
                text += argument.help
                if !argument.enumValues.isEmpty { text += " (" + argument.enumValues.joined(separator: ", ") + ")" }
                if argument.isRequired { text += " [required]" }
                lines.append(text)
            }
        }
        if !declaration.unnamedArguments.isEmpty {
            lines.append("unnamed: " + declaration.unnamedArguments.map { argument in
                var text = argument.help
                if !argument.enumValues.isEmpty { text += " (" + argument.enumValues.joined(separator: ", ") + ")" }
                return argument.isRequired ? text + " [required]" : text
            }.joined(separator: "; "))
        }
        if let returns = declaration.returns { lines.append("returns: " + returns) }
        if let example = declaration.example { lines.append("example: " + example) }
        return lines.joined(separator: "\n")
    }
}

import Foundation
