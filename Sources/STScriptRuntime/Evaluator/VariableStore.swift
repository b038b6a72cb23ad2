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
}

/// Variables in memory, keeping insertion order like a JavaScript object.
public final class MemoryVariableStore: VariableStore {
    private var chat = OrderedValues()
    private var global = OrderedValues()

    public init(chat: [(String, StoredValue)] = [], global: [(String, StoredValue)] = []) {
        for (k, v) in chat { self.chat.set(k, v) }
        for (k, v) in global { self.global.set(k, v) }
    }

    public func value(_ name: String, in namespace: VariableNamespace) -> StoredValue? {
        namespace == .chat ? chat.get(name) : global.get(name)
    }

    public func setValue(_ value: StoredValue?, for name: String, in namespace: VariableNamespace) {
        if namespace == .chat { chat.set(name, value) } else { global.set(name, value) }
    }

    public func names(in namespace: VariableNamespace) -> [String] {
        namespace == .chat ? chat.keys : global.keys
    }
}

/// A small insertion-ordered map (JavaScript object key order for string keys).
struct OrderedValues {
    private(set) var keys: [String] = []
    private var values: [String: StoredValue] = [:]

    func get(_ key: String) -> StoredValue? { values[key] }

    mutating func set(_ key: String, _ value: StoredValue?) {
        if let value {
            if values.updateValue(value, forKey: key) == nil { keys.append(key) }
        } else if values.removeValue(forKey: key) != nil {
            keys.removeAll { $0 == key }
        }
    }
}
