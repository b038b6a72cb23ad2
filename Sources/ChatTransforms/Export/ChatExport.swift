// `stscript export`: chats → fine-tuning JSONL for distillation, with the model's thinking kept in its own field,
// written inline with a model family's markers, or dropped.
import Foundation
import Reasoning

/// One message as the exporters see it.
public struct ExportMessage: Sendable, Equatable {
    public enum Role: String, Sendable { case system, user, assistant }
    public var role: Role
    public var name: String
    public var text: String
    /// Stored reasoning (`extra.reasoning`), nil when empty.
    public var reasoning: String?
    /// `extra.model`, when recorded.
    public var model: String?

    public init(role: Role, name: String, text: String, reasoning: String? = nil, model: String? = nil) {
        self.role = role
        self.name = name
        self.text = text
        self.reasoning = reasoning
        self.model = model
    }
}

/// What a chat file held, for export.
public struct ExportChat: Sendable {
    public var messages: [ExportMessage] = []
    public var malformedLines = 0

    public init(messages: [ExportMessage] = [], malformedLines: Int = 0) {
        self.messages = messages
        self.malformedLines = malformedLines
    }
}

public enum ExportFormat: String, CaseIterable, Sendable {
    /// `{"messages":[{role, content, reasoning_content?}]}`, one line per chat.
    case openAIChat = "openai-chat"
    /// `{"conversations":[{from, value}]}`, one line per chat.
    case shareGPT = "sharegpt"
    /// Kiln's R1-style rows: one per assistant turn with thinking, the turn written `<think>\n…\n</think>\n\n…`
    /// after the conversation so far; turns without thinking are left out (Kiln refuses them).
    case kiln
    /// The Reasoning stage's `ReasonedText` JSON (text + `ThinkingTrace`), one line per assistant message.
    case reasoningText = "reasoning-text"
}

public enum ThinkingPlacement: String, CaseIterable, Sendable {
    /// In its own field (`reasoning_content`).
    case separate
    /// Inside the assistant text, between the template's markers.
    case inline
    /// Left out.
    case drop
}

public struct ChatExporter: Sendable {
    public var format: ExportFormat
    public var thinking: ThinkingPlacement
    /// Markers for inline thinking (default: DeepSeek's `<think>\n…\n</think>\n\n`, Kiln's layout).
    public var markers: ReasoningTemplate
    /// A system prompt put first in every example.
    public var system: String?
    /// Kiln rows: at most this many messages of conversation before the trained turn (nil: all of them). Every
    /// row repeats the conversation so far, so a long chat's rows grow with its square without a limit.
    public var maxHistory: Int?

    public init(format: ExportFormat, thinking: ThinkingPlacement? = nil, markers: ReasoningTemplate = .deepSeek,
                system: String? = nil) {
        self.format = format
        self.thinking = thinking ?? (format == .openAIChat ? .separate : .inline)
        self.markers = markers
        self.system = system
    }

    /// Reads a chat file's messages: the header, hidden messages (`is_system`) and empty messages are skipped;
    /// narrator messages become system messages.
    public static func read(_ data: [UInt8]) -> ExportChat {
        var chat = ExportChat()
        data.withUnsafeBytes { buffer in
            var start = 0
            var members: [JSONMember] = []
            while start <= buffer.count {
                var end = start
                while end < buffer.count && buffer[end] != 0x0A { end += 1 }
                defer { start = end + 1 }
                var scanner = JSONScanner(buffer)
                if scanner.skipWhitespace(start, end) == end { continue }
                guard (try? scanner.scanDocument(start..<end, members: &members)) == .object else {
                    chat.malformedLines += 1
                    continue
                }
                let line = ObjectEditor(bytes: buffer, range: ChatPipe.trimmed(buffer, start..<end), members: members)
                guard !line.has("chat_metadata"), let message = message(line) else { continue }
                chat.messages.append(message)
            }
        }
        return chat
    }

