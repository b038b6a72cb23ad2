import ArgumentParser
import ChatTransforms
import Foundation

/// `stscript export`: chats → fine-tuning JSONL on stdout.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write chats as fine-tuning JSONL (for distillation), with the model's thinking kept separate or inlined.",
        discussion: """
        Formats: openai-chat ({"messages":[…]} per chat; thinking in reasoning_content by default), sharegpt \
        ({"conversations":[…]} per chat; thinking inline by default), kiln (Kiln's R1-style rows: one per \
        assistant turn that has thinking, written <think>\\n…\\n</think>\\n\\n… after the conversation so far), \
        reasoning-text (the ReasonedText JSON of each assistant message: text plus a ThinkingTrace). Hidden \
        messages (is_system) are left out; narrator messages become system messages.
        """)

    @Option(help: ArgumentHelp("Output format.", valueName: ExportFormat.allCases.map(\.rawValue).joined(separator: "|")))
    var format: String

    @Option(help: ArgumentHelp("Where thinking goes (default: separate for openai-chat, inline otherwise).",
                               valueName: "separate|inline|drop"))
    var thinking: String?

    @Option(help: ArgumentHelp("Markers for inline thinking: a SillyTavern template or a model-family profile (default: DeepSeek).",
                               valueName: "template|profile"))
    var markers: String?

    @Option(help: "A system prompt put first in every example.")
    var system: String?

    @Option(help: ArgumentHelp("kiln: at most N earlier messages before each trained turn (default: all of them; every row repeats the conversation so far).",
                               valueName: "N"))
    var history: Int?

    @Argument(help: "Chat files (.jsonl); standard input when none.")
    var files: [String] = []

    func validate() throws {
        if let history, history < 0 { throw ValidationError("--history must be 0 or more") }
    }

    func run() throws {
        guard let format = ExportFormat(rawValue: format) else {
            throw ValidationError("unknown format '\(format)' (known: \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var placement: ThinkingPlacement? = nil
        if let thinking {
            guard let p = ThinkingPlacement(rawValue: thinking) else { throw ValidationError("--thinking must be separate, inline or drop") }
            placement = p
        }
        var exporter = ChatExporter(format: format, thinking: placement, system: system)
        exporter.maxHistory = history
        if let markers {
            guard let template = TemplateLookup.template(named: markers) else {
                throw ValidationError("unknown reasoning template or profile '\(markers)'")
            }
            exporter.markers = template
        }
        var failed = false
        let output = OutputWriter(fd: 1)
        let sources = files.isEmpty ? ["-"] : files
        for source in sources {
            let data: Data
            if source == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else if let read = FileManager.default.contents(atPath: source) {
                data = read
            } else {
                StandardError.write("stscript export: cannot read \(source)\n")
                failed = true
                continue
            }
            let chat = ChatExporter.read([UInt8](data))
            let skipped = try exporter.write(chat) { line in
                try output.write(Array(line.utf8))
                try output.write(byte: 0x0A)
            }
            try output.flush()
            let name = source == "-" ? "standard input" : source
            if chat.malformedLines > 0 {
                StandardError.write("stscript export: \(name): \(chat.malformedLines) malformed line(s) skipped\n")
            }
            if skipped > 0 {
                StandardError.write("stscript export: \(name): \(skipped) assistant turn(s) without thinking left out\n")
            }
        }
        if failed { throw ExitCode(1) }
    }
}
