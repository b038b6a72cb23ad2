import Foundation
import XCTest

/// Several `stscript run` processes on one chat at once: the store's lock keeps every change.
final class StoreConcurrencyCLITests: XCTestCase {
    func testConcurrentRunsSendingMessagesAndSettingVariablesLoseNothing() throws {
        let store = try Stscript.makeStore(for: self)
        let chat = store.appendingPathComponent("chats/Alice/chat.jsonl").path
        let runs = 12
        let group = DispatchGroup()
        let failures = FailureList()
        for run in 0..<runs {
            group.enter()
            Thread {
                let script = "/send from run \(run) | /sendas name=Bob reply \(run) | /incglobalvar count | /incvar count"
                if let outcome = try? Stscript.run(["-c", script, "--store", store.path, "--chat", chat]),
                    outcome.status != 0 || outcome.crashed
                {
                    failures.add("run \(run): \(outcome.stderr)")
                }
                group.leave()
            }.start()
        }
        group.wait()
        XCTAssertEqual(failures.items, [])
        let lines = try String(contentsOfFile: chat, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 1 + 2 + 2 * runs)
        let header = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        let variables = (header?["chat_metadata"] as? [String: Any])?["variables"] as? [String: Any]
        XCTAssertEqual(variables?["count"] as? Int, runs)
        let settings = try JSONSerialization.jsonObject(
            with: Data(contentsOf: store.appendingPathComponent("settings.json"))) as? [String: Any]
        let globals = ((settings?["extension_settings"] as? [String: Any])?["variables"] as? [String: Any])?["global"]
        XCTAssertEqual((globals as? [String: Any])?["count"] as? Int, runs)
        for run in 0..<runs {
            // Each run's two messages are next to each other: runs never interleave.
            let index = lines.firstIndex { $0.contains("\"from run \(run)\"") }
            XCTAssertNotNil(index)
            if let index { XCTAssertTrue(lines[index + 1].contains("\"reply \(run)\"")) }
        }
    }
}

/// Failures collected from several threads.
final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ failure: String) { lock.withLock { list.append(failure) } }
    var items: [String] { lock.withLock { list } }
}
