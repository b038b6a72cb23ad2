import Foundation
import MacroEngine

/// A deterministic environment: fixed names, in-memory variables and chat, a fixed clock and scripted randomness.
final class TestEnvironment: MacroEnvironment {
    var userName = "User"
    var characterName = "Alice"
    var chatVariables: [String: VariableValue] = [:]
    var globalVariables: [String: VariableValue] = [:]
    var messages: [MacroChatMessage] = []
    var scoped: [String: ScopedMacro] = [:]
    var reasoningFormatting = ReasoningFormatting.thinkXML
    /// Returned in turn by `randomUnit()`; 0 when exhausted.
    var randomValues: [Double] = []
    /// 2024-03-05 14:07:09 UTC, a Tuesday.
    var now = Date(timeIntervalSince1970: 1_709_647_629)
    var timeZone = TimeZone(secondsFromGMT: 0)!
    var chatIDHash: Double = 0
    var originalText: String? = nil

    func scopedMacro(named name: String) -> ScopedMacro? { scoped[name] }

    func variable(_ name: String, in scope: VariableScope) -> VariableValue? {
        scope == .chat ? chatVariables[name] : globalVariables[name]
    }

    func setVariable(_ name: String, to value: VariableValue?, in scope: VariableScope) {
        if scope == .chat { chatVariables[name] = value } else { globalVariables[name] = value }
    }

    var chatMessageCount: Int { messages.count }
    func chatMessage(at index: Int) -> MacroChatMessage? { messages.indices.contains(index) ? messages[index] : nil }

    func randomUnit() -> Double { randomValues.isEmpty ? 0 : randomValues.removeFirst() }

    func expand(_ text: String) -> String { MacroEngine.expand(MacroTemplate(text), in: self) }
}
