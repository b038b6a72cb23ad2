import Foundation
import XCTest

/// `stscript think` streams: its memory does not grow with the input (issue 4: "memory stays flat").
final class ThinkMemoryTests: XCTestCase {
    /// Peak resident memory (bytes) of `stscript ARGUMENTS` reading `size` bytes of model output from stdin.
    private func peakMemory(_ arguments: [String], inputSize size: Int) throws -> Int {
        let process = Process()
        process.executableURL = BinaryLocator.stscript
        process.arguments = arguments
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let writer = input.fileHandleForWriting
        let body = Data(String(repeating: "step by step, a < b and </th not a marker. ", count: 1 << 14).utf8)
        writer.write(Data("<think>\n".utf8))
        var written = 0
        while written < size / 2 { writer.write(body); written += body.count }
        writer.write(Data("\n</think>\n\n".utf8))
        while written < size { writer.write(body); written += body.count }
        try writer.close()
        var status: Int32 = 0
        var usage = rusage()
        let pid = process.processIdentifier
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        return usage.ru_maxrss * 1024  // Linux reports kilobytes
    }

    func testSplittingStreamsDoesNotHoldTheInput() throws {
        for arguments in [["think", "--profile", "think"], ["think", "--profile", "think", "--follow"]] {
            let small = try peakMemory(arguments, inputSize: 4 << 20)
            let large = try peakMemory(arguments, inputSize: 64 << 20)
            // 60 MB more input may not cost more than a few MB (allocator noise), let alone the input itself.
            XCTAssertLessThan(large - small, 8 << 20, "\(arguments): \(small) → \(large) bytes")
        }
    }
}
