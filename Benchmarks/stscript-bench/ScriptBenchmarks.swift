import Foundation
import STScriptRuntime
import STScriptSyntax

/// Evaluator hot paths: 20 000-iteration loops (SillyTavern takes about 0.8 s for each) and parsing a large script.
enum ScriptBenchmarks {
    static var all: [(name: String, run: () -> Void)] { [
        ("times-addvar", { measure("times-addvar: /times guard=off 20000 {: /addvar key=x 1 :}",
                                   script: "/times guard=off 20000 {: /addvar key=x 1 :} | /getvar x", expect: "20000") }),
        ("while-addvar", { measure("while-addvar: /while … 20000 {: /addvar key=x 1 :}",
                                   script: "/setvar key=x 0 | /while left=x rule=lt right=20000 guard=off {: /addvar key=x 1 :} | /getvar x",
                                   expect: "20000") }),
        ("times-scoped", { measure("times-scoped: /times guard=off 20000 with /let, /var and {{var::}}",
                                   script: "/let n 0 | /times guard=off 20000 {: /var n {{timesIndex}} :} | /var n",
                                   expect: "19999") }),
        ("parse-large", { parseLarge() }),
    ] }

    static func measure(_ label: String, script: String, expect: String, runs: Int = 7) {
        var times: [Double] = []
        var cpuTimes: [Double] = []
        for _ in 0..<runs {
            let interpreter = Interpreter()
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = cpuMilliseconds()
            let result = interpreter.run(script)
            cpuTimes.append(cpuMilliseconds() - cpuStart)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            times.append(ms)
            if result.pipe?.string != expect {
                print("\(label): unexpected result \(result.pipe?.string ?? "nil") \(result.error?.message ?? "")")
                return
            }
        }
        times.sort()
        cpuTimes.sort()
        print(String(format: "%@: median %.2f ms wall, %.2f ms CPU (min %.2f ms wall, %d runs)", label,
                     times[runs / 2], cpuTimes[runs / 2], times[0], runs))
    }

    /// CPU time of the process (less disturbed than wall time when the machine is busy).
    static func cpuMilliseconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) / 1e6
    }

    /// A 5 MB script of 100 000 commands with arguments, quotes, closures and macros: parse time only.
    static func parseLarge() {
        let line = "/setvar key=a \"quoted {{user}}\" | /if left=1 right=2 rule=lt {: /echo x :} | /pass [1,2] |\n"
        let text = String(repeating: line, count: 60_000)
        let table = CommandRegistry.standard.table
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            let root = try Parser.parse(text, commands: table)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            print(String(format: "parse-large: %.1f MB, %d commands in %.1f ms", Double(text.utf8.count) / 1e6,
                         root.executors.count, ms))
        } catch {
            print("parse-large: \(error)")
        }
    }
}
