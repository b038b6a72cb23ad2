import JSCompat
import STScriptSyntax

/// What flows through arguments, variables and the pipe: text, or a closure (the only non-text value).
public enum Value {
    case text(String)
    case closure(Closure)

    /// The empty text, what a command without result leaves in the pipe.
    public static var empty: Value { .text("") }

    /// JavaScript `String(value)`: a closure prints as `[Closure]`.
    public var string: String {
        switch self {
        case .text(let s): return s
        case .closure(let c): return c.description
        }
    }

    public var closure: Closure? {
        if case .closure(let c) = self { return c }
        return nil
    }

    public var text: String? {
        if case .text(let s) = self { return s }
        return nil
    }

    /// A number as a command result reaches the pipe: SillyTavern JSON-stringifies non-text results,
    /// so NaN and ±Infinity become `null`.
    public static func jsonNumber(_ n: Double) -> Value {
        n.isFinite ? .text(JSNumber.format(n)) : .text("null")
    }

    /// A number as `String(n)` prints it (`NaN`, `Infinity` spelled out).
    public static func number(_ n: Double) -> Value { .text(JSNumber.format(n)) }
}

/// A value as JavaScript code in SillyTavern sees it: variable reads yield numbers for numeric text.
public enum JSValue {
    case undefined
    case string(String)
    case number(Double)
    case closure(Closure)

    public init(_ value: Value?) {
        switch value {
        case nil: self = .undefined
        case .text(let s)?: self = .string(s)
        case .closure(let c)?: self = .closure(c)
        }
    }

    /// `String(x)`.
    public var string: String {
        switch self {
        case .undefined: return "undefined"
        case .string(let s): return s
        case .number(let n): return JSNumber.format(n)
        case .closure(let c): return c.description
        }
    }

    /// The pipe value a command returning this leaves behind (numbers JSON-stringified, undefined → "").
    public var pipeValue: Value {
        switch self {
        case .undefined: return .empty
        case .string(let s): return .text(s)
        case .number(let n): return .jsonNumber(n)
        case .closure(let c): return .closure(c)
        }
    }

    /// JavaScript truthiness.
    public var isTruthy: Bool {
        switch self {
        case .undefined: return false
        case .string(let s): return !s.isEmpty
        case .number(let n): return n != 0 && !n.isNaN
        case .closure: return true
        }
    }
}

/// A closure value: a parsed `{: … :}` plus what execution attaches to it (parent scope, break boundary,
/// arguments from `/run`, scope macros such as `{{timesIndex}}`).
public final class Closure: CustomStringConvertible {
    public let node: ClosureNode
    /// The scope of the command that resolved this closure as an argument (set at resolution, not at parse).
    public var parent: Scope?
    /// Shared with the enclosing closure, or a fresh one from `/run`, `/while`, `/times`.
    public var breakController: BreakController?
    /// Named arguments given by `/run` for declared parameters (override the defaults).
    public var providedArguments: [(name: String, value: Value)] = []
    /// `{{timesIndex}}` for this closure's executions (set by `/times`).
    public var timesIndex: Int?

    public init(node: ClosureNode, parent: Scope?, breakController: BreakController? = nil) {
        self.node = node
        self.parent = parent
        self.breakController = breakController
    }

    public var description: String { node.executeNow ? "[Closure]()" : "[Closure]" }
    /// The body text (`/closure-serialize`).
    public var rawText: String { node.rawText }
}

/// The break boundary: `/run`, `/while` and `/times` create one; `/break` sets it and every closure sharing it stops.
public final class BreakController {
    public var isBreak = false
    public init() {}
}

/// Booleans as SillyTavern reads them from arguments.
public enum JSBoolean {
    /// `on`, `true`, `1` (trimmed, any case).
    public static func isTrue(_ s: String?) -> Bool {
        guard let s else { return false }
        switch s.trimmingJSWhitespace().lowercased() {
        case "on", "true", "1": return true
        default: return false
        }
    }

    /// `off`, `false`, `0` (trimmed, any case).
    public static func isFalse(_ s: String?) -> Bool {
        guard let s else { return false }
        switch s.trimmingJSWhitespace().lowercased() {
        case "off", "false", "0": return true
        default: return false
        }
    }
}
