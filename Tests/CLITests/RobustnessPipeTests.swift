import Foundation
import XCTest

/// `stscript pipe` with input or options that are wrong: refused up front, or passed through untouched.
final class RobustnessPipeTests: XCTestCase {
    func testScriptThatDoesNotParseIsRefusedBeforeReadingTheChat() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipe-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("bad.st")
        try "/echo ok |\n/echo {: unclosed".write(to: script, atomically: true, encoding: .utf8)
        let result = try Stscript.run(["pipe", "--script", script.path], stdin: Data(Stscript.chat.utf8))
        XCTAssertFalse(result.crashed)
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("bad.st:2:"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Unclosed closure"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testBinaryInputPassesThroughByteForByte() throws {
        var bytes = [UInt8]()
        var state: UInt32 = 12345
        for _ in 0..<50_000 {
            state = state &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        let result = try Stscript.run(["pipe", "--strip-reasoning"], stdin: Data(bytes))
        XCTAssertFalse(result.crashed)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("malformed line(s) passed through unchanged"), result.stderr)
    }
}
