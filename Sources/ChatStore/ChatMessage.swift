import JSCompat

/// One chat message: the JSON object SillyTavern stores on one line, with typed access to the fields commands
/// use. Every other field is kept as it was, in its place; setting a field that exists keeps its position.
public struct ChatMessage: Sendable, Equatable {
    /// The whole message object.
    public var object: JSONObject

    public init(_ object: JSONObject = JSONObject()) { self.object = object }

    public subscript(key: String) -> JSONValue? {
        get { object[key] }
        set { object[key] = newValue }
    }

    /// `name`: who wrote it (`""` when missing).
    public var name: String {
        get { object["name"].map(Self.text) ?? "" }
        set { object["name"] = .string(newValue) }
    }

    /// `mes`: the message text (`""` when missing).
    public var text: String {
        get { object["mes"].map(Self.text) ?? "" }
        set { object["mes"] = .string(newValue) }
    }

    /// `is_user`, read as JavaScript truthiness.
    public var isUser: Bool {
        get { object["is_user"]?.isTruthy ?? false }
        set { object["is_user"] = .bool(newValue) }
    }

    /// `is_system` (hidden from the prompt), read as JavaScript truthiness: SillyTavern writes `""` for visible
    /// narrator messages. Setting writes a real boolean.
    public var isHidden: Bool {
        get { object["is_system"]?.isTruthy ?? false }
        set { object["is_system"] = .bool(newValue) }
    }

    /// `extra` (an empty object when missing or not an object). Setting creates it when missing.
    public var extra: JSONObject {
        get { object["extra"]?.objectValue ?? JSONObject() }
        set { object["extra"] = .object(newValue) }
    }

    /// `extra.type` (`"narrator"`, `"comment"`, …), nil when absent.
    public var extraType: String? { extra["type"]?.stringValue }

    /// Narrator-type messages (`/sys`): `extra.type == "narrator"`.
    public var isNarrator: Bool { extraType == "narrator" }

    /// `extra.reasoning` (`""` when none).
    public var reasoning: String {
        get { extra["reasoning"].map(Self.text) ?? "" }
        set { extra["reasoning"] = .string(newValue) }
    }

    /// `swipes`, when the message has them.
    public var swipes: [JSONValue]? { object["swipes"]?.arrayValue }

    /// `swipe_id` as an integer, when present and numeric.
    public var swipeID: Int? {
        guard let n = object["swipe_id"]?.numberValue, n.isFinite else { return nil }
        return Int(n)
    }

    /// `send_date` as stored (any of SillyTavern's styles; see `SendDate`).
    public var sendDate: JSONValue? { object["send_date"] }

    /// The message as one line of JSON, as SillyTavern writes it.
    public var jsonLine: String { JSONValue.object(object).stringified() }

    /// A field's text as JavaScript's template strings show it (numbers unquoted, null as "null").
    static func text(_ value: JSONValue) -> String { value.javaScriptString }
}
