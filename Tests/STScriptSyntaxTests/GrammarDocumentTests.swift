import Foundation
import XCTest
@testable import STScriptRuntime
@testable import STScriptSyntax

/// Every `stscript` example in grammar.md parses (the document describes the parser as it is).
final class GrammarDocumentTests: XCTestCase {
    func testEveryGrammarExampleParses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("grammar.md"), encoding: .utf8)
        var examples: [String] = []
        var current: [String]?
        for line in text.components(separatedBy: "\n") {
            if current == nil, line == "```stscript" {
                current = []
            } else if current != nil, line == "```" {
                examples.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        XCTAssertGreaterThan(examples.count, 15)
        for example in examples {
            XCTAssertNoThrow(try Parser.parse(example, commands: CommandRegistry.standard.table), example)
        }
    }

    func testExampleScriptParses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("examples/hello.st"), encoding: .utf8)
        XCTAssertNoThrow(try Parser.parse(text, commands: CommandRegistry.standard.table))
    }
}
