import Foundation
import JSCompat
import STScriptSyntax

/// Flow and utility commands (spec §7, §8.1): pass/return, echo, run, abort, delay, closures, if/while/times.
enum FlowCommands {
    static let family = "Flow"
    /// SillyTavern's loop guard.
    static let maxLoops = 100
    static let maxSafeInteger = 9_007_199_254_740_991.0

    static let declarations: [CommandDeclaration] = [
        CommandDeclaration(
            name: "pass", aliases: ["return"], family: family,
            help: "Passes the text (or closure) to the next command through the pipe. /return is the same command: it does not stop the script.",
            example: "/pass Hello world", returns: "the provided value",
            unnamedArguments: [.init("text", isRequired: true)],
            run: { call in
                if case .list(let parts) = call.unnamed {
                    if parts.contains(where: { $0.closure != nil }) {
                        throw CommandError("Command /pass does not support multiple closures")
                    }
                    return .text(jsonArrayOfStrings(parts.map(\.string)))
                }
                return call.unnamed.parts[0]
            }),
        CommandDeclaration(
            name: "echo", family: family,
            help: "Shows the text as a toast and passes it on. Quotes are kept as written unless raw=false.",
            example: "/echo title=\"My Message\" severity=warning This is a warning message", returns: "the text",
            namedArguments: [
                .init("title", help: "title of the toast"),
                .init("severity", help: "severity level of the toast", enumValues: ["info", "warning", "error", "success"],
                      defaultValue: "info"),
                .init("timeout", help: "milliseconds to show the toast"),
                .init("extendedTimeout", help: "milliseconds to show the toast after hovering"),
                .init("preventDuplicates", help: "do not show a toast with the same text twice", enumValues: ["true", "false"]),
                .init("awaitDismissal", help: "wait for the toast to be dismissed", enumValues: ["true", "false"]),
                .init("cssClass", help: "CSS class for the toast (no effect in a terminal)"),
                .init("color", help: "toast colour (no effect in a terminal)"),
                .init("escapeHtml", help: "escape HTML in the text", enumValues: ["true", "false"], defaultValue: "true"),
                .init("onClick", help: "closure to run when the toast is clicked"),
                .init("raw", help: "keep quotes in the text as written", enumValues: ["true", "false"], defaultValue: "true"),
            ],
            unnamedArguments: [.init("text", isRequired: true)],
            rawQuotes: true,
            run: { call in
                if call.unnamed.isEmpty { return .empty }
                var severity = call.named.text("severity") ?? ""
                if !severity.isEmpty && !["error", "warning", "success", "info"].contains(severity) {
                    call.interpreter.toast(.warning, "Invalid severity provided for /echo command: \(severity)")
                    severity = ""
                }
                if let onClick = call.named["onClick"], onClick.closure == nil, !onClick.string.isEmpty {
                    call.interpreter.toast(.warning, "Invalid onClick provided for /echo command. This is not a closure")
                }
                let text = call.unnamed.string
                let title = call.named.text("title").flatMap { $0.isEmpty ? nil : $0 }
                call.interpreter.toast(Toast.Severity(rawValue: severity) ?? .info, text, title: title)
                if case .single(let v) = call.unnamed { return v.closure != nil ? .text(text) : v }
                return .text(text)
            }),
        CommandDeclaration(
            name: "run", aliases: ["call", "exec"], family: family,
            help: "Runs a closure, or the closure held by a scoped variable; named arguments set its parameters. /:name is short for /run name.",
            example: "/let greet {: who=World /echo Hello {{var::who}} :} | /run greet who=you",
            returns: "the result of the closure",
            namedArguments: [.init("args", help: "named arguments passed to the closure", acceptsMultiple: true)],
            unnamedArguments: [.init("scoped variable or closure", isRequired: true)],
            run: runCommand),
        CommandDeclaration(
            name: "abort", family: family,
            help: "Stops the whole script. Quiet by default; quiet=false shows the reason as a warning.",
            example: "/abort quiet=false Something went wrong",
            namedArguments: [.init("quiet", help: "suppress the warning toast", enumValues: ["true", "false"],
                                   defaultValue: "true")],
            unnamedArguments: [.init("reason")],
            run: { call in
                let quiet = call.named["quiet"]
                if quiet?.closure != nil {
                    throw CommandError("argument 'quiet' cannot be a closure for command /abort")
                }
                let reason = call.unnamed.string
                call.interpreter.abort(reason: reason.isEmpty ? "/abort command executed" : reason,
                                       quiet: !JSBoolean.isFalse(quiet?.string ?? "true"))
                return .empty
            }),
        CommandDeclaration(
            name: "delay", aliases: ["wait", "sleep"], family: family,
            help: "Waits the given number of milliseconds.", example: "/delay 1000",
            unnamedArguments: [.init("milliseconds", isRequired: true)],
            run: { call in
                if call.unnamed.isEmpty { return .empty }
                var ms = Numbers.parse(call.unnamed.string)
                if ms.isNaN { ms = 0 }
                var remaining = ms / 1000
                // Sleep in slices so Ctrl-C stops a long delay.
                while remaining > 0 && !call.interpreter.cancellation.isCancelled {
                    let slice = min(remaining, 0.05)
                    Thread.sleep(forTimeInterval: slice)
                    remaining -= slice
                }
                return .empty
            }),
        CommandDeclaration(
            name: "closure-serialize", family: family,
            help: "Returns a closure's body as text, to keep it in a chat or global variable.",
            example: "/closure-serialize {: /echo hi :}", returns: "serialized closure as text",
            unnamedArguments: [.init("closure", isRequired: true)],
            run: { call in
                guard let closure = call.unnamed.closure else {
                    throw CommandError("unnamed argument must be a closure")
                }
                return .text(closure.rawText)
            }),
        CommandDeclaration(
            name: "closure-deserialize", family: family,
            help: "Turns text back into a closure whose parent is the current scope.",
            example: "/closure-deserialize /echo hi | /run", returns: "the closure",
            unnamedArguments: [.init("text", isRequired: true)],
            run: { call in
                let node: ClosureNode
                do {
                    node = try call.interpreter.parse(call.unnamed.string, flags: call.executor.parserFlags)
                } catch let error as ParseError {
                    throw CommandError(error.message)
                }
                return .closure(Closure(node: node, parent: call.scope))
            }),
        CommandDeclaration(
            name: "if", family: family,
            help: "Runs the closure (or command text) when the comparison holds, else the else= branch. Operands that name a variable are read from it.",
            example: "/if left=score rule=gte right=10 {: /echo win :}", returns: "the branch's result",
            namedArguments: conditionArguments + [.init("else", help: "closure or command text to run when false")],
            unnamedArguments: [.init("closure or command text to run when true", isRequired: true)],
            splitsUnnamedArgument: true,
            run: ifCommand),
        CommandDeclaration(
            name: "while", family: family,
            help: "Runs the body while the comparison holds (re-read from variable names each time); at most 100 times unless guard=off.",
            example: "/setvar key=i 0 | /while left=i rule=lt right=3 {: /incvar i :}", returns: "the last body result",
            namedArguments: conditionArguments + [.init("guard", help: "off disables the 100-iteration limit",
                                                         enumValues: ["on", "off"])],
            unnamedArguments: [.init("closure or command text to repeat", isRequired: true)],
            splitsUnnamedArgument: true,
            run: whileCommand),
        CommandDeclaration(
            name: "times", family: family,
            help: "Runs the body N times with {{timesIndex}} = 0, 1, …; at most 100 times unless guard=off.",
            example: "/times 3 {: /echo {{timesIndex}} :}", returns: "the last body result",
            namedArguments: [.init("guard", help: "off disables the 100-iteration limit", enumValues: ["on", "off"])],
            unnamedArguments: [.init("repeats", isRequired: true), .init("closure or command text", isRequired: true)],
            splitsUnnamedArgument: true, splitCount: 1,
            run: timesCommand),
        CommandDeclaration(
            name: "setinput", family: family,
            help: "Puts the text into the chat input and passes it on.", example: "/setinput Hello world",
            returns: "the text", unnamedArguments: [.init("text", isRequired: true)],
            run: { call in
                call.interpreter.chatInput = call.unnamed.string
                return call.unnamed.parts.count == 1 ? call.unnamed.parts[0] : .text(call.unnamed.string)
            }),
        // Names the parser reserves. They only run in their special forms (`/break`, `/breakpoint |`,
        // `/parser-flag NAME …`, comments); written any other way they fail as they do in SillyTavern.
        CommandDeclaration(
            name: "break", family: family,
            help: "Leaves the nearest loop or /run, passing the value (or the current pipe) on.",
            example: "/times 5 {: /if left={{timesIndex}} right=2 {: /break :} :}",
            unnamedArguments: [.init("value to pass down the pipe instead of the current pipe value")],
            run: nil),
        CommandDeclaration(
            name: "breakpoint", family: family, help: "Debugger breakpoint (ignored without a debugger).",
            example: "/breakpoint |", run: nil),
        CommandDeclaration(
            name: "parser-flag", family: family,
            help: "Sets a parser flag for the rest of the script: STRICT_ESCAPING or REPLACE_GETVAR, on or off.",
            example: "/parser-flag STRICT_ESCAPING on |",
            unnamedArguments: [.init("flag", isRequired: true, enumValues: ParserFlags.names),
                               .init("state", enumValues: ["on", "off"])],
            splitsUnnamedArgument: true, run: nil),
        CommandDeclaration(
            name: "/", aliases: ["#"], family: family, help: "A comment up to the next |.",
            example: "// a note |", unnamedArguments: [.init("commentary")], run: nil),
    ]

