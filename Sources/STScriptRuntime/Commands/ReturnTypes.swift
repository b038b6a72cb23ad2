// `return=`: SillyTavern's `slashCommandReturnHelper.doReturn`, shared by the commands that can hand a result back
// or show it (`/send`, `/sendas`, `/sys`, `/comment`, `/listvar`).

enum ReturnTypes {
    /// The result for `type`: `text` for `pipe` and the display types, `object` (JSON) for `object`. Display types
    /// show nothing here but a toast; an unknown type is an error, raised only now (after the command's effect).
    static func result(_ type: String, text: @autoclosure () -> String, object: @autoclosure () -> String,
                       call: CommandCall) throws -> Value {
        switch type {
        case "pipe": return .text(text())
        case "object": return .text(object())
        case "none", "console": return .empty
        case "toast-text", "popup-text", "chat-text":
            if type == "toast-text" { call.interpreter.toast(.info, escapeHTML(text())) }
            return .empty
        case "toast-html", "popup-html", "chat-html":
            if type == "toast-html" { call.interpreter.toast(.info, text()) }
            return .empty
        default:
            throw CommandError("Unknown return type: \(type)")
        }
    }

    static func escapeHTML(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
