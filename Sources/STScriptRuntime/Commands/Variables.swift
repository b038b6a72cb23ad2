import JSCompat
import STScriptSyntax

/// Variable commands (spec §6, §8.2): scoped `/let` `/var`, chat-local `/setvar` … and global `/setglobalvar` ….
enum VariableCommands {
    static let family = "Variables"

    static let declarations: [CommandDeclaration] = [
        CommandDeclaration(
            name: "let", family: family,
            help: "Declares a scoped variable in the current closure, optionally with a value.",
            example: "/let name Alice | /echo {{var::name}}", returns: "the value",
            namedArguments: [.init("key", help: "variable name (then the whole unnamed text is the value)")],
            unnamedArguments: [.init("name"), .init("value")],
            splitsUnnamedArgument: true, splitCount: 1,
            run: { call in try letOrVar(call, declare: true) }),
        CommandDeclaration(
            name: "var", family: family,
            help: "Reads or assigns the nearest scoped variable of that name.",
            example: "/let x 1 | /var x 2 | /var x", returns: "the value",
            namedArguments: [.init("key", help: "variable name"),
                             .init("index", help: "list index or dictionary key"),
                             .init("as", help: "type of the value set at index", enumValues: typeNames)],
            unnamedArguments: [.init("name"), .init("value")],
            splitsUnnamedArgument: true, splitCount: 1,
            run: { call in try letOrVar(call, declare: false) }),
    ] + persistentDeclarations(.chat) + persistentDeclarations(.global) + [
        CommandDeclaration(
            name: "listvar", aliases: ["listchatvar"], family: family,
            help: "Lists chat-local and global variables; return=pipe gives them as text, return=object as JSON.",
            example: "/listvar return=object",
            namedArguments: [.init("scope", help: "which variables", enumValues: ["all", "local", "global"],
                                   defaultValue: "all"),
                             .init("return", help: "how to return the list",
                                   enumValues: ["pipe", "object", "toast-html", "toast-text", "popup-html", "none"],
                                   defaultValue: "popup-html")],
            run: listVariables),
    ]

    static let typeNames = ["string", "number", "int", "float", "bool", "list", "object", "null", "undefined"]

    /// `/setvar`, `/getvar`, `/addvar`, `/incvar`, `/decvar`, `/flushvar` for one namespace.
    static func persistentDeclarations(_ ns: VariableNamespace) -> [CommandDeclaration] {
        let global = ns == .global
        let word = global ? "globalvar" : "var"
        let what = global ? "global" : "chat-local"
        func aliases(_ verb: String) -> [String] { global ? [] : ["\(verb)chatvar"] }
        return [
            CommandDeclaration(
                name: "set\(word)", aliases: aliases("set"), family: family,
                help: "Sets a \(what) variable (index= writes one element of a JSON list or dictionary).",
                example: "/set\(word) key=color green", returns: "the value as given",
                namedArguments: [.init("key", help: "variable name", isRequired: true),
                                 .init("index", help: "list index or dictionary key"),
                                 .init("as", help: "type of the value set at index", enumValues: typeNames)],
                unnamedArguments: [.init("value", isRequired: true)],
                run: { call in
                    let name = nameArgument(call)
                    return .text(try setVariable(call, ns, name: name, value: call.unnamed.string,
                                                 index: call.named.text("index"), type: call.named.text("as")))
                }),
            CommandDeclaration(
                name: "get\(word)", aliases: aliases("get"), family: family,
                help: "Reads a \(what) variable; numeric text comes back as a number (007 → 7).",
                example: "/get\(word) color", returns: "the value",
                namedArguments: [.init("key", help: "variable name"), .init("index", help: "list index or dictionary key")],
                unnamedArguments: [.init("name")],
                run: { call in
                    let name = call.named["key"]?.string ?? call.unnamed.string
                    return .text(getVariable(call, ns, name: name, index: call.named.text("index")).string)
                }),
            CommandDeclaration(
                name: "add\(word)", aliases: aliases("add"), family: family,
                help: "Adds to a \(what) variable: appends to a JSON list, sums numbers, else concatenates text.",
                example: "/add\(word) key=score 10", returns: "the new value",
                namedArguments: [.init("key", help: "variable name", isRequired: true)],
                unnamedArguments: [.init("value to add", isRequired: true)],
                run: { call in
                    .text(try addVariable(call.interpreter.variables, ns, name: nameArgument(call.named),
                                          value: call.unnamed.string))
                }).binding { named, unnamed in
                    let (name, value) = (nameArgument(named), unnamed.string)
                    let increment = Numbers.parse(value)
                    return { _, interpreter in
                        .text(try addVariable(interpreter.variables, ns, name: name, value: value, increment: increment))
                    }
                },
            CommandDeclaration(
                name: "inc\(word)", aliases: aliases("inc"), family: family,
                help: "Adds 1 to a \(what) variable (missing starts at 0).", example: "/inc\(word) count",
                returns: "the new value",
                namedArguments: [.init("key", help: "variable name")],
                unnamedArguments: [.init("name", isRequired: true)],
                run: { call in
                    .text(try addVariable(call.interpreter.variables, ns, name: call.unnamed.string, value: "1", numeric: 1))
                }).binding { _, unnamed in
                    let name = unnamed.string
                    return { _, interpreter in .text(try addVariable(interpreter.variables, ns, name: name, value: "1", numeric: 1)) }
                },
            CommandDeclaration(
                name: "dec\(word)", aliases: aliases("dec"), family: family,
                help: "Subtracts 1 from a \(what) variable (missing starts at 0).", example: "/dec\(word) count",
                returns: "the new value",
                namedArguments: [.init("key", help: "variable name")],
                unnamedArguments: [.init("name", isRequired: true)],
                run: { call in
                    .text(try addVariable(call.interpreter.variables, ns, name: call.unnamed.string, value: "-1", numeric: -1))
                }).binding { _, unnamed in
                    let name = unnamed.string
                    return { _, interpreter in .text(try addVariable(interpreter.variables, ns, name: name, value: "-1", numeric: -1)) }
                },
            CommandDeclaration(
                name: "flush\(word)", aliases: aliases("flush"), family: family,
                help: "Deletes a \(what) variable.", example: "/flush\(word) color",
                namedArguments: [.init("key", help: "variable name")],
                unnamedArguments: [.init("name or closure returning a name", isRequired: true)],
                run: { call in
                    var name = call.unnamed.string
                    if let closure = call.unnamed.closure {
                        name = try call.interpreter.execute(closure).pipe?.string ?? "undefined"
                    }
                    if call.interpreter.variables.value(name, in: ns) != nil {
                        call.interpreter.variables.setValue(nil, for: name, in: ns)
                    }
                    return .empty
                }),
        ]
    }

