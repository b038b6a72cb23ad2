import CLibEdit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A terminal line editor over libedit's native API: emacs keys, a prompt that may carry colour, history
/// (Up / Down, Ctrl-R), Tab completion through a callback, and Ctrl-C / Ctrl-D reported as values.
///
/// Use it only when stdin is a terminal; call `Interrupt.install()` first so Ctrl-C interrupts the read.
public final class LineEditor: LineReader {
    /// Brackets the invisible parts of a prompt (colour escapes) so libedit measures its width right.
    public static let invisible: Character = "\u{1}"

    private let editLine: OpaquePointer           // EditLine *
    public let history: CommandHistory?
    private let completer: (String) -> Completions
    private var promptBuffer: UnsafeMutablePointer<CChar>
    /// The text before the cursor after the last Tab that left the word ambiguous: a second Tab there lists.
    private var ambiguousAfterTab: String?

    /// - Parameter completer: receives the text before the cursor, returns the candidates for the word there.
    public init?(programName: String, history: CommandHistory?, completer: @escaping (String) -> Completions) {
        clibedit_use_environment_locale()
        guard let editLine = clibedit_init(programName), let promptBuffer = strdup("") else { return nil }
        self.editLine = editLine
        self.history = history
        self.completer = completer
        self.promptBuffer = promptBuffer

        _ = clibedit_set_editor(editLine, "emacs")
        _ = clibedit_set_signal(editLine, 1)      // restore the tty on signals, redraw after ^Z / resize
        if let history { _ = clibedit_set_history(editLine, history.handle) }
        // C callbacks cannot capture: the editor finds itself through the client data pointer.
        _ = clibedit_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        _ = clibedit_set_prompt_esc(editLine, { editLine in
            guard let editLine, let me = clibedit_get_clientdata(editLine) else { return nil }
            return Unmanaged<LineEditor>.fromOpaque(me).takeUnretainedValue().promptBuffer
        }, CChar(1))
        _ = clibedit_add_function(editLine, "stscript-complete", "Complete the word before the cursor") { editLine, _ in
            guard let editLine, let me = clibedit_get_clientdata(editLine) else { return UInt8(CC_ERROR) }
            return Unmanaged<LineEditor>.fromOpaque(me).takeUnretainedValue().complete()
        }
        _ = clibedit_bind(editLine, "^I", "stscript-complete")
        _ = clibedit_bind(editLine, "^R", "em-inc-search-prev")
        _ = clibedit_source(editLine)               // the user's ~/.editrc, when there is one
    }

    deinit {
        el_end(editLine)
        free(promptBuffer)
    }

    public func readLine(prompt: String) -> LineInput {
        if let fresh = strdup(prompt) {
            free(promptBuffer)
            promptBuffer = fresh
        }
        ambiguousAfterTab = nil
        Interrupt.consume()
        var count: Int32 = 0
        guard let line = el_gets(editLine, &count) else {
            let readError = errno
            if count == -1 && (readError == EINTR || Interrupt.consume()) {
                Interrupt.consume()
                return .interrupted
            }
            return .endOfInput
        }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return .line(text)
    }

    public func remember(_ line: String) {
        history?.add(line)
    }

    /// Tab: finish a unique word, else extend to the shared prefix; a second Tab on an ambiguous word lists.
    private func complete() -> UInt8 {
        guard let info = el_line(editLine)?.pointee, let start = info.buffer, let cursor = info.cursor else {
            return UInt8(CC_ERROR)
        }
        let before = String(decoding: UnsafeRawBufferPointer(start: start, count: cursor - start), as: UTF8.self)
        let completions = completer(before)
        if completions.candidates.isEmpty {
            ambiguousAfterTab = nil
            return UInt8(CC_REFRESH_BEEP)
        }
        if let insertion = completions.insertion {
            _ = el_insertstr(editLine, insertion)
            ambiguousAfterTab = completions.candidates.count > 1 ? before + insertion : nil
            return UInt8(CC_REFRESH)
        }
        guard ambiguousAfterTab == before else {
            ambiguousAfterTab = before
            return UInt8(CC_REFRESH_BEEP)
        }
        let rows = completions.listing(width: Int(clibedit_columns(editLine)) - 1)
        print("\n" + rows.joined(separator: "\n"))
        clibedit_flush_stdout()
        return UInt8(CC_REDISPLAY)
    }
}
