// Stream formats a user meets in practice: NDJSON chunks, OpenAI-compatible SSE, ollama NDJSON.
import Foundation

/// One decoded piece of a provider stream.
public struct StreamDelta: Sendable, Hashable {
    /// Reasoning the provider already separated (`reasoning_content`, `reasoning`, ollama `thinking`).
    public var reasoning: String?
    /// Answer text, which may still contain inline markers for the splitter.
    public var content: String?
    public var modelID: String?
    public var reasoningTokens: Int?
    public var completionTokens: Int?
    /// `length` means the token budget ran out.
    public var finishReason: String?
    public var signature: String?
    /// The stream says it is complete (`[DONE]`, ollama `done`).
    public var done = false

    public init(reasoning: String? = nil, content: String? = nil) {
        self.reasoning = reasoning
        self.content = content
    }
}

public struct StreamInputError: Error, CustomStringConvertible, Sendable {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

/// The input formats of `stscript think --input`.
public enum StreamFormat: String, Sendable, CaseIterable {
    /// Raw model output.
    case text
    /// One JSON string per line, each a chunk of raw output.
    case ndjson
    /// An OpenAI-compatible chat-completion event stream (`data: {…}` lines).
    case sse
    /// ollama `/api/chat` or `/api/generate` NDJSON.
    case ollama
}

/// Turns one line of a line-based stream into a delta (nil for lines that carry nothing).
public struct StreamLineDecoder: Sendable {
    public let format: StreamFormat
    public private(set) var lineNumber = 0

    public init(format: StreamFormat) {
        self.format = format
    }

    public mutating func decode(_ line: [UInt8]) throws -> StreamDelta? {
        lineNumber += 1
        var body = line[...]
        if body.last == 0x0D { body = body.dropLast() }
        switch format {
        case .text:
            return StreamDelta(content: String(decoding: body, as: UTF8.self))
        case .ndjson:
            if body.allSatisfy(isASCIISpace) { return nil }
            guard let s = JSONText.decodeString(Array(body)) else {
                throw StreamInputError(line: lineNumber, message: "expected one JSON string per line")
            }
            return StreamDelta(content: s)
        case .sse:
            return try decodeSSE(body)
        case .ollama:
            if body.allSatisfy(isASCIISpace) { return nil }
            return try decodeOllama(object(Data(body)))
        }
    }

    func object(_ data: Data) throws -> [String: Any] {
        guard let any = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
              let obj = any as? [String: Any] else {
            throw StreamInputError(line: lineNumber, message: "expected a JSON object")
        }
        if let err = obj["error"] {
            let text = (err as? String) ?? ((err as? [String: Any])?["message"] as? String) ?? "\(err)"
            throw StreamInputError(line: lineNumber, message: "the stream reports an error: \(text)")
        }
        return obj
    }

    func decodeSSE(_ body: ArraySlice<UInt8>) throws -> StreamDelta? {
        let prefix = Array("data:".utf8)
        guard body.count >= prefix.count, Array(body.prefix(prefix.count)) == prefix else { return nil }
        var payload = body.dropFirst(prefix.count)
        while let f = payload.first, isASCIISpace(f) { payload = payload.dropFirst() }
        if payload.isEmpty { return nil }
        if Array(payload) == Array("[DONE]".utf8) {
            var d = StreamDelta()
            d.done = true
            return d
        }
        let obj = try object(Data(payload))
        var d = StreamDelta()
        d.modelID = obj["model"] as? String
        if let choices = obj["choices"] as? [[String: Any]], let choice = choices.first {
            let delta = (choice["delta"] as? [String: Any]) ?? (choice["message"] as? [String: Any]) ?? [:]
            d.content = (delta["content"] as? String) ?? (choice["text"] as? String)
            d.reasoning = (delta["reasoning_content"] as? String) ?? (delta["reasoning"] as? String)
            if let details = delta["reasoning_details"] as? [[String: Any]] {
                for item in details {
                    if d.reasoning == nil, let t = item["text"] as? String { d.reasoning = t }
                    if let s = item["signature"] as? String { d.signature = s }
                }
            }
            d.finishReason = choice["finish_reason"] as? String
        }
        if let usage = obj["usage"] as? [String: Any] {
            d.completionTokens = usage["completion_tokens"] as? Int
            let details = usage["completion_tokens_details"] as? [String: Any]
            d.reasoningTokens = details?["reasoning_tokens"] as? Int
        }
        return d
    }

