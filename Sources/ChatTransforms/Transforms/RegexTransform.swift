// `--regex FILE`: SillyTavern regex scripts applied to stored messages as SillyTavern applies them when a message
// is stored ("source" mode: scripts that are neither display-only nor prompt-only).
import Foundation
import RegexScripts

public struct RegexTransform: MessageTransform {
    public let scripts: RegexScriptSet
    /// Which placements to run: user messages (USER_INPUT), the others (AI_OUTPUT), stored reasoning (REASONING).
    public let placements: Set<RegexPlacement>

    public init(scripts: RegexScriptSet,
                placements: Set<RegexPlacement> = [.userInput, .aiOutput, .reasoning]) {
        self.scripts = scripts
        self.placements = placements
    }

    /// Scripts from a JSON file: a list of scripts, or a settings.json (`extension_settings.regex`).
    public init(file: String, placements: Set<RegexPlacement> = [.userInput, .aiOutput, .reasoning]) throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw TransformError("cannot read regex scripts from \(file)")
        }
        let object = try? JSONSerialization.jsonObject(with: data)
        let scripts: [RegexScript]
        if let settings = object as? [String: Any] {
            scripts = RegexScript.scripts(inSettings: settings)
        } else if object is [Any] {
            scripts = RegexScript.scripts(fromJSON: data)
        } else {
            throw TransformError("\(file) holds neither a list of regex scripts nor a settings.json")
        }
        self.init(scripts: RegexScriptSet(scripts), placements: placements)
    }

    public func apply(to message: inout ObjectEditor) throws -> Bool {
        let textPlacement: RegexPlacement = JSONTruthy.bool(message, "is_user") ? .userInput : .aiOutput
        var changed = false
        if placements.contains(textPlacement), let mes = message.string("mes") {
            let new = try run(mes, textPlacement)
            if new != mes { message.set("mes", string: new); changed = true }
        }
        if placements.contains(.reasoning), var extra = childObject(message, "extra"),
           let reasoning = extra.string("reasoning") {
            let new = try run(reasoning, .reasoning)
            if new != reasoning { extra.set("reasoning", string: new); message.set("extra", extra.render()); changed = true }
        }
        if var swipes = Swipes(message) {
            for index in 0..<swipes.texts.count {
                if placements.contains(textPlacement), let text = swipes.texts.string(at: index) {
                    let new = try run(text, textPlacement)
                    if new != text { swipes.texts.set(index, JSONStringBytes.encode(new)); changed = true }
                }
                if placements.contains(.reasoning), index < swipes.infos.count, var info = swipes.info(index),
                   var extra = childObject(info, "extra"), let reasoning = extra.string("reasoning") {
                    let new = try run(reasoning, .reasoning)
                    if new != reasoning {
                        extra.set("reasoning", string: new)
                        info.set("extra", extra.render())
                        swipes.infos.set(index, info.render())
                        changed = true
                    }
                }
            }
            swipes.commit(into: &message)
        }
        return changed
    }

    private func run(_ text: String, _ placement: RegexPlacement) throws -> String {
        do {
            return try scripts.apply(to: text, placement: placement, context: .source)
        } catch {
            throw TransformError("regex script '\(error.scriptName)': \(error.message)")
        }
    }
}

/// A transform's failure on one message (the message is written unchanged and the failure reported).
public struct TransformError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

enum JSONTruthy {
    static func bool(_ object: ObjectEditor, _ key: String) -> Bool { object.isTruthy(key) }
}
