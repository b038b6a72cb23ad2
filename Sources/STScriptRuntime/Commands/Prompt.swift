import JSCompat
import PromptAssembly

/// Prompt commands: the prompt SillyTavern would assemble for the current chat, and the request body a provider
/// would be sent (the same code as `stscript prompt`) — written by the prompt helper.
enum PromptCommands {
    static let family = "Prompt"

    private static let assemblyArguments: [NamedArgumentDeclaration] = [
        .init("continue", help: "assemble for continuing the last message", enumValues: ["true", "false"],
              defaultValue: "false"),
        .init("swipe", help: "assemble for regenerating the last message (it is left out)",
              enumValues: ["true", "false"], defaultValue: "false"),
        .init("speaker", help: "group chat: the character who speaks next"),
    ]

    static let declarations: [CommandDeclaration] = [
        CommandDeclaration(
            name: "prompt", family: family,
            help: "The chat history as SillyTavern would send it: a JSON list of {role, content}, with stored reasoning added as the reasoning settings say.",
            example: "/prompt continue=true | /echo", returns: "JSON list of messages",
            namedArguments: assemblyArguments,
            run: { call in
                let assembled = try assemble(call)
                return .text(JSONValue.array(assembled.messages.map(messageJSON)).stringified())
            }),
        CommandDeclaration(
            name: "prompt-request", family: family,
            help: "The request body a provider would be sent for the chat (nothing is sent), with the reasoning effort mapped for that provider and model.",
            example: "/prompt-request provider=anthropic model=claude-sonnet-4-5 effort=high max=16000 | /echo",
            returns: "the request body as JSON",
            namedArguments: assemblyArguments + [
                .init("provider", help: "where the request would go", enumValues: Provider.allCases.map(\.rawValue),
                      isRequired: true),
                .init("model", help: "the model id", isRequired: true),
                .init("effort", help: "reasoning effort", enumValues: ReasoningEffort.allCases.map(\.rawValue),
                      defaultValue: "auto"),
                .init("max", help: "max response length in tokens", defaultValue: "4096"),
                .init("stream", help: "stream the response", enumValues: ["true", "false"], defaultValue: "false"),
                .init("flow", help: "call flow (cot shows its thinking call)", enumValues: CallFlow.allCases.map(\.rawValue),
                      defaultValue: "reasoning"),
                .init("system", help: "a system prompt to put first"),
            ],
            run: { call in
                let providerName = call.named.text("provider") ?? ""
                guard let provider = Provider(userText: providerName) else {
                    throw CommandError("Unknown provider '\(providerName)'")
                }
                guard let model = call.named.text("model"), !model.isEmpty else {
                    throw CommandError("/prompt-request needs model=")
                }
                let effortName = call.named.text("effort") ?? "auto"
                guard let effort = ReasoningEffort(userText: effortName) else {
                    throw CommandError("Unknown reasoning effort '\(effortName)'")
                }
                let flowName = call.named.text("flow") ?? "reasoning"
                guard let flow = CallFlow(rawValue: flowName) else { throw CommandError("Unknown flow '\(flowName)'") }
                let maxText = call.named.text("max") ?? "4096"
                let maxTokens = JSNumber.parse(maxText)
                guard maxTokens.isFinite, maxTokens >= 1, maxTokens <= 100_000_000 else {
                    throw CommandError("max= must be a positive number of tokens, not '\(maxText)'")
                }
                let system = call.named.text("system").flatMap { $0.isEmpty ? nil : $0 }
                let assembled = try assemble(call)
                let calls = CallFlows.calls(flow: flow, system: system, conversation: assembled.messages)
                guard let first = calls.first else { return .empty }
                let request = first.request(provider: provider, model: model, maxTokens: Int(maxTokens),
                                            stream: JSBoolean.isTrue(call.named.text("stream")), effort: effort)
                do {
                    return .text(try RequestBodies.body(for: request).stringified())
                } catch {
                    throw CommandError("\(error)")
                }
            }),
    ]

    private static func assemble(_ call: CommandCall) throws -> AssembledChat {
        let session = call.interpreter.chatSession
        let speaker = call.named.text("speaker").flatMap { $0.isEmpty ? nil : $0 }
        let request = AssemblyRequest(isContinue: JSBoolean.isTrue(call.named.text("continue")),
                                      isSwipe: JSBoolean.isTrue(call.named.text("swipe")), groupSpeaker: speaker)
        do {
            return try StoredChatPrompt.assemble(settingsDocument: session.folder?.settings.document ?? JSONObject(),
                                                 chat: session.chat, request: request)
        } catch {
            throw CommandError("\(error)")
        }
    }

    private static func messageJSON(_ message: PromptMessage) -> JSONValue {
        ["role": .string(message.role.rawValue), "content": .string(message.content)]
    }
}
