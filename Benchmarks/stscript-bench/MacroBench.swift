// Macro engine hot paths: splitting a prompt-sized template (done once per text) and expanding it (done on
// every command run, loop iteration and prompt build).

import Foundation
import MacroEngine

@MainActor let macroBenchmarks: [(name: String, run: () -> Void)] = [
    ("macro-parse", benchmarkMacroParse),
    ("macro-expand", benchmarkMacroExpand),
]

/// Names, a chat variable and nothing else: the cost measured is the engine's own.
private final class BenchEnvironment: MacroEnvironment {
    var characterName = "Alice"
    var counter: VariableValue? = .number(0)
    func variable(_ name: String, in scope: VariableScope) -> VariableValue? { counter }
    func setVariable(_ name: String, to value: VariableValue?, in scope: VariableScope) { counter = value }
}

private let paragraph = "{{char}} looks at {{user}}.{{newline}}{{if {{getvar::n}}}}Seen {{getvar::n}} times.{{else}}New.{{/if}} "
    + "{{reverse::{{char}}}} plain text without macros, then more text. {{.n++}}{{// a note}}{{trim}}\n"

private func measure(_ name: String, operations: Int, _ body: () -> Int) {
    let start = DispatchTime.now().uptimeNanoseconds
    let checksum = body()
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
    print("\(name): \(String(format: "%.1f", elapsed / Double(operations) / 1000)) µs/op over \(operations) ops (checksum \(checksum))")
}

private func benchmarkMacroParse() {
    let text = String(repeating: paragraph, count: 50)
    measure("macro-parse 50 paragraphs", operations: 200) {
        (0..<200).reduce(0) { total, _ in total &+ (MacroTemplate(text).mayChange ? 1 : 0) }
    }
}

private func benchmarkMacroExpand() {
    let environment = BenchEnvironment()
    let short = MacroTemplate("{{getvar::n}}-{{user}}")
    measure("macro-expand short argument", operations: 100_000) {
        (0..<100_000).reduce(0) { total, _ in total &+ MacroEngine.expand(short, in: environment).utf8.count }
    }
    let long = MacroTemplate(String(repeating: paragraph, count: 50))
    measure("macro-expand 50 paragraphs", operations: 500) {
        (0..<500).reduce(0) { total, _ in total &+ MacroEngine.expand(long, in: environment).utf8.count }
    }
}