    static let conditionArguments: [NamedArgumentDeclaration] = [
        .init("left", help: "left operand: a number, a variable name or text (aliases a, first, x)", isRequired: true),
        .init("right", help: "right operand (aliases b, second, y)"),
        .init("rule", help: "comparison", enumValues: ["eq", "neq", "in", "nin", "gt", "gte", "lt", "lte", "not"]),
    ]

    // MARK: /run

    static func runCommand(_ call: CommandCall) throws -> Value? {
        if call.unnamed.isEmpty { throw CommandError("No name provided for /run command") }
        if let closure = call.unnamed.closure {
            closure.breakController = BreakController()
            return try call.interpreter.execute(closure).pipe ?? .empty
        }
        guard case .single(.text(let name)) = call.unnamed else {
            throw CommandError("Quick Reply extension is not loaded")
        }
        if call.scope.exists(name) {
            guard case .closure(let closure) = try call.scope.read(name) else {
                throw CommandError("\"\(name)\" is not callable.")
            }
            closure.parent = call.scope
            closure.breakController = BreakController()
            closure.providedArguments = []
            for parameter in closure.node.parameters {
                if let given = call.named[parameter.name] {
                    closure.providedArguments.append((parameter.name, given))
                }
            }
            return try call.interpreter.execute(closure).pipe ?? .empty
        }
        throw CommandError("Quick Reply extension is not loaded")
    }

