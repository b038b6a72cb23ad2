// A child process for the store's crash and concurrency tests: appends messages to a chat, one locked transaction
// each, and reports every commit on standard output. The tests kill it with SIGKILL or run two at once.
//
// usage: chatstore-writer FOLDER CHAT TAG COUNT [--churn] [--no-sync]
//   --churn  also rewrites the last message, the header and the first message now and then, so every write path
//            (append, in-place tail rewrite, whole-file replace) is exercised.
//   --no-sync  commit without fsync (a killed process is safe either way).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ChatStore
import JSCompat

/// Writes straight to a file descriptor (the C stdio streams are shared mutable state to Swift 6).
func say(_ text: String, to fd: Int32) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
}

let arguments = CommandLine.arguments
guard arguments.count >= 5, let count = Int(arguments[4]) else {
    say("usage: chatstore-writer FOLDER CHAT TAG COUNT [--churn]\n", to: 2)
    exit(2)
}
let churn = arguments.contains("--churn")
let syncs = !arguments.contains("--no-sync")
let tag = arguments[3]
for _ in 0..<count {
    do {
        let folder = try DataFolder(path: arguments[1])
        folder.syncsToDisk = syncs
        let chat = try folder.openChat(arguments[2])
        let n = chat.messageCount
        chat.appendMessage(ChatMessage(["name": .string(tag), "is_user": false, "mes": .string("\(tag) \(n)")]))
        if churn && n % 5 == 4 {
            chat.updateMessage(at: n - 1) { $0.reasoning = String(repeating: "r", count: n % 300) }
        }
        if churn && n % 7 == 6 {
            chat.variables = ["n": .number(n)]
        }
        if churn && n % 11 == 10 {
            chat.updateMessage(at: 0) { $0["touched"] = .number(n) }
        }
        try folder.commit(release: true)
        say("committed \(n)\n", to: 1)
    } catch {
        say("chatstore-writer: \(error)\n", to: 2)
        exit(1)
    }
}
