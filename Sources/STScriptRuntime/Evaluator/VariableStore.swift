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
    private var chatValues: [String: StoredValue] = [:]
    private var chatKeys: [String] = []
    private var globalValues: [String: StoredValue] = [:]
    private var globalKeys: [String] = []

    public init(chat: [(String, StoredValue)] = [], global: [(String, StoredValue)] = []) {
        for (k, v) in chat { setValue(v, for: k, in: .chat) }
        for (k, v) in global { setValue(v, for: k, in: .global) }
    }

    public func value(_ name: String, in namespace: VariableNamespace) -> StoredValue? {
        namespace == .chat ? chatValues[name] : globalValues[name]
    }

    public func setValue(_ value: StoredValue?, for name: String, in namespace: VariableNamespace) {
        if namespace == .chat {
            MemoryVariableStore.set(&chatValues, &chatKeys, name, value)
        } else {
            MemoryVariableStore.set(&globalValues, &globalKeys, name, value)
        }
    }

    public func names(in namespace: VariableNamespace) -> [String] {
        namespace == .chat ? chatKeys : globalKeys
    }

    private static func set(_ values: inout [String: StoredValue], _ keys: inout [String], _ key: String,
                            _ value: StoredValue?) {
        if let value {
            if values.updateValue(value, forKey: key) == nil { keys.append(key) }
        } else if values.removeValue(forKey: key) != nil {
            keys.removeAll { $0 == key }
        }
    }
}
