import Foundation
import JSCompat
import MacroEngine
import STScriptSyntax

/// Expands `{{…}}` macros in argument text when its command runs. Scope macros (`pipe`, `var`, `timesIndex`)
/// come from the executing scope; everything else from the macro engine.
public protocol MacroExpanding {
    /// Expands a parsed argument; implementations may cache the split template in `text.prepared`.
    func expand(_ text: TextNode, scope: Scope, interpreter: Interpreter) -> String
    /// Expands text that has no syntax node (arguments `/run` passes on).
    func expand(text: String, scope: Scope, interpreter: Interpreter) -> String
    /// The final argument text when no macro can change it (then it is resolved once, not per run), else nil.
    func fixedValue(_ text: TextNode) -> String?
}

/// Chat data the macros read (`{{lastMessage}}`, `{{reasoningPrefix}}`, `{{pick}}`); the store binding supplies it.
public protocol ChatMacroContext: AnyObject {
    var messageCount: Int { get }
    func macroMessage(at index: Int) -> MacroChatMessage?
    var chatIDHash: Double { get }
    var pickRerollSeed: String? { get }
    var reasoningFormatting: ReasoningFormatting { get }
}

/// A template split once per argument node (kept in `TextNode.prepared`), so loops never re-parse macro text.
final class PreparedTemplate {
    let template: MacroTemplate
    /// The final argument text when no macro can change it (braces already unescaped).
    let fixed: String?
    init(_ text: String) {
        template = MacroTemplate(text)
        fixed = template.mayChange ? nil : unescapeBraces(text)
    }
}

/// The macro engine bound to a script's scope and run.
public struct ScriptMacros: MacroExpanding {
    public init() {}

    private func prepared(_ text: TextNode) -> PreparedTemplate {
        if let p = text.prepared {
            // The runtime is the only writer of this slot and only stores PreparedTemplate there.
            return unsafeDowncast(p, to: PreparedTemplate.self)
        }
        let prepared = PreparedTemplate(text.text)
        text.prepared = prepared
        return prepared
    }

    public func fixedValue(_ text: TextNode) -> String? { prepared(text).fixed }

    public func expand(_ text: TextNode, scope: Scope, interpreter: Interpreter) -> String {
        let prepared = prepared(text)
        if let fixed = prepared.fixed { return fixed }
        return MacroEngine.expand(prepared.template, in: ScriptMacroEnvironment(scope: scope, interpreter: interpreter))
    }

    public func expand(text: String, scope: Scope, interpreter: Interpreter) -> String {
        guard text.contains("{{") || text.contains("\\") || text.contains("<") else { return text }
        return MacroEngine.expand(text, in: ScriptMacroEnvironment(scope: scope, interpreter: interpreter))
    }
}

/// What the macro engine sees while a command's arguments are expanded.
struct ScriptMacroEnvironment: MacroEnvironment {
    let scope: Scope
    let interpreter: Interpreter

    func scopedMacro(named name: String) -> ScopedMacro? {
        switch name {
        case "pipe":
            let scope = self.scope
            return .value(scope.pipe?.string ?? "")
        case "var":
            let scope = self.scope
            return ScopedMacro(argumentCount: 1...2, strictArguments: false) { args in
                guard let name = args.first else { return "" }
                // An unknown variable expands to "" (the current engine only logs a warning).
                if args.count > 1 {
                    return (try? ScopedIndex.read(scope, name, index: args[1]).string) ?? ""
                }
                return (try? scope.read(name).string) ?? ""
            }
        case "timesindex":
            guard let value = scope.nearestTimesIndex else { return nil }
            return .lenient { args in args.isEmpty ? String(value) : "" }
        default:
            return nil
        }
    }

    var userName: String { interpreter.userName }
    var characterName: String { interpreter.characterName }

    func variable(_ name: String, in scope: VariableScope) -> VariableValue? {
        interpreter.variables.value(name, in: scope)
    }

    func setVariable(_ name: String, to value: VariableValue?, in scope: VariableScope) {
        interpreter.variables.setValue(value, for: name, in: scope)
    }

    var chatMessageCount: Int { interpreter.chatContext?.messageCount ?? 0 }
    func chatMessage(at index: Int) -> MacroChatMessage? { interpreter.chatContext?.macroMessage(at: index) }
    var reasoningFormatting: ReasoningFormatting { interpreter.chatContext?.reasoningFormatting ?? .thinkXML }
    var chatIDHash: Double { interpreter.chatContext?.chatIDHash ?? 0 }
    var pickRerollSeed: String? { interpreter.chatContext?.pickRerollSeed }
}
