import Foundation
import XCTest

/// Bad input at the program's entry points: a clear message and a non-zero exit, never a crash or a silent pass.
final class RobustnessInputTests: XCTestCase {
    func testInvalidUTF8PipedIntoTheDefaultCommandIsAnError() throws {
        let result = try Stscript.run([], stdin: Data([0xFF, 0xFE]) + Data("/echo hi".utf8))
        XCTAssertFalse(result.crashed)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("not valid UTF-8"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testUnknownOptionIsBadUsageWithExitStatusTwo() throws {
        let result = try Stscript.run(["run", "--no-such-option", "script.st"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("--no-such-option"), result.stderr)
    }

    func testMissingArgumentIsBadUsageWithExitStatusTwo() throws {
        let result = try Stscript.run(["check"])
        XCTAssertEqual(result.status, 2, result.stderr)
    }
}

extension RobustnessInputTests {
    func testCheckOfAMissingFileSaysItCannotReadIt() throws {
        let result = try Stscript.run(["check", "/no/such/script.st"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("cannot read /no/such/script.st"), result.stderr)
        XCTAssertFalse(result.stderr.contains("syntax error"), result.stderr)
    }
}
