import MacroEngine

/// The two persistent variable namespaces (spec §6.1): `.chat` (`chat_metadata.variables` in the chat header) and
/// `.global` (`extension_settings.variables.global` in settings.json). Scoped variables live in `Scope`.
public typealias VariableNamespace = VariableScope

/// A stored chat or global variable: `.text` (what `/setvar` stores), `.number` (what arithmetic stores), `.json`
/// (any other JSON value as its text). The same type the macro engine reads.
public typealias StoredValue = VariableValue

/// Where chat-local and global variables are kept. The store binding implements it over the chat file and
/// settings.json; `MemoryVariableStore` keeps them in memory (tests, REPL without a store).
public protocol VariableStore: AnyObject {
    /// The stored value, nil when the variable does not exist.
    func value(_ name: String, in namespace: VariableNamespace) -> StoredValue?
    /// Stores a value; nil deletes the variable.
    func setValue(_ value: StoredValue?, for name: String, in namespace: VariableNamespace)
    /// Variable names in insertion order.
    func names(in namespace: VariableNamespace) -> [String]
    /// `/addvar` on a variable holding a number, in one lookup: stores and returns the sum; nil (nothing changed)
    /// when the variable is missing or holds anything else, or the sum is NaN.
    func addNumber(_ increment: Double, to name: String, in namespace: VariableNamespace) -> Double?
}

extension VariableStore {
    public func addNumber(_ increment: Double, to name: String, in namespace: VariableNamespace) -> Double? {
        guard let sum = value(name, in: namespace)?.sum(adding: increment) else { return nil }
        setValue(.number(sum), for: name, in: namespace)
        return sum
    }
}

extension StoredValue {
    /// What `/addvar` stores for a stored number plus `increment` (0 and NaN count as 0, as JavaScript's falsy
    /// check makes them); nil when this is not a number or the sum is NaN.
    @inline(__always) func sum(adding increment: Double) -> Double? {
        guard case .number(let n) = self else { return nil }
        let sum = (n == 0 || n.isNaN ? 0 : n) + increment
        return sum.isNaN ? nil : sum
    }
}

/// Variables in memory, keeping insertion order like a JavaScript object.
public final class MemoryVariableStore: VariableStore {
    private var chat = SmallMap<StoredValue>()
    private var global = SmallMap<StoredValue>()

    public init(chat: [(String, StoredValue)] = [], global: [(String, StoredValue)] = []) {
        for (k, v) in chat { self.chat.set(k, v) }
        for (k, v) in global { self.global.set(k, v) }
    }

    public func value(_ name: String, in namespace: VariableNamespace) -> StoredValue? {
        namespace == .chat ? chat.lookup(name) : global.lookup(name)
    }

    public func setValue(_ value: StoredValue?, for name: String, in namespace: VariableNamespace) {
        if namespace == .chat {
            if let value { chat.set(name, value) } else { chat.remove(name) }
        } else {
            if let value { global.set(name, value) } else { global.remove(name) }
        }
    }

    public func names(in namespace: VariableNamespace) -> [String] {
        namespace == .chat ? chat.keys : global.keys
    }

    public func addNumber(_ increment: Double, to name: String, in namespace: VariableNamespace) -> Double? {
        func add(_ value: inout StoredValue) -> Double? {
            guard let sum = value.sum(adding: increment) else { return nil }
            value = .number(sum)
            return sum
        }
        return namespace == .chat ? chat.update(name, add) ?? nil : global.update(name, add) ?? nil
    }
}