    // MARK: conditions

    /// Where a comparison operand comes from; worked out once per command, looked up on every loop iteration.
    enum Operand {
        case fixed(JSValue)
        /// Looked up as a scoped, chat or global variable, else the text itself.
        case name(String)

        /// A number for non-blank numeric text; else a name.
        init(_ value: Value?) {
            guard let value else { self = .fixed(.undefined); return }
            guard case .text(let text) = value else { self = .fixed(.closure(value.closure!)); return }
            if text.isEmpty { self = .fixed(.string("")); return }
            if !text.isJSBlank {
                let n = Numbers.parse(text)
                if !n.isNaN { self = .fixed(.number(n)); return }
            }
            self = .name(text)
        }

        func resolve(_ call: CommandCall) throws -> JSValue {
            switch self {
            case .fixed(let v): return v
            case .name(let text):
                if call.scope.exists(text) { return try call.scope.read(text) }
                if let v = call.interpreter.variables.value(text, in: .chat) { return VariableCommands.normalized(v) }
                if let v = call.interpreter.variables.value(text, in: .global) { return VariableCommands.normalized(v) }
                return .string(text)
            }
        }
    }

    /// `left`/`right`/`rule` of `/if` and `/while`.
    struct Condition {
        let left: Operand
        let right: Operand
        let rule: String?
        /// The rule as a comparison of two numbers, worked out once (nil: `evaluate` decides, errors included).
        let numberRule: NumberRule?

