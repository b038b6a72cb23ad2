// JavaScript-semantics hot paths: number printing and parsing (every math result and variable read),
// and regex replacement over a long message (regex scripts run on every message of a prompt).

import Foundation
import JSCompat

@MainActor let jsCompatBenchmarks: [(name: String, run: () -> Void)] = [
    ("js-number", benchmarkNumbers),
    ("js-regex", benchmarkRegex),
]

private func report(_ name: String, operations: Int, _ body: () -> Int) {
    let start = DispatchTime.now().uptimeNanoseconds
    let checksum = body()
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
    print("\(name): \(String(format: "%.1f", elapsed / Double(operations))) ns/op over \(operations) ops (checksum \(checksum))")
}

private func benchmarkNumbers() {
    let values = (0..<100_000).map { Double($0) * 1.000_123 + 0.1 }
    report("js-number format", operations: values.count) {
        values.reduce(0) { $0 &+ JSNumber.format($1).utf8.count }
    }
    let texts = values.map(JSNumber.format)
    report("js-number parse", operations: texts.count) {
        texts.reduce(0) { $0 &+ Int(JSNumber.parse($1).isNaN ? 0 : 1) }
    }
}

private func benchmarkRegex() {
    let message = String(repeating: "She said *hello* to {{user}} and smiled. ", count: 2_000)
    guard let emphasis = try? JSRegex(pattern: "\\*(.+?)\\*", flags: "g"),
          let sentences = try? JSRegex(pattern: "[.!?]\\s+", flags: "g") else { return }
    report("js-regex replace groups", operations: 100) {
        (0..<100).reduce(0) { total, _ in total &+ ((try? emphasis.replace(in: message, with: "<em>$1</em>"))?.utf16.count ?? 0) }
    }
    report("js-regex all matches", operations: 100) {
        (0..<100).reduce(0) { total, _ in total &+ ((try? sentences.allMatches(in: message))?.count ?? 0) }
    }
}
