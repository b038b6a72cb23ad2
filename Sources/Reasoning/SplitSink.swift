// What the splitter emits: text as byte slices per channel, plus the few structural boundaries.

/// Receives the split as it happens. Text slices are valid only during the call; copy what you keep.
/// Concatenating every slice of one channel gives that channel's text, however the input was chunked.
public protocol SplitSink {
    mutating func reasoning(_ bytes: UnsafeRawBufferPointer)
    mutating func content(_ bytes: UnsafeRawBufferPointer)
    mutating func toolArguments(_ bytes: UnsafeRawBufferPointer)
    mutating func boundary(_ event: SplitBoundary)
}

extension SplitSink {
    public mutating func toolArguments(_ bytes: UnsafeRawBufferPointer) {}
    public mutating func boundary(_ event: SplitBoundary) {}
}

/// Structural events between text slices.
public enum SplitBoundary: Sendable, Hashable {
    /// A reasoning block (one step of the trace) begins.
    case reasoningStarted
    /// It ends: closed, interrupted by a tool call, or the output ended (`truncated`).
    case reasoningEnded(truncated: Bool)
    /// A Harmony message addressed to a tool begins; its body arrives as `toolArguments`.
    case toolCallStarted(recipient: String, constraint: String?)
    case toolCallEnded
    /// A template block was opened but never closed: SillyTavern keeps the whole text as the message, so
    /// the reasoning seen so far is really content, preceded by these opening bytes.
    case templateBlockUnclosed(opening: [UInt8])
}

/// One event of the array-returning API (`feed(_:) -> [SplitEvent]`), for callers that prefer values.
public enum SplitEvent: Sendable, Hashable {
    case reasoning([UInt8])
    case content([UInt8])
    case toolArguments([UInt8])
    case boundary(SplitBoundary)

    /// The text of a text event as a String (invalid UTF-8 becomes U+FFFD).
    public var text: String? {
        switch self {
        case .reasoning(let b), .content(let b), .toolArguments(let b): return String(decoding: b, as: UTF8.self)
        case .boundary: return nil
        }
    }
}

/// Collects events into an array (the convenience API).
struct EventList: SplitSink {
    var events: [SplitEvent] = []
    mutating func reasoning(_ b: UnsafeRawBufferPointer) { events.append(.reasoning(Array(b))) }
    mutating func content(_ b: UnsafeRawBufferPointer) { events.append(.content(Array(b))) }
    mutating func toolArguments(_ b: UnsafeRawBufferPointer) { events.append(.toolArguments(Array(b))) }
    mutating func boundary(_ e: SplitBoundary) { events.append(.boundary(e)) }
}
