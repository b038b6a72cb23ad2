import ArgumentParser
import ChatTransforms
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct PipeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipe",
        abstract: "Transform a SillyTavern chat (JSONL) from stdin to stdout, line by line.",
        discussion: """
        Transforms run in the order given. Lines no transform changed are written byte for byte; malformed \
        lines pass through unchanged and are counted on stderr.
        """)

    @Option(name: .customLong("parse-reasoning"),
            help: "Move a leading reasoning block into extra.reasoning (a template or profile name, e.g. think, DeepSeek).")
    var parseReasoning: [String] = []

    @Option(help: ArgumentHelp("Whether --parse-reasoning also updates swipes: all (as SillyTavern: the message is copied into its current swipe, other swipes are parsed into their own swipe_info) or none (mes and extra only).", valueName: "all|none"))
    var swipes: String = "all"

    @Option(help: "Worker threads for one stream (default: number of cores).")
    var threads: Int?

    func run() throws {
        var transforms: [any MessageTransform] = []
        for name in parseReasoning {
            guard let template = TemplateLookup.template(named: name) else {
                throw ValidationError("unknown reasoning template or profile '\(name)'")
            }
            guard swipes == "all" || swipes == "none" else { throw ValidationError("--swipes must be all or none") }
            transforms.append(ParseReasoning(template: template, includeSwipes: swipes == "all"))
        }
        let pipe = ChatPipe(transforms: transforms)
        let report = try pipe.run(input: 0, output: 1, threads: threads ?? ProcessInfoCores.count)
        if report.malformedLines > 0 {
            let lines = report.firstMalformed.map(String.init).joined(separator: ", ")
            FileHandleStderr.write("stscript pipe: \(report.malformedLines) malformed line(s) passed through unchanged (line \(lines)\(report.malformedLines > report.firstMalformed.count ? ", …" : ""))\n")
        }
    }
}

enum FileHandleStderr {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

enum ProcessInfoCores {
    static var count: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
