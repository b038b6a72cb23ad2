import Foundation
import JSCompat
import XCTest

@testable import ChatStore

/// A file's lines as byte ranges (fast enough for 100 000-line files in debug builds).
struct FileLines {
    let bytes: [UInt8]
    let ranges: [Range<Int>]

    init(_ path: String) throws {
        bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var ranges: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            while let hit = memchr(base + start, 0x0A, buffer.count - start) {
                let end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                ranges.append(start..<end)
                start = end + 1
            }
            ranges.append(start..<buffer.count)
        }
        self.ranges = ranges
    }

    var count: Int { ranges.count }

    func text(_ index: Int) -> String { String(decoding: bytes[ranges[index]], as: UTF8.self) }

    /// The first line (0-based) that differs from the same line of `other`, ignoring line `skipping`.
    func firstDifference(from other: FileLines, skipping: Int) -> Int? {
        bytes.withUnsafeBufferPointer { mine in
            other.bytes.withUnsafeBufferPointer { theirs in
                for index in 0..<min(count, other.count) where index != skipping {
                    let a = ranges[index], b = other.ranges[index]
                    if a.count != b.count { return index }
                    if a.count > 0 && memcmp(mine.baseAddress! + a.lowerBound, theirs.baseAddress! + b.lowerBound, a.count) != 0 {
                        return index
                    }
                }
                return nil
            }
        }
    }
}

/// Long chats, killed writers and concurrent writers.
final class ChatStoreDurabilityTests: DataFolderTestCase {
    func testChangingOneMessageOfA100000MessageChatLeavesEveryOtherLineByteIdentical() throws {
        try Data(SyntheticChat.file(messages: 100_000)).write(to: URL(fileURLWithPath: chatPath))
        let before = try FileLines(chatPath)
        let folder = try DataFolder(path: folderPath)
        let chat = try folder.openChat(chatPath)
        XCTAssertEqual(chat.messageCount, 100_000)
        chat.updateMessage(at: 50_000) { $0.reasoning = "changed" }
        try folder.commit(release: true)
        let after = try FileLines(chatPath)
        XCTAssertEqual(after.count, before.count)
        XCTAssertEqual(after.firstDifference(from: before, skipping: 50_001), nil)
        XCTAssertTrue(after.text(50_001).contains(#""reasoning":"changed""#))
    }

    func testChatFromTheSharedGeneratorRoundTripsThroughAChange() throws {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        // ../shared beside the checkout (or beside the worktrees' folder).
        let script = ["../shared/bench/gen_chats.py", "../../shared/bench/gen_chats.py"]
            .map { package.appendingPathComponent($0).standardized.path }
            .first { FileManager.default.fileExists(atPath: $0) } ?? ""
        guard !script.isEmpty else {
            throw XCTSkip("../shared/bench/gen_chats.py is not available")
        }
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = ["python3", script, chatPath, "20000"]
        try generator.run()
        generator.waitUntilExit()
        guard generator.terminationStatus == 0 else { throw XCTSkip("python3 could not run gen_chats.py") }
        let before = try FileLines(chatPath)
        let folder = try DataFolder(path: folderPath)
        let chat = try folder.openChat(chatPath)
        XCTAssertEqual(chat.messageCount, 20_000)
        chat.updateMessage(at: 7) { $0.text = "changed" }
        chat.appendMessage(ChatMessage(["name": "User", "mes": "appended"]))
        try folder.commit(release: true)
        let after = try FileLines(chatPath)
        XCTAssertEqual(after.count, before.count + 1)
        XCTAssertEqual(after.firstDifference(from: before, skipping: 8), nil)
    }

    // MARK: Child processes

    var writerPath: String? {
        let directory = Bundle.main.bundleURL.deletingLastPathComponent()
        for candidate in [Bundle.main.bundleURL, directory] {
            let path = candidate.appendingPathComponent("chatstore-writer").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    func startWriter(tag: String, count: Int, churn: Bool) throws -> (Process, Pipe) {
        guard let writerPath else { throw XCTSkip("the chatstore-writer helper was not built") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: writerPath)
        // Without fsync: a killed process loses nothing the kernel already has, and the tests stay fast.
        process.arguments = [folderPath, "Alice/test.jsonl", tag, String(count), "--no-sync"] + (churn ? ["--churn"] : [])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        return (process, output)
    }

    /// Every message's text is `w <its index>`: nothing torn, lost or duplicated.
    func assertIntact(_ chat: ChatFile, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(chat.malformedLines, [], "torn lines", file: file, line: line)
        for index in 0..<chat.messageCount where !chat.message(at: index).text.hasSuffix(" \(index)") {
            XCTFail("message \(index) is \(chat.message(at: index).text)", file: file, line: line)
            return
        }
    }

    func testAWriterKilledAtRandomPointsNeverTearsTheChatOrLosesACommittedMessage() throws {
        var generator = SystemRandomNumberGenerator()
        var committed = -1
        for round in 0..<200 {
            let (process, output) = try startWriter(tag: "w", count: 1000, churn: true)
            let reader = output.fileHandleForReading
            var seen = ""
            let wanted = Int.random(in: 0...3, using: &generator)
            while seen.filter({ $0 == "\n" }).count < wanted {
                let data = reader.availableData
                if data.isEmpty { break }
                seen += String(decoding: data, as: UTF8.self)
            }
            usleep(UInt32.random(in: 0...3000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            seen += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
            for reported in seen.split(separator: "\n") {
                if let n = Int(reported.dropFirst("committed ".count)) { committed = max(committed, n) }
            }
            let folder = try DataFolder(path: folderPath)
            let chat = try folder.openChat(chatPath)
            // A writer may die after its commit but before reporting it: at most one more message.
            XCTAssertGreaterThanOrEqual(chat.messageCount, committed + 1, "round \(round)")
            XCTAssertLessThanOrEqual(chat.messageCount, committed + 2, "round \(round)")
            assertIntact(chat)
            committed = chat.messageCount - 1
            folder.close()
        }
    }

    func testTwoWritersAppending500MessagesEachEndWith1000() throws {
        let (first, _) = try startWriter(tag: "a", count: 500, churn: false)
        let (second, _) = try startWriter(tag: "b", count: 500, churn: false)
        first.waitUntilExit()
        second.waitUntilExit()
        XCTAssertEqual(first.terminationStatus, 0)
        XCTAssertEqual(second.terminationStatus, 0)
        let folder = try DataFolder(path: folderPath)
        let chat = try folder.openChat(chatPath)
        XCTAssertEqual(chat.messageCount, 1000)
        assertIntact(chat)
        XCTAssertEqual(chat.messages.filter { $0.name == "a" }.count, 500)
    }
}