    static func message(_ line: ObjectEditor) -> ExportMessage? {
        guard !line.isTruthy("is_system") || isNarrator(line) else { return nil }
        let extra = childObject(line, "extra")
        let text = line.string("mes") ?? ""
        let reasoning = extra?.string("reasoning").flatMap { $0.isEmpty ? nil : $0 }
        if text.isEmpty && reasoning == nil { return nil }
        let role: ExportMessage.Role = line.isTruthy("is_user") ? .user : (isNarrator(line) ? .system : .assistant)
        return ExportMessage(role: role, name: line.string("name") ?? "", text: text, reasoning: reasoning,
                             model: extra?.string("model"))
    }

    private static func isNarrator(_ line: ObjectEditor) -> Bool {
        childObject(line, "extra")?.string("type") == "narrator"
    }

    /// The JSONL lines (without line breaks) for one chat, and how many assistant turns were left out.
    public func lines(for chat: ExportChat) -> (lines: [String], skipped: Int) {
        var lines: [String] = []
        let skipped = write(chat) { lines.append($0) }
        return (lines, skipped)
    }

    /// Hands each JSONL line (without its line break) to `emit` as soon as it is made, so a chat with many rows
    /// is never held whole; returns how many assistant turns were left out.
    @discardableResult
    public func write(_ chat: ExportChat, _ emit: (String) throws -> Void) rethrows -> Int {
        switch format {
        case .openAIChat:
            try emit(openAIExample(chat.messages, thinking: thinking))
            return 0
        case .shareGPT:
            var turns: [String] = []
            if let system { turns.append(object([("from", str("system")), ("value", str(system))])) }
            for m in chat.messages {
                let from = m.role == .user ? "human" : (m.role == .system ? "system" : "gpt")
                var members = [("from", str(from)), ("value", str(content(m, thinking)))]
                if thinking == .separate, m.role == .assistant, let r = m.reasoning { members.append(("reasoning_content", str(r))) }
                turns.append(object(members))
            }
            try emit(object([("conversations", "[" + turns.joined(separator: ",") + "]")]))
            return 0
        case .kiln:
            // The conversation so far is sent without thinking (each message encoded once); the trained turn
            // carries its thinking inline.
            let plain = chat.messages.map { openAIMessage($0, thinking: .drop) }
            var skipped = 0
            for (index, m) in chat.messages.enumerated() where m.role == .assistant {
                guard m.reasoning != nil else { skipped += 1; continue }
                let first = maxHistory.map { max(0, index - $0) } ?? 0
                try emit(openAIExample(encoded: plain[first..<index] + [openAIMessage(m, thinking: .inline)]))
            }
            return skipped
        case .reasoningText:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for m in chat.messages where m.role == .assistant {
                let trace = m.reasoning.map { ThinkingTrace(steps: [ThinkingStep(content: $0)], modelID: m.model) }
                let value = ReasonedText(text: m.text, thinking: trace)
                if let data = try? encoder.encode(value) { try emit(String(decoding: data, as: UTF8.self)) }
            }
            return 0
        }
    }

    private func openAIExample(_ messages: [ExportMessage], thinking: ThinkingPlacement) -> String {
        openAIExample(encoded: messages.map { openAIMessage($0, thinking: thinking) })
    }

    /// `{"messages":[…]}` around messages already encoded, the system prompt first.
    private func openAIExample(encoded messages: some Collection<String>) -> String {
        var list: [String] = []
        if let system { list.append(object([("role", str("system")), ("content", str(system))])) }
        list.append(contentsOf: messages)
        return object([("messages", "[" + list.joined(separator: ",") + "]")])
    }

    private func openAIMessage(_ m: ExportMessage, thinking: ThinkingPlacement) -> String {
        var members = [("role", str(m.role.rawValue)), ("content", str(content(m, thinking)))]
        if thinking == .separate, m.role == .assistant, let r = m.reasoning { members.append(("reasoning_content", str(r))) }
        return object(members)
    }

    private func content(_ m: ExportMessage, _ thinking: ThinkingPlacement) -> String {
        guard thinking == .inline, m.role == .assistant, let r = m.reasoning else { return m.text }
        return markers.format(reasoning: r, content: m.text)
    }

    private func str(_ s: String) -> String { String(decoding: JSONStringBytes.encode(s), as: UTF8.self) }

    private func object(_ members: [(String, String)]) -> String {
        "{" + members.map { str($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}
