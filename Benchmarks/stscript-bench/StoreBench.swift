// The store on a long chat: opening a 100 000-message chat, appending one message (should not depend on the
// chat's length: one appended line, no rewrite), and /reasoning-set on the last message (an in-place rewrite of
// the last line). Each is timed with and without fsync: the disk's sync time is not the store's.
import ChatStore
import Foundation
import JSCompat
import STScriptRuntime

enum StoreBench {
    static var all: [(name: String, run: () -> Void)] { [
        ("store-open", openLongChat),
        ("store-append", appendOne),
        ("store-reasoning-set", reasoningSetOnLast),
    ] }

    /// A fresh data folder holding one chat of `messages` messages; removed by the caller.
    static func folder(messages: Int) -> String {
        let root = NSTemporaryDirectory() + "stscript-bench-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: root + "/chats/Alice", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: root + "/chats/Alice/long.jsonl",
                                       contents: Data(SyntheticChat.file(messages: messages)))
        return root
    }

    static func milliseconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    static func openLongChat() {
        let root = folder(messages: 100_000)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let size = (try? FileManager.default.attributesOfItem(atPath: root + "/chats/Alice/long.jsonl")[.size] as? Int) ?? 0
        var times: [Double] = []
        for _ in 0..<5 {
            times.append((try? milliseconds {
                let store = try DataFolder(path: root)
                let chat = try store.openChat("Alice/long.jsonl")
                precondition(chat.messageCount == 100_000)
                _ = chat.message(at: 99_999).reasoning
                store.close()
            }) ?? .nan)
        }
        print(String(format: "store-open: 100 000 messages (%.0f MB): median %.1f ms (min %.1f ms, 5 runs)",
                     Double(size) / 1e6, median(times), times.min() ?? .nan))
    }

    static func appendOne() {
        for messages in [1_000, 100_000] {
            let root = folder(messages: messages)
            defer { try? FileManager.default.removeItem(atPath: root) }
            guard let store = try? DataFolder(path: root), let chat = try? store.openChat("Alice/long.jsonl") else { return }
            for syncs in [false, true] {
                store.syncsToDisk = syncs
                var times: [Double] = []
                for i in 0..<50 {
                    times.append((try? milliseconds {
                        chat.appendMessage(ChatMessage(["name": "User", "is_user": true, "mes": .string("message \(i)")]))
                        try store.commit()
                    }) ?? .nan)
                }
                print(String(format: "store-append: one message to a %d-message chat, %@: median %.3f ms (max %.3f ms, 50 runs)",
                             messages, syncs ? "with fsync" : "no fsync", median(times), times.max() ?? .nan))
            }
            store.close()
        }
    }

    static func reasoningSetOnLast() {
        let root = folder(messages: 100_000)
        defer { try? FileManager.default.removeItem(atPath: root) }
        guard let session = try? ChatSession.open(storePath: root, chatPath: "Alice/long.jsonl") else { return }
        for syncs in [false, true] {
            session.folder?.syncsToDisk = syncs
            var times: [Double] = []
            for i in 0..<30 {
                let interpreter = Interpreter()
                session.configure(interpreter)
                times.append((try? milliseconds {
                    let result = interpreter.run("/reasoning-set thought number \(i)")
                    precondition(result.error == nil)
                    try session.commit()
                }) ?? .nan)
            }
            print(String(format: "store-reasoning-set: /reasoning-set on the last of 100 000 messages + commit, %@: median %.3f ms (max %.3f ms, 30 runs)",
                         syncs ? "with fsync" : "no fsync", median(times), times.max() ?? .nan))
        }
        try? session.commit(release: true)
    }
}