    /// `key=` or else `name=` (SillyTavern: `args.key || args.name`).
    static func nameArgument(_ call: CommandCall) -> String { nameArgument(call.named) }

    static func nameArgument(_ named: NamedArguments) -> String {
        if let key = named["key"]?.string, !key.isEmpty { return key }
        return named["name"]?.string ?? ""
    }

    // MARK: scoped

    static func letOrVar(_ call: CommandCall, declare: Bool) throws -> Value? {
        var parts = call.unnamed.parts
        let key: String
        let value: Value?
        if let k = call.named["key"] {
            guard case .text(let name) = k else { throw CommandError("Key must be a string") }
            key = name
            value = call.hasUnnamedArgument ? joinedValue(parts) : nil
        } else {
            guard case .text(let name) = parts.removeFirst() else { throw CommandError("Key must be a string") }
            key = name
            value = parts.isEmpty ? nil : joinedValue(parts)
        }
        if declare {
            try call.scope.declare(key, value)
            return value ?? .empty
        }
        if let value {
            if let index = call.named.text("index") {
                try ScopedIndex.assign(call.scope, key, value, index: index, type: call.named.text("as"))
            } else {
                try call.scope.assign(key, value)
            }
            return value
        }
        if let index = call.named.text("index") {
            return try ScopedIndex.read(call.scope, key, index: index).pipeValue
        }
        return try call.scope.read(key).pipeValue
    }

    /// Text parts joined with spaces; a leading closure is the value itself.
    static func joinedValue(_ parts: [Value]) -> Value {
        if let first = parts.first, first.closure != nil { return first }
        return .text(parts.map(\.string).joined(separator: " "))
    }

    // MARK: chat-local and global

    /// A stored value as SillyTavern's getters return it: numeric text as a number.
    static func normalized(_ value: StoredValue?) -> JSValue {
        switch value {
        case nil: return .string("")
        case .number(let n)?: return .number(n)
        case .text(let s)?: return Scope.normalized(.text(s))
        case .json(let j)?:
            switch JSONText.parse(j) {
            case .bool(let b)?: return .number(b ? 1 : 0)
            case .null?: return .number(0)
            case let v?: return Scope.normalized(.text(JSONText.joined(v)))
            case nil: return .string(j)
            }
        }
    }

    static func getVariable(_ call: CommandCall, _ ns: VariableNamespace, name: String, index: String?) -> JSValue {
        let stored = call.interpreter.variables.value(name, in: ns)
        if let index {
            return JSONText.element(of: stored, index: index)
        }
        return normalized(stored)
    }

