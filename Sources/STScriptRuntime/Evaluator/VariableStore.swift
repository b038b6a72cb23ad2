/// The two persistent variable namespaces (spec §6.1); scoped variables live in `Scope`.
public enum VariableNamespace: Sendable, Hashable {
    /// Chat-local: `chat_metadata.variables` in the chat file header.
    case chat
    /// Global: `extension_settings.variables.global` in settings.json.
    case global
}

/// A chat or global variable's stored value, as SillyTavern keeps it in JSON.
public enum StoredValue: Sendable, Hashable {
    /// A JSON string (what `/setvar` stores).
    case text(String)
    /// A JSON number (what arithmetic such as `/addvar` stores).
    case number(Double)
    /// Any other JSON value (`true`, `null`, a list, an object) as its JSON text.
    case json(String)
}

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
