import JSCompat
import STScriptSyntax

/// The scoped variables of one closure execution (`/let`, `/var`, `{{var::}}`, closure parameters), chained to
/// the scope that resolved the closure. Each execution gets a fresh scope, so nothing leaks between runs.
public final class Scope {
    public private(set) var parent: Scope?
    /// A declared variable may hold no value yet (`/let x`): the entry exists with nil.
    private var variables = SmallMap<Value?>()
    /// `{{timesIndex}}` set by `/times` on its closure; nearer scopes shadow outer ones.
    var timesIndex: Int?
    /// This scope's own pipe; nil falls back to the parent's (a closure that has not run a command yet).
    var ownPipe: Value?

    public init(parent: Scope?, timesIndex: Int? = nil) {
        self.parent = parent
        self.timesIndex = timesIndex
    }

    /// Empties a finished scope nobody references any more, for reuse by the evaluator.
    func clear() {
        parent = nil
        timesIndex = nil
        ownPipe = nil
        if !variables.isEmpty { variables = SmallMap() }
    }

    /// Starts a cleared scope for a new closure execution.
    func start(parent: Scope?, timesIndex: Int?) {
        self.parent = parent
        self.timesIndex = timesIndex
    }

    /// The current pipe (own, else the parent's), nil while undefined (root before any command).
    public var pipe: Value? {
        get { nearest { $0.ownPipe != nil }?._withUnsafeGuaranteedRef { $0.ownPipe } }
        set { ownPipe = newValue }
    }

    /// The nearest `{{timesIndex}}`.
    public var nearestTimesIndex: Int? { nearest { $0.timesIndex != nil }?._withUnsafeGuaranteedRef { $0.timesIndex } }

    /// The first scope from this one up to the root for which `found` holds. The walk counts no references:
    /// every scope on the chain stays alive through `self` (loops read variables this way on every iteration).
    @inline(__always) private func nearest(where found: (Scope) -> Bool) -> Unmanaged<Scope>? {
        var current = Unmanaged.passUnretained(self)
        while true {
            let next: Unmanaged<Scope>?? = current._withUnsafeGuaranteedRef { scope in
                if found(scope) { return .some(nil) }
                guard let parent = scope.parent else { return nil }
                return .some(Unmanaged.passUnretained(parent))
            }
            switch next {
            case .some(nil): return current
            case .some(let parent?): current = parent
            case nil: return nil
            }
        }
    }

    public func existsInThisScope(_ name: String) -> Bool { !variables.isEmpty && variables.find(name) != nil }

    /// Declared here or in an enclosing scope.
    public func exists(_ name: String) -> Bool { nearest { $0.existsInThisScope(name) } != nil }

    /// `/let`: declares in this scope; a second declaration of the same name here is an error.
    public func declare(_ name: String, _ value: Value?) throws(CommandError) {
        if existsInThisScope(name) { throw CommandError("Variable named \"\(name)\" already exists.") }
        variables.set(name, value)
    }

    /// The scope that declares `name`, walking up.
    public func owner(of name: String) -> Scope? { nearest { $0.existsInThisScope(name) }?.takeUnretainedValue() }

    /// The stored value in this scope (nil when declared without value or not declared here).
    public func storedValue(_ name: String) -> Value? {
        if let v = variables.lookup(name) { return v }
        return nil
    }

    /// Replaces the value where it is declared; not declared anywhere → `No such variable`.
    public func assign(_ name: String, _ value: Value?) throws(CommandError) {
        guard let scope = owner(of: name) else { throw CommandError("No such variable: \"\(name)\"") }
        scope.variables.set(name, value)
    }

    /// Reads a variable as SillyTavern does: non-blank numeric text comes back as a number, closures as closures,
    /// a missing value as "". Not declared → `No such variable`.
    public func read(_ name: String) throws(CommandError) -> JSValue {
        guard let scope = owner(of: name) else { throw CommandError("No such variable: \"\(name)\"") }
        return Scope.normalized(scope.storedValue(name))
    }

    /// Numeric normalisation of a stored text (`007` → 7; blank text stays text).
    public static func normalized(_ value: Value?) -> JSValue {
        switch value {
        case nil: return .string("")
        case .closure(let c)?: return .closure(c)
        case .text(let s)?:
            if s.isEmpty { return .string("") }
            if s.isJSBlank { return .string(s) }
            let n = Numbers.parse(s)
            return n.isNaN ? .string(s) : .number(n)
        }
    }

    /// Names declared in this scope and its parents (nearest first, no duplicates), for completion.
    public var allVariableNames: [String] {
        var seen = Set<String>()
        var names: [String] = []
        var s: Scope? = self
        while let scope = s {
            for key in scope.variables.keys where seen.insert(key).inserted { names.append(key) }
            s = scope.parent
        }
        return names
    }
}