    static func setVariable(_ call: CommandCall, _ ns: VariableNamespace, name: String, value: String,
                            index: String?, type: String?) throws -> String {
        if name.isEmpty { throw CommandError("Variable name cannot be empty or undefined.") }
        let store = call.interpreter.variables
        if let index {
            if let updated = JSONText.setting(store.value(name, in: ns), index: index, to: value, type: type) {
                store.setValue(.text(updated), for: name, in: ns)
            }
        } else {
            store.setValue(.text(value), for: name, in: ns)
        }
        return value
    }

    /// `numeric`: the increment of `/incvar` and `/decvar` (appended to lists as a number); `increment`: the
    /// value already parsed, when the caller bound it once.
    static func addVariable(_ store: VariableStore, _ ns: VariableNamespace, name: String, value: String,
                            numeric: Double? = nil, increment: Double? = nil) throws -> String {
        let increment = increment ?? numeric ?? Numbers.parse(value)
        // The usual case, a number plus a number: one lookup, no intermediate values.
        if !increment.isNaN, !name.isEmpty, let sum = store.addNumber(increment, to: name, in: ns) {
            return Numbers.format(sum)
        }
        var current = normalized(store.value(name, in: ns))
        if !current.isTruthy { current = .number(0) }
        if case .string(let text) = current,
           let appended = JSONText.appending(numeric.map { .number($0) } ?? .string(value), toListText: text) {
            if name.isEmpty { throw CommandError("Variable name cannot be empty or undefined.") }
            store.setValue(.text(appended.json), for: name, in: ns)
            return appended.joined
        }
        let currentNumber: Double
        switch current {
        case .number(let n): currentNumber = n
        default: currentNumber = Numbers.parse(current.string)
        }
        if increment.isNaN || currentNumber.isNaN {
            let prefix = current.isTruthy ? current.string : ""
            let text = prefix + value
            if name.isEmpty { throw CommandError("Variable name cannot be empty or undefined.") }
            store.setValue(.text(text), for: name, in: ns)
            return text
        }
        let sum = currentNumber + increment
        if sum.isNaN { return "" }
        if name.isEmpty { throw CommandError("Variable name cannot be empty or undefined.") }
        store.setValue(.number(sum), for: name, in: ns)
        return Numbers.format(sum)
    }

    /// `/listvar`: the variables as text (`name: value` blocks under a heading per scope shown, as SillyTavern
    /// writes them for its popup) or, with `return=object`, all of them as JSON whatever `scope` says.
    static func listVariables(_ call: CommandCall) throws -> Value? {
        let scope = (call.named.text("scope") ?? "").trimmingJSWhitespace().lowercased()
        let which = scope.isEmpty ? "all" : scope
        let store = call.interpreter.variables
        var json: [String] = []
        var lines: [VariableNamespace: [String]] = [:]
        for (ns, label) in [(VariableNamespace.chat, "local"), (.global, "global")] {
            for name in store.names(in: ns) {
                guard let v = store.value(name, in: ns) else { continue }
                json.append("{\"key\":\(JSONValue.quoted(name)),\"value\":\(JSONText.json(of: v)),\"scope\":\"\(label)\"}")
                lines[ns, default: []].append("\(name): \(javaScriptString(v))")
            }
        }
        let text = {
            var sections: [String] = []
            if which == "all" || which == "local" {
                let chatName = call.interpreter.chatSession.chat.chatID
                let local = lines[.chat].map { $0.joined(separator: "\n\n") } ?? "No local variables"
                sections.append("### Local variables (\(chatName)):\n\(local)")
            }
            if which == "all" || which == "global" {
                let global = lines[.global].map { $0.joined(separator: "\n\n") } ?? "No global variables"
                sections.append("### Global variables:\n\(global)")
            }
            return sections.joined(separator: "\n\n")
        }
        return try ReturnTypes.result(call.named.text("return") ?? "popup-html", text: text(),
                                      object: "[" + json.joined(separator: ",") + "]", call: call)
    }

    /// JavaScript `String(value)` of a stored variable, as a template literal prints it: a list joins its items
    /// with commas (null as nothing), an object is `[object Object]`.
    static func javaScriptString(_ value: StoredValue) -> String {
        switch value {
        case .text(let s): return s
        case .number(let n): return Numbers.format(n)
        case .json(let j): return (try? JSONValue.parse(j)).map(templateString) ?? j
        }
    }

    private static func templateString(_ value: JSONValue) -> String {
        switch value {
        case .array(let items): return items.map { $0 == .null ? "" : templateString($0) }.joined(separator: ",")
        case .object: return "[object Object]"
        default: return value.javaScriptString
        }
    }
}
