import Foundation
import XCTest

/// A run stopped from outside (Ctrl-C, `timeout`, `kill`) ends with a non-zero exit and keeps what it did before.
final class RobustnessSignalTests: XCTestCase {
    /// Starts an endless script that sends a message first, waits until it is running, sends `signal`.
    private func stopEndlessRun(with signal: Int32) throws -> (status: Int32, crashed: Bool, stderr: String, chat: String) {
        let store = try Stscript.makeStore(for: self)
        let process = Process()
        process.executableURL = BinaryLocator.stscript
        process.arguments = ["-c", "/send before the loop | /echo started | /times guard=off 999999999 {: /incvar n :}",
                             "--store", store.path, "--chat", "Alice/chat"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // A run that never says "started" would block the read below; stop it so the test fails instead.
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 300, execute: watchdog)
        defer { watchdog.cancel() }
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("started") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        kill(process.processIdentifier, signal)
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let chat = try String(contentsOf: store.appendingPathComponent("chats/Alice/chat.jsonl"), encoding: .utf8)
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal,
                String(decoding: err, as: UTF8.self), chat)
    }

    func testInterruptStopsTheRunAndKeepsEarlierChanges() throws {
        let result = try stopEndlessRun(with: SIGINT)
        XCTAssertFalse(result.crashed)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("Interrupted"), result.stderr)
        XCTAssertTrue(result.chat.contains("before the loop"))
    }

    func testTerminateStopsTheRunAndKeepsEarlierChanges() throws {
        let result = try stopEndlessRun(with: SIGTERM)
        XCTAssertFalse(result.crashed)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("Interrupted"), result.stderr)
        XCTAssertTrue(result.chat.contains("before the loop"))
    }
}
