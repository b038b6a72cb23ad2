import LineEditor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Colours for REPL output: none when NO_COLOR is set (to anything) or stdout is not a terminal.
struct TerminalStyle: Sendable {
    var usesColor: Bool

    static func forStandardOutput(environment: [String: String]) -> TerminalStyle {
        TerminalStyle(usesColor: environment["NO_COLOR"] == nil && isatty(STDOUT_FILENO) == 1)
    }

    func paint(_ text: String, _ code: String) -> String {
        usesColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Like `paint`, with the escapes marked invisible so libedit measures the prompt's width right.
    func paintPrompt(_ text: String, _ code: String) -> String {
        let mark = String(LineEditor.invisible)
        return usesColor ? "\(mark)\u{1B}[\(code)m\(mark)\(text)\(mark)\u{1B}[0m\(mark)" : text
    }

    /// A toast as one coloured line: `warning: text`.
    func toast(severity: String, text: String) -> String {
        let code = switch severity {
        case "success": "32"
        case "warning": "33"
        case "error": "31"
        default: "36"
        }
        return paint("\(severity): ", code + ";1") + paint(text, code)
    }

    func error(_ text: String, label: String = "error") -> String {
        paint(label + ": ", "31;1") + text
    }
}
