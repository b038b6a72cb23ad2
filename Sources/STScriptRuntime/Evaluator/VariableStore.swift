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
    private var chat = SmallMap<StoredValue>()
    private var global = SmallMap<StoredValue>()

    public init(chat: [(String, StoredValue)] = [], global: [(String, StoredValue)] = []) {
        for (k, v) in chat { self.chat.set(k, v) }
        for (k, v) in global { self.global.set(k, v) }
    }

    public func value(_ name: String, in namespace: VariableNamespace) -> StoredValue? {
        namespace == .chat ? chat[name] : global[name]
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
}
