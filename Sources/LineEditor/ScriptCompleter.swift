/// Where the values of an argument come from, for completion.
public enum ValueSource: Sendable, Equatable {
    case none
    case fixed([String])
    case variableNames
    case chatNames
}

/// What completion needs to know about one command: plain data, filled from the runtime's declarations.
public struct CompletableCommand: Sendable, Equatable {
    public var name: String
    public var aliases: [String]
    /// Named arguments in declaration order, with where their values come from.
    public var namedArguments: [(name: String, values: ValueSource)]
    /// Values offered for the first unnamed argument.
    public var unnamedValues: ValueSource

    public init(name: String, aliases: [String] = [], namedArguments: [(name: String, values: ValueSource)] = [],
                unnamedValues: ValueSource = .none) {
        self.name = name
        self.aliases = aliases
        self.namedArguments = namedArguments
        self.unnamedValues = unnamedValues
    }

    public static func == (a: CompletableCommand, b: CompletableCommand) -> Bool {
        a.name == b.name && a.aliases == b.aliases && a.unnamedValues == b.unnamedValues
            && a.namedArguments.map(\.name) == b.namedArguments.map(\.name)
            && a.namedArguments.map(\.values) == b.namedArguments.map(\.values)
    }
}

/// Tab completion for STscript: command names and aliases after `/`, named-argument names of the command being
/// typed, their values (enums, booleans, variable and chat names), macro names after `{{`, and variable names
/// inside `{{getvar::`.
public struct ScriptCompleter {
    private let commands: [String: CompletableCommand]      // by name and by alias
    private let commandNames: [String]
    private let variableNames: () -> [String]
    private let chatNames: () -> [String]
    /// After `{{`: each macro name, followed by `::` when it needs an argument, else by `}}`.
    private let macros: [CompletionCandidate]

    /// Macros whose argument is a variable name.
    static let variableMacros = ["getvar", "getglobalvar", "incvar", "decvar", "incglobalvar", "decglobalvar"]

    public init(commands: [CompletableCommand],
                macros: [(name: String, needsArgument: Bool)] = [],
                variableNames: @escaping () -> [String] = { [] },
                chatNames: @escaping () -> [String] = { [] }) {
        self.macros = macros.map { CompletionCandidate($0.name, terminator: $0.needsArgument ? "::" : "}}") }
        var byName: [String: CompletableCommand] = [:]
        for command in commands {
            byName[command.name] = command
            for alias in command.aliases where byName[alias] == nil { byName[alias] = command }
        }
        self.commands = byName
        self.commandNames = byName.keys.sorted()
        self.variableNames = variableNames
        self.chatNames = chatNames
    }

    /// Candidates for the word that ends at the cursor; `textBeforeCursor` is everything typed so far.
    public func complete(_ textBeforeCursor: String) -> Completions {
        if let macro = openMacro(in: textBeforeCursor) {
            for name in Self.variableMacros where macro.hasPrefix(name + "::") {
                let word = String(macro.dropFirst(name.count + 2))
                return Completions(word: word, candidates: sorted(variableNames()).map { CompletionCandidate($0, terminator: "}}") })
            }
            // Still typing the name: nothing but name characters so far.
            guard macro.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "/" }) else { return .none }
            return Completions(word: String(macro), candidates: macros)
        }
        let segment = currentCommand(in: textBeforeCursor)
        guard segment.first == "/" else { return .none }
        guard let nameEnd = segment.firstIndex(where: \.isWhitespace) else {
            let word = String(segment.dropFirst())
            return Completions(word: "/" + word, candidates: commandNames.map { CompletionCandidate("/" + $0) })
        }
        guard let command = commands[String(segment[segment.index(after: segment.startIndex)..<nameEnd])] else { return .none }

        let arguments = segment[nameEnd...]
        let endsInSpace = arguments.last?.isWhitespace ?? true
        var tokens = arguments.split(whereSeparator: \.isWhitespace).map(String.init)
        let word = endsInSpace ? "" : (tokens.popLast() ?? "")
        let unnamedStarted = tokens.contains { namedKey(of: $0) == nil }

        if let key = namedKey(of: word) {
            guard let argument = command.namedArguments.first(where: { $0.name == key }) else { return .none }
            let typed = String(word.dropFirst(key.count + 1))
            return Completions(word: typed, candidates: values(argument.values).map { CompletionCandidate($0) })
        }
        guard !unnamedStarted else {
            // The unnamed text is one value that may hold spaces (a chat name): it is completed whole.
            var unnamed = arguments.drop(while: \.isWhitespace)
            while let end = unnamed.firstIndex(where: \.isWhitespace), namedKey(of: String(unnamed[..<end])) != nil {
                unnamed = unnamed[end...].drop(while: \.isWhitespace)
            }
            return Completions(word: String(unnamed), candidates: values(command.unnamedValues).map { CompletionCandidate($0) })
        }
        let candidates = command.namedArguments.map { CompletionCandidate($0.name + "=", terminator: "") }
            + values(command.unnamedValues).map { CompletionCandidate($0) }
        return Completions(word: word, candidates: candidates)
    }

    private func values(_ source: ValueSource) -> [String] {
        switch source {
        case .none: []
        case .fixed(let values): values
        case .variableNames: sorted(variableNames())
        case .chatNames: sorted(chatNames())
        }
    }

    private func sorted(_ names: [String]) -> [String] { Array(Set(names)).sorted() }

    /// `key` when `token` starts with `key=` (`\w+=`), as the parser reads named arguments.
    private func namedKey(of token: String) -> String? {
        guard let equals = token.firstIndex(of: "="), equals > token.startIndex else { return nil }
        let key = token[..<equals]
        return key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } ? String(key) : nil
    }

    /// The text after the last `{{` when no `}}` closes it, else nil.
    private func openMacro(in text: String) -> Substring? {
        guard let open = text.ranges(of: "{{").last else { return nil }
        let after = text[open.upperBound...]
        return after.contains("}}") ? nil : after
    }

    /// The command being typed: the text after the last command separator or closure opener, trimmed at the left.
    private func currentCommand(in text: String) -> Substring {
        var start = text.startIndex
        var index = text.startIndex
        var previous: Character?
        while index < text.endIndex {
            let c = text[index]
            let next = text.index(after: index)
            if previous != "\\" && (c == "|" || (c == "{" && next < text.endIndex && text[next] == ":")
                                    || (c == ":" && next < text.endIndex && text[next] == "}")) {
                start = c == "|" ? next : text.index(after: next)
            }
            previous = c
            index = next
        }
        return text[start...].drop(while: \.isWhitespace)
    }
}
