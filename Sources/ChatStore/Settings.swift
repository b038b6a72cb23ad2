import JSCompat

/// `settings.json` of a SillyTavern user data folder, with typed access to what stscript uses. Everything else in
/// the file is kept; when something changes the file is written as SillyTavern writes it (`JSON.stringify` with
/// an indent of 4), numbers keeping their spelling.
public final class Settings {
    /// Absolute path of settings.json.
    public let path: String
    /// The whole document (an object).
    public private(set) var document: JSONObject
    /// Whether something changed since it was read or written.
    public private(set) var hasChanges = false
    var identity: FileIdentity?

    init(path: String) throws(StoreError) {
        self.path = path
        document = JSONObject()
        try load()
    }

    func load() throws(StoreError) {
        identity = FileIdentity.of(path: path)
        hasChanges = false
        guard let bytes = try FileSystem.read(path) else {
            document = JSONObject()
            return
        }
        do {
            guard case .object(let object) = try JSONValue.parse(bytes) else {
                throw StoreError("\(path) is not a JSON object")
            }
            document = object
        } catch let error as JSONParseError {
            throw StoreError("cannot read \(path): \(error)")
        } catch {
            throw StoreError("cannot read \(path): \(error)")
        }
    }

    /// The value at a key path (`["power_user", "reasoning", "prefix"]`), nil when any step is missing.
    public func value(at path: [String]) -> JSONValue? {
        var current: JSONValue = .object(document)
        for key in path {
            guard let next = current[key] else { return nil }
            current = next
        }
        return current
    }

    /// Sets the value at a key path, creating missing objects on the way (a non-object on the way is replaced).
    /// Setting an equal value changes nothing. `nil` removes the key.
    public func setValue(_ value: JSONValue?, at path: [String]) {
        guard !path.isEmpty, self.value(at: path) != value else { return }
        document = Settings.setting(value, at: path[...], in: document)
        hasChanges = true
    }

    private static func setting(_ value: JSONValue?, at path: ArraySlice<String>, in object: JSONObject) -> JSONObject {
        var object = object
        guard let key = path.first else { return object }
        if path.count == 1 {
            object[key] = value
        } else {
            let child = object[key]?.objectValue ?? JSONObject()
            object[key] = .object(setting(value, at: path.dropFirst(), in: child))
        }
        return object
    }

    // MARK: Typed settings

    /// `username` (`{{user}}`), "User" when unset.
    public var userName: String {
        get { value(at: ["username"])?.stringValue ?? "User" }
        set { setValue(.string(newValue), at: ["username"]) }
    }

    /// Global variables: `extension_settings.variables.global`.
    public var globalVariables: JSONObject {
        get { value(at: ["extension_settings", "variables", "global"])?.objectValue ?? JSONObject() }
        set { setValue(.object(newValue), at: ["extension_settings", "variables", "global"]) }
    }

    /// Parser flags preset by the user: `power_user.stscript.parser.flags` (`{"1": true}` = STRICT_ESCAPING).
    public var parserFlags: [Int: Bool] {
        get {
            var flags: [Int: Bool] = [:]
            for member in value(at: ["power_user", "stscript", "parser", "flags"])?.objectValue ?? JSONObject() {
                if let id = Int(member.key) { flags[id] = member.value.isTruthy }
            }
            return flags
        }
        set {
            var object = value(at: ["power_user", "stscript", "parser", "flags"])?.objectValue ?? JSONObject()
            for (id, on) in newValue.sorted(by: { $0.key < $1.key }) { object[String(id)] = .bool(on) }
            setValue(.object(object), at: ["power_user", "stscript", "parser", "flags"])
        }
    }

    /// Reasoning settings: `power_user.reasoning`, defaults for missing keys.
    public var reasoning: ReasoningSettings {
        get { ReasoningSettings(value(at: ["power_user", "reasoning"])?.objectValue ?? JSONObject()) }
        set {
            let stored = value(at: ["power_user", "reasoning"])?.objectValue ?? JSONObject()
            setValue(.object(newValue.merged(into: stored)), at: ["power_user", "reasoning"])
        }
    }

    /// Regex scripts: `extension_settings.regex`, as stored (objects for the RegexScripts target).
    public var regexScripts: [JSONValue] {
        value(at: ["extension_settings", "regex"])?.arrayValue ?? []
    }

    /// Writes settings.json if something changed (atomically).
    func write(syncs: Bool) throws(StoreError) {
        guard hasChanges else { return }
        let text = JSONValue.object(document).stringified(indent: 4)
        try FileSystem.replaceAtomically(path, syncs: syncs) { (writer: inout ChunkWriter) throws(StoreError) in
            try writer.write(text.utf8)
        }
        hasChanges = false
        identity = FileIdentity.of(path: path)
    }
}
