import Foundation
import XCTest

/// `stscript` with stdin not a terminal: no line editor, the input runs as one script.
final class ReplPipedInputTests: XCTestCase {
    func run(input: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = BinaryLocator.stscript
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("repl-piped-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        process.environment = ["HOME": home.path, "XDG_DATA_HOME": home.path + "/data", "XDG_STATE_HOME": home.path + "/state",
                               "TERM": "xterm", "PATH": "/usr/bin:/bin"]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertFalse(FileManager.default.fileExists(atPath: home.path + "/state/stscript/history"), "no history without a terminal")
        return (process.terminationStatus, output)
    }

    func testPipedLinesRunAsOneScriptWithoutPromptsOrEscapes() throws {
        let (status, output) = try run(input: "/times 2 {:\n/pass piped |\n:}\n")
        XCTAssertEqual(status, 0)
        XCTAssertEqual(output, "piped\n")
    }

    func testAPipedSyntaxErrorExitsWithStatusTwo() throws {
        let (status, _) = try run(input: "/nosuchcommand\n")
        XCTAssertEqual(status, 2)
    }
}
