import Foundation
import XCTest
@testable import MacroEngine

/// Generated macro texts (nested, malformed, blocks, shorthands, variables, chat macros, dates) with the output and
/// variables SillyTavern's own engine produced for them, recorded under node with the same fixed clock and names.
final class RecordedExpansionTests: XCTestCase {
    struct Vector {
        let line: Int
        let object: [String: Any]
    }

    func loadVectors() throws -> [Vector] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Resources/recorded-expansions", withExtension: "jsonl"))
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").enumerated().map { index, line in
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return Vector(line: index + 1, object: object)
        }
    }

    func testExpansionsMatchSillyTavern() throws {
        let vectors = try loadVectors()
        XCTAssertGreaterThan(vectors.count, 400)
        var failures: [String] = []
        for vector in vectors {
            let case_ = vector.object
            let environment = TestEnvironment()
            for (name, value) in case_["vars"] as? [String: Any] ?? [:] { environment.chatVariables[name] = Self.variable(value) }
            for (name, value) in case_["gvars"] as? [String: Any] ?? [:] { environment.globalVariables[name] = Self.variable(value) }
            if let pipe = case_["pipe"] as? String { environment.scoped["pipe"] = .value(pipe) }
            if let chatID = case_["chatId"] as? String { environment.chatIDHash = MacroEngine.stringHash(chatID) }
            for message in case_["chat"] as? [[String: Any]] ?? [] {
                environment.messages.append(MacroChatMessage(
                    text: message["mes"] as? String ?? "", isUser: message["is_user"] as? Bool ?? false,
                    isSystem: message["is_system"] as? Bool ?? false, swipeCount: (message["swipes"] as? [Any])?.count,
                    swipeID: message["swipe_id"] as? Int))
            }
            let expect = case_["expect"] as? [String: Any] ?? [:]
            let output = environment.expand(case_["text"] as? String ?? "")
            let sameVariables = Self.same(environment.chatVariables, expect["vars"])
                && Self.same(environment.globalVariables, expect["gvars"])
            if output != expect["out"] as? String || !sameVariables {
                failures.append("line \(vector.line): \(case_["text"] ?? "") → \(output.debugDescription)")
            }
        }
        XCTAssert(failures.isEmpty, failures.prefix(10).joined(separator: "\n"))
    }

    static func variable(_ value: Any) -> VariableValue {
        if let text = value as? String { return .text(text) }
        if let flag = value as? Bool, type(of: value) == Bool.self { return .json(flag ? "true" : "false") }
        if let number = value as? NSNumber { return .number(number.doubleValue) }
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])) ?? Data()
        return .json(String(decoding: data, as: UTF8.self))
    }

    static func same(_ actual: [String: VariableValue], _ expected: Any?) -> Bool {
        let expected = expected as? [String: Any] ?? [:]
        guard Set(actual.keys) == Set(expected.keys) else { return false }
        for (name, value) in actual {
            switch (value, expected[name]) {
            case (.text(let text), let other as String): if text != other { return false }
            case (.number(let number), let other as NSNumber): if number != other.doubleValue { return false }
            case (.json, _): continue
            default: return false
            }
        }
        return true
    }
}
