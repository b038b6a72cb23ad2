import PromptAssembly

/// Prompt assembly over a long chat: every message carries reasoning and many of them get it added.
func promptBenchmarks() -> [(name: String, run: () -> Void)] {
    [("prompt-assembly", benchmarkPromptAssembly)]
}

private struct PlainNames: PromptMacroExpander {
    func expand(_ text: String) -> String { text }
}

func benchmarkPromptAssembly() {
    let chat = (0..<20_000).map { index in
        ChatTurn(name: index.isMultiple(of: 2) ? "User" : "Alice", isUser: index.isMultiple(of: 2),
                 isHidden: index.isMultiple(of: 97), text: "message \(index) with some ordinary text in it",
                 reasoning: index.isMultiple(of: 3) ? "" : "thinking about message \(index), step by step")
    }
    let assembler = ChatAssembler(settings: ReasoningPromptSettings(addToPrompts: true, maxAdditions: 5_000),
                                  macros: PlainNames())
    let rounds = 20
    var total = 0
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        for _ in 0..<rounds {
            total += (try? assembler.assemble(chat, for: AssemblyRequest(isContinue: true)))?.messages.count ?? 0
        }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let perMessage = seconds / Double(rounds * chat.count) * 1e9
    print("prompt-assembly: \(rounds) × \(chat.count) messages in \(seconds) s (\(Int(perMessage)) ns per message, \(total) out)")
}
