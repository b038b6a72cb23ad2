import Foundation
import JSCompat
import XCTest

@testable import ChatStore

final class ChatFileTests: DataFolderTestCase {
    func testReadsHeaderVariablesAndMessages() throws {
        try writeFile(chatPath, [Self.header, Self.user, Self.alice].joined(separator: "\n"))
        let folder = try DataFolder(path: folderPath)
        let chat = try folder.openChat("Alice/test.jsonl")
        XCTAssertEqual(chat.variables["mood"], "happy")
        XCTAssertEqual(chat.messageCount, 2)
        XCTAssertEqual(chat.message(at: 1).name, "Alice")
        XCTAssertEqual(chat.message(at: 1).reasoning, "r")
        XCTAssertEqual(chat.characterName, "Alice")
    }

    func testChangingOneMessageLeavesOtherLinesByteIdentical() throws {
        try writeFile(chatPath, [Self.header, Self.alice, Self.user, Self.alice].joined(separator: "\n"))
        let folder = try DataFolder(path: folderPath)
        let chat = try folder.openChat(chatPath)
        chat.updateMessage(at: 1) { $0.isHidden = true }
        try folder.commit()
        let lines = try readFile(chatPath).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.count, 4)
        XCTAssertEqual(lines[0], Self.header)
        XCTAssertEqual(lines[1], Self.alice)
        XCTAssertEqual(lines[2], Self.user.replacingOccurrences(of: #""is_system":false"#, with: #""is_system":true"#))
        XCTAssertEqual(lines[3], Self.alice)
    }

    func testChangedMessageKeepsKeyOrderUnknownFieldsAndNumberSpelling() throws {
        try writeFile(chatPath, [Self.header, Self.alice].joined(separator: "\n"))
        let folder = try DataFolder(path: folderPath)
        let chat = try folder.openChat(chatPath)
        chat.updateMessage(at: 0) { $0.text = "Changed" }
        try folder.commit()
        let lines = try readFile(chatPath).split(separator: "\n").map(String.init)
        XCTAssertEqual(
            lines[1],
            #"{"name":"Alice","is_user":false,"send_date":"January 30, 2025 12:34pm","mes":"Changed","extra":{"reasoning":"r","reasoning_duration":1.50}}"#)
    }

    func testAppendingAddsALineWithoutRewritingTheFile() throws {
        try writeFile(chatPath, [Self.header, Self.user].joined(separator: "\n"))
        let inodeBefore = try FileManager.default.attributesOfItem(atPath: chatPath)[.systemFileNumber] as? Int
        let folder = try DataFolder(path: folderPath)
        let chat = try folder.openChat(chatPath)
        chat.appendMessage(ChatMessage(["name": "Bob", "mes": "new"]))
        try folder.commit()
        let inodeAfter = try FileManager.default.attributesOfItem(atPath: chatPath)[.systemFileNumber] as? Int
        XCTAssertEqual(inodeBefore, inodeAfter)
        XCTAssertEqual(try readFile(chatPath), [Self.header, Self.user, #"{"name":"Bob","mes":"new"}"#].joined(separator: "\n"))
    }

    func testMalformedLinesSurviveARewrite() throws {
        let junk = "{not json"
        try writeFile(chatPath, [Self.header, Self.user, junk, "", Self.alice].joined(separator: "\n"))
        let folder = try DataFolder(path: folderPath)
        var warnings: [String] = []
        folder.warn = { warnings.append($0) }
        let chat = try folder.openChat(chatPath)
        XCTAssertEqual(chat.malformedLines, [3])
        XCTAssertEqual(warnings.count, 1)
        XCTAssertEqual(chat.messageCount, 2)
        chat.variables = ["x": "1"]  // header change: the whole file is rewritten
        chat.removeMessages(in: 0..<1)
        try folder.commit()
        let lines = try readFile(chatPath).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.count, 4)
        XCTAssertEqual(lines[1], junk)
        XCTAssertEqual(lines[2], "")
        XCTAssertEqual(lines[3], Self.alice)
    }

    func testRemovingTheLastMessageLeavesNoTrailingNewline() throws {
        try writeFile(chatPath, [Self.header, Self.user, Self.alice].joined(separator: "\n"))
        let folder = try DataFolder(path: folderPath)
        let chat = try folder.openChat(chatPath)
        chat.removeMessages(in: 1..<2)
        try folder.commit()
        XCTAssertEqual(try readFile(chatPath), [Self.header, Self.user].joined(separator: "\n"))
    }

    func testLegacyHeaderGivesTheCharacterName() throws {
        let legacy = #"{"user_name":"User","character_name":"Seraphina","create_date":"2025-01-30@12h34m56s","chat_metadata":{}}"#
        try writeFile(chatPath, legacy)
        let folder = try DataFolder(path: folderPath)
        XCTAssertEqual(try folder.openChat(chatPath).characterName, "Seraphina")
    }

    func testMissingChatIsCreatedOnFirstChange() throws {
        let folder = try DataFolder(path: folderPath)
        let chat = try folder.openChat("Alice/new")
        XCTAssertEqual(chat.messageCount, 0)
        chat.appendMessage(ChatMessage(["name": "User", "mes": "hi"]))
        try folder.commit()
        XCTAssertEqual(
            try readFile(folderPath + "/chats/Alice/new.jsonl"),
            #"{"chat_metadata":{},"user_name":"unused","character_name":"unused"}"# + "\n" + #"{"name":"User","mes":"hi"}"#)
    }

    func testChatNamesCannotEscapeTheFolder() throws {
        let folder = try DataFolder(path: folderPath)
        XCTAssertThrowsError(try folder.openChat("../../etc/passwd"))
        XCTAssertThrowsError(try folder.openChat("/etc/passwd"))
        XCTAssertThrowsError(try folder.openChat("Alice/a\0b"))
        XCTAssertThrowsError(try folder.openChat(""))
    }

    func testSettingsChangesKeepOtherKeys() throws {
        try writeFile(folderPath + "/settings.json", #"{"username":"Ann","other":{"k":1.0},"power_user":{"reasoning":{"name":"DeepSeek","prefix":"<think>\n"}}}"#)
        let folder = try DataFolder(path: folderPath)
        XCTAssertEqual(folder.settings.userName, "Ann")
        XCTAssertEqual(folder.settings.reasoning.prefix, "<think>\n")
        XCTAssertEqual(folder.settings.reasoning.suffix, "</think>")
        folder.settings.globalVariables = ["g": "1"]
        try folder.commit(release: true)
        let text = try readFile(folderPath + "/settings.json")
        XCTAssertTrue(text.hasPrefix("{\n    \"username\": \"Ann\",\n    \"other\": {\n        \"k\": 1.0\n    },"))
        let reread = try DataFolder(path: folderPath)
        XCTAssertEqual(reread.settings.globalVariables["g"], "1")
    }

    func testOpeningAFolderTwiceInOneProcessIsAnErrorNotADeadlock() throws {
        let folder = try DataFolder(path: folderPath)
        XCTAssertThrowsError(try DataFolder(path: folderPath))
        folder.close()
        XCTAssertNoThrow(try DataFolder(path: folderPath))
    }

    func testUnchangedStoreWritesNothing() throws {
        try writeFile(chatPath, [Self.header, Self.user].joined(separator: "\n"))
        let before = try FileManager.default.attributesOfItem(atPath: chatPath)[.modificationDate] as? Date
        let folder = try DataFolder(path: folderPath)
        let chat = try folder.openChat(chatPath)
        chat.updateMessage(at: 0) { $0.text = "Hi" }
        try folder.commit()
        XCTAssertFalse(FileManager.default.fileExists(atPath: folderPath + "/settings.json"))
        XCTAssertEqual(before, try FileManager.default.attributesOfItem(atPath: chatPath)[.modificationDate] as? Date)
    }
}

final class TailJournalTests: DataFolderTestCase {
    func testAnUnfinishedTailRewriteIsUndone() throws {
        try writeFile(chatPath, "line1\nline2")
        let journal = TailJournal(folder: folderPath)
        try journal.rewriteTail(of: chatPath, from: 6, oldTail: Array("line2".utf8)[...], newTail: Array("new-tail".utf8))
        // Simulate a writer killed half-way: a record for a longer tail than the one that made it to disk.
        try journal.rewriteTail(of: chatPath, from: 6, oldTail: Array("new-tail".utf8)[...], newTail: Array("xx".utf8))
        let record = try Data(contentsOf: URL(fileURLWithPath: folderPath + "/.stscript-journal"))
        XCTAssertTrue(record.isEmpty)
        var torn = Array("stscript-journal 2\n".utf8)
        torn += Array("\(chatPath)\n\(FileIdentity.of(path: chatPath)!.inode)\n6\n2\n9\n\(TailJournal.checksum(Array("new-tail!".utf8)[...]))\nxx\nend\n".utf8)
        try Data(torn).write(to: URL(fileURLWithPath: folderPath + "/.stscript-journal"))
        try writeFile(chatPath, "line1\nnew-t")  // the torn write
        try journal.recover()
        XCTAssertEqual(try readFile(chatPath), "line1\nxx")
    }

    func testAFinishedTailRewriteIsKept() throws {
        try writeFile(chatPath, "line1\nline2")
        let journal = TailJournal(folder: folderPath)
        var record = Array("stscript-journal 2\n".utf8)
        record += Array("\(chatPath)\n\(FileIdentity.of(path: chatPath)!.inode)\n6\n3\n5\n\(TailJournal.checksum(Array("line2".utf8)[...]))\nold\nend\n".utf8)
        try Data(record).write(to: URL(fileURLWithPath: folderPath + "/.stscript-journal"))
        try journal.recover()
        XCTAssertEqual(try readFile(chatPath), "line1\nline2")
    }
}

final class SendDateTests: XCTestCase {
    func testEveryStoredStyleIsRead() {
        XCTAssertEqual(SendDate.parse(.string("2026-05-20T14:03:07.123Z"))!.timeIntervalSince1970, 1_779_285_787.123,
                       accuracy: 0.0005)
        XCTAssertEqual(SendDate.parse(.number(1_735_689_600_000))?.timeIntervalSince1970, 1_735_689_600)
        XCTAssertEqual(SendDate.parse(.string("2026-05-20T16:03:07.123+02:00"))!.timeIntervalSince1970, 1_779_285_787.123,
                       accuracy: 0.0005)
        XCTAssertNotNil(SendDate.parse(.string("January 30, 2025 12:34pm")))
        XCTAssertNotNil(SendDate.parse(.string("2024-7-12@01h31m37s")))
        XCTAssertNil(SendDate.parse(.string("yesterday")))
    }

    func testNewDatesAreISOWithMilliseconds() {
        XCTAssertEqual(SendDate.now(Date(timeIntervalSince1970: 1_779_285_787.123)), "2026-05-20T14:03:07.123Z")
    }
}

final class ChatFileEdgeTests: DataFolderTestCase {
    func testAnEmptyFileGetsAHeaderAndNoStrayNewline() throws {
        try writeFile(chatPath, "")
        let folder = try DataFolder(path: folderPath)
        let chat = try folder.openChat(chatPath)
        XCTAssertEqual(chat.messageCount, 0)
        chat.appendMessage(ChatMessage(["mes": "x"]))
        try folder.commit()
        XCTAssertEqual(try readFile(chatPath), #"{"chat_metadata":{},"user_name":"unused","character_name":"unused"}"# + "\n" + #"{"mes":"x"}"#)
    }

    func testATrailingNewlineIsKeptAndAppendsFollowIt() throws {
        try writeFile(chatPath, [Self.header, Self.user].joined(separator: "\n") + "\n")
        let folder = try DataFolder(path: folderPath)
        let chat = try folder.openChat(chatPath)
        XCTAssertEqual(chat.messageCount, 1)
        chat.appendMessage(ChatMessage(["mes": "x"]))
        try folder.commit()
        XCTAssertEqual(try readFile(chatPath), [Self.header, Self.user, #"{"mes":"x"}"#].joined(separator: "\n") + "\n")
    }
}

final class InMemoryChatFileTests: XCTestCase {
    private let lines = [
        #"{"chat_metadata":{"variables":{}},"user_name":"unused","character_name":"unused"}"#,
        #"{ "name" : "A", "mes" : "one", "n": 1.50e+3 }"#,
        "not json",
        #"{"name":"B","mes":"two"}"#,
    ]

    func testBytesComeBackUnchangedWhenNothingChanged() {
        let bytes = Array(lines.joined(separator: "\n").utf8)
        let chat = ChatFile(inMemoryFrom: bytes, characterName: nil)
        XCTAssertEqual(chat.messageCount, 2)
        XCTAssertEqual(chat.malformedLines, [3])
        XCTAssertEqual(chat.jsonl, bytes)
    }

    func testAChangedMessageIsTheOnlyLineRewritten() {
        let chat = ChatFile(inMemoryFrom: Array((lines.joined(separator: "\n") + "\n").utf8), characterName: nil)
        chat.updateMessage(at: 1) { $0.text = "TWO" }
        XCTAssertTrue(chat.hasChanges)
        let expected = [lines[0], lines[1], lines[2], #"{"name":"B","mes":"TWO"}"#].joined(separator: "\n") + "\n"
        XCTAssertEqual(String(decoding: chat.jsonl, as: UTF8.self), expected)
    }
}
