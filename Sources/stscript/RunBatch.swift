import ChatTransforms
import Foundation

/// `stscript run FILE.st --chat 'chats/**/*.jsonl'`: the script once per chat, each in a process of its own (a
/// script's state, store commit and crash stay with its chat), up to `jobs` at a time. Each chat's output is
/// printed under a `==> path <==` header as it finishes; failures are reported and make the exit status 1.
enum RunBatch {
    static func run(scriptFile: String, glob: String, store: String?, json: Bool, jobs: Int) throws -> Int32 {
        // A relative glob names chats in the store (as --chat does for one chat); else in the working directory.
        let inStore = store.map { glob.hasPrefix("/") ? [] : ChatBatch.expand(glob: $0 + "/" + glob) } ?? []
        let chats = inStore.isEmpty ? ChatBatch.expand(glob: glob) : inStore
        guard !chats.isEmpty else {
            StandardError.write("stscript: no chat matches \(glob)\n")
            return 2
        }
        // A script from standard input is read once and handed to every chat from a file.
        var file = scriptFile
        var temporary: String?
        if scriptFile == "-" {
            let path = NSTemporaryDirectory() + "stscript-\(getpid())-\(UUID().uuidString).st"
            guard FileManager.default.createFile(atPath: path, contents: FileHandle.standardInput.readDataToEndOfFile()) else {
                StandardError.write("stscript: cannot keep the script from standard input in \(path)\n")
                return 2
            }
            file = path
            temporary = path
        }
        defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
        let scriptPath = file
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let program = FileManager.default.isExecutableFile(atPath: executable) ? executable : CommandLine.arguments[0]
        let sizes = chats.map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0 }
        let bar = ProgressBar(totalChats: chats.count, totalBytes: sizes.reduce(0, +))
        let printer = NSLock()
        let outcomes = ChatBatch.run(chats, jobs: jobs, work: { chat in
            // The child gets the very file the glob matched, not a name it would resolve in its store.
            var arguments = ["run", scriptPath, "--chat", URL(fileURLWithPath: chat).standardizedFileURL.path]
            if let store { arguments += ["--store", store] }
            if json { arguments.append("--json") }
            let result = runChild(program, arguments)
            printer.lock()
            bar.finish()
            FileHandle.standardOutput.write(Data("==> \(chat) <==\n".utf8) + result.stdout)
            if !result.stderr.isEmpty { StandardError.write(String(decoding: result.stderr, as: UTF8.self)) }
            printer.unlock()
            let lines = chatLineCount(chat)
            bar.advance(messages: lines)
            return result.status == 0 ? ChatOutcome(path: chat) : ChatOutcome(path: chat, failure: "exit status \(result.status)")
        }, done: { outcome in
            let size = chats.firstIndex(of: outcome.path).map { sizes[$0] } ?? 0
            bar.advance(bytes: size, chats: 1)
        })
        bar.finish()
        let failed = outcomes.filter { !$0.succeeded }
        for outcome in failed { StandardError.write("failed  \(outcome.path): \(outcome.failure ?? "")\n") }
        StandardError.write("stscript run: \(outcomes.count) chats, \(failed.count) failed\n")
        return failed.isEmpty ? 0 : 1
    }

    private static func runChild(_ program: String, _ arguments: [String]) -> (status: Int32, stdout: Data, stderr: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (127, Data(), Data("cannot start \(program): \(error)\n".utf8)) }
        nonisolated(unsafe) var err = Data()
        let reader = Thread { err = errors.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while reader.isExecuting { usleep(1000) }
        return (process.terminationStatus, out, err)
    }

    /// Lines of a chat file (its messages plus the header), for the progress bar's rate.
    private static func chatLineCount(_ path: String) -> Int {
        guard let data = FileManager.default.contents(atPath: path) else { return 0 }
        return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}
