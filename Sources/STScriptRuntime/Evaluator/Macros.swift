import JSCompat
import STScriptSyntax

/// Expands `{{…}}` macros in argument text when its command runs. Scope macros (`pipe`, `var`, `timesIndex`)
/// come from the executing scope; everything else from the macro engine.
public protocol MacroExpanding {
    /// Expands a parsed argument; implementations may cache the split template in `text.prepared`.
    func expand(_ text: TextNode, scope: Scope, interpreter: Interpreter) -> String
    /// Expands text that has no syntax node (arguments `/run` passes on).
    func expand(text: String, scope: Scope, interpreter: Interpreter) -> String
}

/// Marks argument text that holds no `{{` so it is returned as is, without scanning it on every run.
final class PlainTextMark: Sendable {
    static let shared = PlainTextMark()
}

/// A small built-in expander (scope macros, names, chat/global variables) used until the full macro engine is
/// bound; unknown macros stay as written.
public struct BasicMacros: MacroExpanding {
    public init() {}

    public func expand(_ text: TextNode, scope: Scope, interpreter: Interpreter) -> String {
        if text.prepared === PlainTextMark.shared { return text.text }
        if !text.text.contains("{{") {
            text.prepared = PlainTextMark.shared
            return text.text
        }
        return expand(text: text.text, scope: scope, interpreter: interpreter)
    }

    public func expand(text: String, scope: Scope, interpreter: Interpreter) -> String {
        guard text.contains("{{") else { return text }
        let u = Array(text.utf16)
        var i = 0
        return String(decoding: expandRun(u, &i, scope: scope, interpreter: interpreter, nested: false),
                      as: UTF16.self)
    }

    /// Expands from `i` until the end (or a closing `}}` when nested), inner macros first.
    private func expandRun(_ u: [UInt16], _ i: inout Int, scope: Scope, interpreter: Interpreter,
                           nested: Bool) -> [UInt16] {
        var out: [UInt16] = []
        while i < u.count {
            if u[i] == 0x7B, i + 1 < u.count, u[i + 1] == 0x7B {
                let start = i
                i += 2
                let inner = expandRun(u, &i, scope: scope, interpreter: interpreter, nested: true)
                if i <= u.count, i >= 2, u[i - 2] == 0x7D, u[i - 1] == 0x7D, i - 2 >= start + 2 {
                    let body = String(decoding: inner, as: UTF16.self)
                    if let value = evaluate(body, scope: scope, interpreter: interpreter) {
                        out.append(contentsOf: value.utf16)
                    } else {
                        out.append(contentsOf: [0x7B, 0x7B] + inner + [0x7D, 0x7D])
                    }
                } else {
                    out.append(contentsOf: [0x7B, 0x7B] + inner)
                }
                continue
            }
            if nested, u[i] == 0x7D, i + 1 < u.count, u[i + 1] == 0x7D {
                i += 2
                return out
            }
            out.append(u[i])
            i += 1
        }
        return out
    }

    private func evaluate(_ body: String, scope: Scope, interpreter: Interpreter) -> String? {
        let parts = body.components(separatedBy: "::").map { $0.trimmingJSWhitespace() }
        let name = parts[0].lowercased()
        let args = Array(parts.dropFirst())
        switch name {
        case "pipe" where args.isEmpty:
            return scope.pipe?.string ?? ""
        case "var" where args.count == 1 || args.count == 2:
            guard let value = try? scope.read(args[0]) else { return "" }
            return value.string
        case "timesindex":
            return scope.macro("timesIndex") ?? nil
        case "user" where args.isEmpty:
            return interpreter.userName
        case "char" where args.isEmpty:
            return interpreter.characterName
        case "newline" where args.isEmpty:
            return "\n"
        case "getvar" where args.count == 1, "getglobalvar" where args.count == 1:
            let ns: VariableNamespace = name == "getvar" ? .chat : .global
            switch interpreter.variables.value(args[0], in: ns) {
            case nil: return ""
            case .text(let s)?: return s
            case .number(let n)?: return JSNumber.format(n)
            case .json(let j)?: return j
            }
        default:
            return nil
        }
    }
}
