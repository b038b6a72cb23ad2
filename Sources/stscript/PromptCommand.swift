import ArgumentParser
import Foundation
import JSCompat
import PromptAssembly

extension CallFlow: ExpressibleByArgument {}

struct PromptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompt",
        abstract: "Show the prompt SillyTavern would assemble for a chat, and the request a provider would be sent.",
        discussion: """
            Reads the chat and settings.json from a SillyTavern data folder and assembles the chat history as \
            SillyTavern does: hidden messages left out, prompt-only regex scripts applied by depth, stored \
            reasoning added in front of messages when "Add to Prompts" is on (power_user.reasoning: prefix, \
            suffix, separator, max_additions), and the continued message's reasoning when continuing.

            Nothing is sent anywhere. With --provider and --model the request body of every call of the chosen \
            call flow is printed too, with the reasoning effort mapped the way each provider expects it.

            Examples:
              stscript prompt --store ST --chat Alice/chat --json
              stscript prompt --store ST --chat Alice/chat --continue
              stscript prompt --store ST --chat Alice/chat --provider anthropic
                --model claude-sonnet-4-5 --effort high --max-tokens 16000
              stscript prompt --store ST --chat Alice/chat --provider openai
                --model gpt-4.1 --flow cot --thinking "First, …"
            """)

    @Option(help: "The SillyTavern data folder (it holds settings.json and chats/).")
    var store: String

    @Option(help: "The chat: a .jsonl path, or CHARACTER/NAME inside the data folder.")
    var chat: String

    @Flag(help: "Print one JSON object: {messages, continuation, requests}.")
    var json = false

    @Flag(name: .customLong("continue"), help: "Assemble for continuing the last message.")
    var continueLast = false

    @Flag(help: "Assemble for regenerating the last message (it is left out).")
    var swipe = false

    @Option(help: ArgumentHelp("Group chat: the character who speaks next; only their reasoning is added.",
                               valueName: "name"))
    var speaker: String?

    @Option(help: ArgumentHelp("A system prompt to put first.", valueName: "text"))
    var system: String?

    @Option(help: ArgumentHelp("""
        Also print request bodies for this provider: openai, anthropic (claude), openrouter, xai, perplexity, \
        nanogpt, deepseek, google (AI Studio), vertex, zai, moonshot, koboldcpp, custom, ollama.
        """, valueName: "provider"))
    var provider: String?

    @Option(help: ArgumentHelp("The model id (decides which reasoning parameters apply).", valueName: "id"))
    var model: String?

    @Option(help: ArgumentHelp("""
        Reasoning effort: auto (send nothing), minimum, low, medium, high, maximum. Only the reasoning flow \
        sends it.
        """, valueName: "level"))
    var effort = "auto"

    @Option(name: .customLong("max-tokens"),
            help: ArgumentHelp("Max response length in tokens; thinking budgets are shares of it.", valueName: "n"))
    var maxTokens = 4096

    @Option(help: ArgumentHelp("""
        Call flow: reasoning (one call, native reasoning requested; the default), plain (one call, no reasoning \
        requested), cot (a thinking call, then a final call that asks for the result).
        """, valueName: "flow"))
    var flow: CallFlow = .reasoning

    @Option(name: .customLong("thinking-instructions"), help: ArgumentHelp("""
        Thinking instructions. cot sends them as their own turn (default: "\(CallFlows.defaultThinkingInstructions)"); \
        reasoning appends them to the system prompt.
        """, valueName: "text"))
    var thinkingInstructions: String?

    @Option(help: ArgumentHelp("cot: the thinking call's reply, to build the final call as well.", valueName: "text"))
    var thinking: String?

    @Option(name: .customLong("json-schema"), help: ArgumentHelp("""
        Ask for structured output following the JSON Schema in this file. It shapes only the answer: the cot \
        thinking call carries no schema, and reasoning never becomes a schema field.
        """, valueName: "file"))
    var jsonSchema: String?

    @Option(name: .customLong("schema-name"),
            help: ArgumentHelp("The name the schema (or tool) is sent under.", valueName: "name"))
    var schemaName = "answer"

    @Flag(name: .customLong("schema-as-tool"), help: "Send the schema as a forced tool call instead of a response format.")
    var schemaAsTool = false

    @Flag(help: "Stream the response (changes Claude's budget cap and the request's stream flag).")
    var stream = false

    @Flag(name: .customLong("no-request-reasoning"),
          help: "Do not ask the provider to return its reasoning (SillyTavern's \"Request model reasoning\" off).")
    var noRequestReasoning = false

    @Flag(name: .customLong("no-adaptive-thinking"),
          help: "Claude Opus/Sonnet 4.6: use thinking budgets instead of adaptive thinking.")
    var noAdaptiveThinking = false

    func validate() throws {
        if let provider, Provider(userText: provider) == nil {
            throw ValidationError("unknown provider '\(provider)'; one of: "
                + Provider.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if provider != nil, model == nil { throw ValidationError("--provider needs --model") }
        if ReasoningEffort(userText: effort) == nil {
            throw ValidationError("unknown effort '\(effort)'; one of: auto, minimum, low, medium, high, maximum")
        }
        if maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1") }
        if thinking != nil, flow != .cot { throw ValidationError("--thinking applies to --flow cot only") }
    }

    func run() throws {
        let assembled: AssembledChat
        do {
            assembled = try StoredChatPrompt.assemble(
                store: store, chat: chat,
                request: AssemblyRequest(isContinue: continueLast, isSwipe: swipe, groupSpeaker: speaker))
        } catch {
            FileHandle.standardError.write(Data("stscript prompt: \(error)\n".utf8))
            throw ExitCode(1)
        }

        var structured: StructuredOutput?
        if let jsonSchema {
            guard let data = FileManager.default.contents(atPath: jsonSchema) else {
                FileHandle.standardError.write(Data("stscript prompt: cannot read \(jsonSchema)\n".utf8))
                throw ExitCode(1)
            }
            structured = StructuredOutput(kind: schemaAsTool ? .tool : .jsonSchema, name: schemaName,
                                          schemaJSON: String(decoding: data, as: UTF8.self))
        }
        let calls = CallFlows.calls(flow: flow, system: system, conversation: assembled.messages,
                                    thinkingInstructions: thinkingInstructions, thinking: thinking,
                                    structuredOutput: structured)

        var requests: [JSONValue] = []
        if let providerName = provider, let provider = Provider(userText: providerName), let model {
            let effort = ReasoningEffort(userText: effort) ?? .auto
            for call in calls {
                var request = call.request(provider: provider, model: model, maxTokens: maxTokens, stream: stream,
                                           effort: effort, adaptiveThinking: !noAdaptiveThinking)
                if noRequestReasoning { request.requestReasoning = false }
                do {
                    let body = try RequestBodies.body(for: request)
                    requests.append(["stage": .string(call.stage.rawValue),
                                     "path": .string(provider.endpointPath.replacingOccurrences(of: "{model}",
                                                                                                with: model)),
                                     "body": body])
                } catch {
                    FileHandle.standardError.write(Data("stscript prompt: \(error)\n".utf8))
                    throw ExitCode(1)
                }
            }
        }

        let messages = calls.first?.messages ?? assembled.messages
        if json {
            var out: JSONObject = ["messages": .array(messages.map(Self.messageJSON))]
            if let continuation = assembled.continuation {
                out["continuation"] = ["prefix": .string(continuation.formatted),
                                       "length": .number(continuation.length),
                                       "incomplete": .bool(continuation.isIncomplete)]
            }
            if !requests.isEmpty { out["requests"] = .array(requests) }
            print(JSONValue.object(out).stringified())
            return
        }
        if requests.isEmpty {
            for message in messages { print("[\(message.role.rawValue)] \(message.content)") }
            if let continuation = assembled.continuation, continuation.isIncomplete {
                print("(the reply continues the reasoning: the prompt ends inside the reasoning block)")
            }
        } else {
            for request in requests {
                if requests.count > 1, let stage = request["stage"]?.stringValue { print("# \(stage) call") }
                print((request["body"] ?? .null).stringified(indent: 2))
            }
        }
    }

    private static func messageJSON(_ message: PromptMessage) -> JSONValue {
        ["role": .string(message.role.rawValue), "content": .string(message.content)]
    }
}