        init(_ call: CommandCall) {
            left = Operand(firstDefined(call, ["a", "left", "first", "x"]))
            right = Operand(firstDefined(call, ["b", "right", "second", "y"]))
            rule = call.named.text("rule")
            numberRule = NumberRule(rule ?? "eq")
        }

        func holds(_ call: CommandCall) throws -> Bool {
            let a = try left.resolve(call)
            let b = try right.resolve(call)
            if let numberRule, case .number(let x) = a, case .number(let y) = b { return numberRule.holds(x, y) }
            return try evaluate(rule: rule, a, b)
        }
    }

    /// The comparisons `evaluate` applies when both operands are numbers.
    enum NumberRule {
        case gt, gte, lt, lte, eq, neq

        init?(_ rule: String) {
            switch rule {
            case "gt": self = .gt
            case "gte": self = .gte
            case "lt": self = .lt
            case "lte": self = .lte
            case "eq": self = .eq
            case "neq": self = .neq
            default: return nil
            }
        }

        func holds(_ x: Double, _ y: Double) -> Bool {
            switch self {
            case .gt: return x > y
            case .gte: return x >= y
            case .lt: return x < y
            case .lte: return x <= y
            case .eq: return x == y
            case .neq: return x != y
            }
        }
    }

    /// `args.a ?? args.left ?? …`: the value of the first name in `names` that was given.
    static func firstDefined(_ call: CommandCall, _ names: [String]) -> Value? {
        var best: (rank: Int, value: Value)?
        for entry in call.named.entries {
            guard let rank = names.firstIndex(of: entry.name) else { continue }
            if best == nil || rank <= best!.rank { best = (rank, entry.value) }
        }
        return best?.value
    }


    static func evaluate(rule: String?, _ a: JSValue, _ b: JSValue) throws -> Bool {
        if case .undefined = a { throw CommandError("Left operand is not provided") }
        if case .undefined = b {
            switch rule {
            case nil, "not"?:
                let onTruthy = rule != "not"
                if JSBoolean.isTrue(a.string) { return onTruthy }
                if JSBoolean.isFalse(a.string) { return !onTruthy }
                return a.isTruthy ? onTruthy : !onTruthy
            default:
                throw CommandError("Unknown boolean comparison rule for truthy check. If right operand is not provided, the rule must not provided or be 'not'. Provided: \(rule ?? "undefined")")
            }
        }
        let rule = rule ?? "eq"
        if case .number(let x) = a, case .number(let y) = b {
            switch rule {
            case "gt": return x > y
            case "gte": return x >= y
            case "lt": return x < y
            case "lte": return x <= y
            case "eq": return x == y
            case "neq": return x != y
            case "in", "nin": break
            default:
                throw CommandError("Unknown boolean comparison rule for type number. Accepted: gt, gte, lt, lte, eq, neq. Provided: \(rule)")
            }
        }
        let x = comparisonText(a)
        let y = comparisonText(b)
        switch rule {
        case "in": return y.isEmpty || x.contains(y)
        case "nin": return !(y.isEmpty || x.contains(y))
        case "eq": return x == y
        case "neq": return x != y
        default:
            throw CommandError("Unknown boolean comparison rule for type string. Accepted: in, nin, eq, neq. Provided: \(rule)")
        }
    }

    /// Lower-cased text for string comparison; non-strings JSON-stringified first.
    static func comparisonText(_ v: JSValue) -> String {
        switch v {
        case .string(let s): return s.lowercased()
        case .number(let n): return (n.isFinite ? JSNumber.format(n) : "null").lowercased()
        case .closure: return "{}"
        case .undefined: return "undefined"
        }
    }

    /// A body: the first part when it is a closure, else the parts joined with spaces (command text).
    static func body(_ parts: [Value]) -> Value {
        if let first = parts.first, first.closure != nil { return first }
        return .text(parts.map(\.string).joined(separator: " "))
    }

