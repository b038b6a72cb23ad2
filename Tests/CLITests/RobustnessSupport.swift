import Foundation
import XCTest

/// Runs the built `stscript` as a user would, for the robustness tests: bad input must end in a clear message and
/// a non-zero exit, never a crash, a hang or damaged files.
enum Stscript {
    struct Outcome {
        var status: Int32
        /// True when the process ended by a signal (a crash or trap) instead of exiting.
        var crashed: Bool
        var stdout: String
        var stderr: String
    }

    /// Runs `stscript ARGUMENTS` with `stdin`; a process still running after `limit` seconds is killed and
    /// reported as crashed (a hang), so a regression fails the test instead of stalling the suite.
    static func run(_ arguments: [String], stdin: Data = Data(), in directory: URL? = nil,
                    limit: TimeInterval = 300) throws -> Outcome {
        let process = Process()
        process.executableURL = BinaryLocator.stscript
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var environment = ProcessInfo.processInfo.environment
        environment["STSCRIPT_STORE"] = nil
        environment["XDG_DATA_HOME"] = FileManager.default.temporaryDirectory.path + "/stscript-no-store"
        process.environment = environment
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let writer = Thread {
            input.fileHandleForWriting.write(stdin)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        nonisolated(unsafe) var err = Data()
        let errReader = Thread { err = errors.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: watchdog)
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        while errReader.isExecuting { usleep(1000) }
        return Outcome(status: process.terminationStatus,
                       crashed: process.terminationReason == .uncaughtSignal,
                       stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// A data folder with settings.json and one chat, `chats/Alice/chat.jsonl`, removed after the test.
    static func makeStore(for test: XCTestCase) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("robustness-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("chats/Alice"),
                                                withIntermediateDirectories: true)
        try settings.write(to: root.appendingPathComponent("settings.json"), atomically: true, encoding: .utf8)
        try chat.write(to: root.appendingPathComponent("chats/Alice/chat.jsonl"), atomically: true, encoding: .utf8)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        return root
    }

    static let settings = #"{"username": "User", "extension_settings": {"variables": {"global": {}}}}"#
    static let chat = """
        {"chat_metadata":{"variables":{}},"user_name":"unused","character_name":"unused"}
        {"name":"Alice","is_user":false,"mes":"Hi!","extra":{}}
        {"name":"User","is_user":true,"mes":"Hello.","extra":{}}
        """
}
