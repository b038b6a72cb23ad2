// The 20 000-iteration /addvar loops as `stscript run --store` runs them: chat and global variables live in a real
// data folder (settings.json and a 1 000-message chat), so every variable read and write goes through ChatSession.
// The run and the commit (one header rewrite, no fsync) are timed separately.
import ChatStore
import Foundation
import STScriptRuntime

enum StoreLoopBench {
    static var all: [(name: String, run: () -> Void)] { [
        ("times-addvar-store", { measure("times-addvar-store: /times guard=off 20000 {: /addvar key=x 1 :} on a store",
                                         script: "/times guard=off 20000 {: /addvar key=x 1 :} | /getvar x", expect: "20000") }),
        ("while-addvar-store", { measure("while-addvar-store: /while … 20000 {: /addvar key=x 1 :} on a store",
                                         script: "/setvar key=x 0 | /while left=x rule=lt right=20000 guard=off {: /addvar key=x 1 :} | /getvar x",
                                         expect: "20000") }),
        ("times-addglobalvar-store", { measure("times-addglobalvar-store: /times guard=off 20000 {: /addglobalvar key=g 1 :} on a store",
                                               script: "/times guard=off 20000 {: /addglobalvar key=g 1 :} | /getglobalvar g", expect: "20000") }),
    ] }

    static func measure(_ label: String, script: String, expect: String, runs: Int = 7) {
        var runTimes: [Double] = []
        var commitTimes: [Double] = []
        for _ in 0..<runs {
            let root = StoreBench.folder(messages: 1_000)
            defer { try? FileManager.default.removeItem(atPath: root) }
            // Other variables around the one the loop changes, as a real chat has.
            let settings = #"{"username":"Bob","extension_settings":{"variables":{"global":{"a":"1","b":2.50,"c":[1,2]}}}}"#
            _ = FileManager.default.createFile(atPath: root + "/settings.json", contents: Data(settings.utf8))
            guard let session = try? ChatSession.open(storePath: root, chatPath: "Alice/long.jsonl") else {
                print("\(label): cannot open the store")
                return
            }
            session.folder?.syncsToDisk = false
            for i in 0..<20 { session.setValue(.text("value \(i)"), for: "v\(i)", in: .chat) }
            try? session.commit()
            let interpreter = Interpreter(variables: session)
            session.configure(interpreter)
            let start = DispatchTime.now().uptimeNanoseconds
            let result = interpreter.run(script)
            let ran = DispatchTime.now().uptimeNanoseconds
            try? session.commit(release: true)
            let committed = DispatchTime.now().uptimeNanoseconds
            runTimes.append(Double(ran - start) / 1e6)
            commitTimes.append(Double(committed - ran) / 1e6)
            if result.pipe?.string != expect {
                print("\(label): unexpected result \(result.pipe?.string ?? "nil") \(result.error?.message ?? "")")
                return
            }
        }
        print(String(format: "%@: run median %.2f ms (min %.2f ms), commit median %.2f ms, %d runs", label,
                     StoreBench.median(runTimes), runTimes.min() ?? .nan, StoreBench.median(commitTimes), runs))
    }
}
