import Foundation
import XCTest

@testable import ChatStore

/// A fresh temporary data folder per test, removed afterwards.
class DataFolderTestCase: XCTestCase {
    var folderPath = ""

    override func setUpWithError() throws {
        folderPath = NSTemporaryDirectory() + "stscript-store-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folderPath + "/chats/Alice", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folderPath)
    }

    var chatPath: String { folderPath + "/chats/Alice/test.jsonl" }

    func writeFile(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func readFile(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    }

    static let header = #"{"chat_metadata":{"variables":{"mood":"happy","turns":3}},"user_name":"unused","character_name":"unused"}"#
    static let user = #"{"name":"User","is_user":true,"is_system":false,"send_date":"2025-01-01T00:00:00.000Z","mes":"Hi","extra":{}}"#
    static let alice = #"{"name": "Alice", "is_user": false, "send_date": "January 30, 2025 12:34pm", "mes": "Hello", "extra": {"reasoning": "r", "reasoning_duration": 1.50}}"#
}
