// The STscript behind `--script` (per message) and `--chat-script` (per chat): read and parse-checked once, run
// against an in-memory chat session each time.
import ChatStore
import Foundation
import STScriptRuntime

public struct TransformScript: Sendable {
    public let source: String
    /// The script's file, for messages.
    public let name: String

    public init(source: String, name: String = "<script>") {
        self.source = source
        self.name = name
    }

    /// Reads a script file. One that does not parse would fail on every message or chat, so it is refused
    /// before any input is read.
    public init(file: String) throws {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw TransformError("cannot read script \(file)")
        }
        do {
            _ = try Interpreter().parse(text)
        } catch {
            throw TransformError("\(file):\(error.line):\(error.column): syntax error: \(error.message)\n\(error.snippet)")
        }
        self.init(source: text, name: file)
    }

    /// Runs the script with `session` as its chat; what went wrong (an error, a loud `/abort`), or nil.
    func run(in session: ChatSession) -> String? {
        let interpreter = Interpreter()
        session.configure(interpreter)
        let result = interpreter.run(source)
        if let error = result.error { return "\(name):\(error.line):\(error.column): \(error.message)" }
        if let aborted = result.aborted, !aborted.quiet { return "\(name): aborted: \(aborted.reason)" }
        return nil
    }
}

/// A transform made from a script: built from its text or its file alike.
public protocol ScriptedTransform {
    var script: TransformScript { get }
    init(script: TransformScript)
}

extension ScriptedTransform {
    public init(source: String, name: String = "<script>") {
        self.init(script: TransformScript(source: source, name: name))
    }

    public init(file: String) throws {
        self.init(script: try TransformScript(file: file))
    }
}
