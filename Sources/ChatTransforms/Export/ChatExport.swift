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
}

/// What a chat file held, for export.
public struct ExportChat: Sendable {
    public var messages: [ExportMessage] = []
    public var malformedLines = 0
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
        switch format {
        case .openAIChat:
            return ([openAIExample(chat.messages, thinking: thinking)], 0)
        case .shareGPT:
            var turns: [String] = []
            if let system { turns.append(object([("from", str("system")), ("value", str(system))])) }
            for m in chat.messages {
                let from = m.role == .user ? "human" : (m.role == .system ? "system" : "gpt")
                var members = [("from", str(from)), ("value", str(content(m, thinking)))]
                if thinking == .separate, m.role == .assistant, let r = m.reasoning { members.append(("reasoning_content", str(r))) }
                turns.append(object(members))
            }
            return ([object([("conversations", "[" + turns.joined(separator: ",") + "]")])], 0)
        case .kiln:
            var out: [String] = []
            var skipped = 0
            for (index, m) in chat.messages.enumerated() where m.role == .assistant {
                guard m.reasoning != nil else { skipped += 1; continue }
                // The conversation so far is sent without thinking; the trained turn carries it inline.
                var history = chat.messages[..<index].map { turn -> ExportMessage in
                    var turn = turn
                    turn.reasoning = nil
                    return turn
                }
                history.append(m)
                out.append(openAIExample(history, thinking: .inline))
            }
            return (out, skipped)
        case .reasoningText:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var out: [String] = []
            for m in chat.messages where m.role == .assistant {
                let trace = m.reasoning.map { ThinkingTrace(steps: [ThinkingStep(content: $0)], modelID: m.model) }
                let value = ReasonedText(text: m.text, thinking: trace)
                if let data = try? encoder.encode(value) { out.append(String(decoding: data, as: UTF8.self)) }
            }
            return (out, 0)
        }
    }

    private func openAIExample(_ messages: [ExportMessage], thinking: ThinkingPlacement) -> String {
        var list: [String] = []
        if let system { list.append(object([("role", str("system")), ("content", str(system))])) }
        for m in messages {
            var members = [("role", str(m.role.rawValue)), ("content", str(content(m, thinking)))]
            if thinking == .separate, m.role == .assistant, let r = m.reasoning { members.append(("reasoning_content", str(r))) }
            list.append(object(members))
        }
        return object([("messages", "[" + list.joined(separator: ",") + "]")])
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