    func decodeOllama(_ obj: [String: Any]) throws -> StreamDelta {
        var d = StreamDelta()
        d.modelID = obj["model"] as? String
        if let message = obj["message"] as? [String: Any] {
            d.content = message["content"] as? String
            d.reasoning = message["thinking"] as? String
        } else {
            d.content = obj["response"] as? String
            d.reasoning = obj["thinking"] as? String
        }
        d.done = (obj["done"] as? Bool) ?? false
        d.finishReason = obj["done_reason"] as? String
        d.completionTokens = obj["eval_count"] as? Int
        return d
    }
}

/// Minimal JSON text helpers: decode one string literal, quote a string as `JSON.stringify` does.
public enum JSONText {
    /// The value of a JSON string literal (surrounding whitespace allowed), or nil if `bytes` is not one.
    public static func decodeString(_ bytes: [UInt8]) -> String? {
        var i = 0, end = bytes.count
        while i < end && isASCIISpace(bytes[i]) { i += 1 }
        while end > i && isASCIISpace(bytes[end - 1]) { end -= 1 }
        guard end - i >= 2, bytes[i] == 0x22, bytes[end - 1] == 0x22 else { return nil }
        i += 1
        end -= 1
        var out: [UInt8] = []
        out.reserveCapacity(end - i)
        var pendingHigh: UInt32? = nil
        func appendScalar(_ v: UInt32) {
            let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
        while i < end {
            let c = bytes[i]
            if c == 0x22 { return nil }
            if c < 0x20 { return nil }
            if c != 0x5C {
                if let h = pendingHigh { appendScalar(h); pendingHigh = nil }
                out.append(c)
                i += 1
                continue
            }
            guard i + 1 < end else { return nil }
            let e = bytes[i + 1]
            i += 2
            var simple: UInt8? = nil
            switch e {
            case 0x22: simple = 0x22
            case 0x5C: simple = 0x5C
            case 0x2F: simple = 0x2F
            case 0x62: simple = 0x08
            case 0x66: simple = 0x0C
            case 0x6E: simple = 0x0A
            case 0x72: simple = 0x0D
            case 0x74: simple = 0x09
            case 0x75:
                guard i + 4 <= end, let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16) else {
                    return nil
                }
                i += 4
                if (0xD800...0xDBFF).contains(v) {
                    if let h = pendingHigh { appendScalar(h) }
                    pendingHigh = v
                } else if (0xDC00...0xDFFF).contains(v) {
                    if let h = pendingHigh {
                        appendScalar(0x10000 + ((h - 0xD800) << 10) + (v - 0xDC00))
                        pendingHigh = nil
                    } else {
                        appendScalar(0xFFFD)
                    }
                } else {
                    if let h = pendingHigh { appendScalar(h); pendingHigh = nil }
                    appendScalar(v)
                }
                continue
            default: return nil
            }
            if let h = pendingHigh { appendScalar(h); pendingHigh = nil }
            if let s = simple { out.append(s) }
        }
        if let h = pendingHigh { appendScalar(h) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `JSON.stringify(text)`.
    public static func quote(_ text: String) -> String {
        var out: [UInt8] = [0x22]
        out.reserveCapacity(text.utf8.count + 2)
        let hex = Array("0123456789abcdef".utf8)
        for b in text.utf8 {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, 0x62]
            case 0x0C: out += [0x5C, 0x66]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }
}