    static func ifCommand(_ call: CommandCall) throws -> Value? {
        let holds = try Condition(call).holds(call)
        let command = body(call.unnamed.parts)
        if holds, command.closure != nil || !command.string.isEmpty {
            if let closure = command.closure { return try call.interpreter.execute(closure).pipe ?? .empty }
            let result = try call.interpreter.runSubScript(command.string, scope: call.scope,
                                                           flags: call.executor.parserFlags)
            return result?.pipe ?? .empty
        }
        if !holds, let otherwise = call.named["else"], otherwise.closure != nil || !otherwise.string.isEmpty {
            if let closure = otherwise.closure { return try call.interpreter.execute(closure).pipe ?? .empty }
            let result = try call.interpreter.runSubScript(otherwise.string, scope: call.scope,
                                                           flags: call.executor.parserFlags)
            return result?.pipe ?? .empty
        }
        return .empty
    }

    static func whileCommand(_ call: CommandCall) throws -> Value? {
        let guardArgument = call.named["guard"]
        if guardArgument?.closure != nil {
            throw CommandError("argument 'guard' cannot be a closure for command /while")
        }
        let limit = JSBoolean.isFalse(guardArgument?.string) ? maxSafeInteger : Double(maxLoops)
        let command = body(call.unnamed.parts)
        let hasBody = command.closure != nil || !command.string.isEmpty
        let condition = Condition(call)
        let breaker = BreakController()
        // The last body's pipe (undefined → ""); "" when the body never ran.
        var lastPipe: Value = .empty
        var i = 0.0
        while i < limit {
            if call.interpreter.cancellation.isCancelled { throw CommandError("Interrupted") }
            guard try condition.holds(call), hasBody else { break }
            let result: ClosureResult
            if let closure = command.closure {
                if closure.breakController !== breaker { closure.breakController = breaker }
                result = try call.interpreter.execute(closure)
            } else {
                result = try runLoopBodyText(command.string, call)
            }
            lastPipe = result.pipe ?? .empty
            if result.isAborted || result.isBreak { break }
            i += 1
        }
        return lastPipe
    }

    /// A `/while` or `/times` body written as text: run as a sub-script in the caller's scope.
    private static func runLoopBodyText(_ text: String, _ call: CommandCall) throws -> ClosureResult {
        guard let result = try call.interpreter.runSubScript(text, scope: call.scope,
                                                             flags: call.executor.parserFlags) else {
            // SillyTavern reads `.isAborted` of the missing result and fails this way.
            throw CommandError("Cannot read properties of null (reading 'isAborted')")
        }
        return result
    }

    static func timesCommand(_ call: CommandCall) throws -> Value? {
        let guardArgument = call.named["guard"]
        if guardArgument?.closure != nil {
            throw CommandError("argument 'guard' cannot be a closure for command /while")
        }
        let parts = call.unnamed.parts
        let repeats = parts.first.map { $0.closure != nil ? Double.nan : Numbers.parse($0.string) } ?? .nan
        let command = body(Array(parts.dropFirst()))
        let cap = JSBoolean.isFalse(guardArgument?.string) ? maxSafeInteger : Double(maxLoops)
        let iterations = repeats.isNaN ? Double.nan : min(repeats, cap)
        // The last body's pipe (undefined → ""); "" when the body never ran.
        var lastPipe: Value = .empty
        var i = 0
        // A fresh break boundary per iteration; one that was never broken can be reused as it is.
        let breaker = BreakController()
        while Double(i) < iterations {
            if call.interpreter.cancellation.isCancelled { throw CommandError("Interrupted") }
            let result: ClosureResult
            if let closure = command.closure {
                if closure.breakController !== breaker { closure.breakController = breaker }
                closure.timesIndex = i
                result = try call.interpreter.execute(closure)
            } else {
                let text = command.string.replacingOccurrences(of: "{{timesIndex}}", with: String(i))
                result = try runLoopBodyText(text, call)
            }
            lastPipe = result.pipe ?? .empty
            if result.isAborted || result.isBreak { break }
            i += 1
        }
        return lastPipe
    }
}

/// `JSON.stringify` of a list of strings.
func jsonArrayOfStrings(_ items: [String]) -> String {
    "[" + items.map(JSONValue.quoted).joined(separator: ",") + "]"
}
