import JSCompat

/// Everything that decides the body of one model call.
public struct ModelRequest: Sendable {
    public var provider: Provider
    public var model: String
    public var messages: [PromptMessage]
    /// The max response length in tokens ("Max Response Length"); thinking budgets are shares of it.
    public var maxTokens: Int
    public var stream: Bool
    public var effort: ReasoningEffort
    /// SillyTavern's "Request model reasoning": ask the provider to return its thinking.
    public var requestReasoning: Bool
    public var structuredOutput: StructuredOutput?
    /// Claude Opus/Sonnet 4.6 think adaptively unless this is off (SillyTavern's `claude.enableAdaptiveThinking`).
    public var adaptiveThinking: Bool

    public init(provider: Provider, model: String, messages: [PromptMessage], maxTokens: Int = 4096,
                stream: Bool = false, effort: ReasoningEffort = .auto, requestReasoning: Bool = true,
                structuredOutput: StructuredOutput? = nil, adaptiveThinking: Bool = true) {
        self.provider = provider
        self.model = model
        self.messages = messages
        self.maxTokens = maxTokens
        self.stream = stream
        self.effort = effort
        self.requestReasoning = requestReasoning
        self.structuredOutput = structuredOutput
        self.adaptiveThinking = adaptiveThinking
    }
}

public struct RequestBodyError: Error, Equatable, CustomStringConvertible {
    public var description: String
}

/// Builds the JSON body a provider is sent for a `ModelRequest`.
public enum RequestBodies {
    public static func body(for request: ModelRequest) throws(RequestBodyError) -> JSONValue {
        var schema: JSONValue?
        if let output = request.structuredOutput { schema = try parseSchema(output) }
        switch request.provider {
        case .anthropic: return anthropic(request, schema: schema)
        case .google, .vertex: return google(request, schema: schema)
        case .ollama: return ollama(request, schema: schema)
        default: return chatCompletions(request, schema: schema)
        }
    }

    private static func parseSchema(_ output: StructuredOutput) throws(RequestBodyError) -> JSONValue {
        let schema: JSONValue
        do {
            schema = try JSONValue.parse(output.schemaJSON)
        } catch {
            throw RequestBodyError(description: "the JSON schema is not valid JSON: \(error)")
        }
        guard schema.objectValue != nil else {
            throw RequestBodyError(description: "the JSON schema must be a JSON object")
        }
        return schema
    }

    // MARK: OpenAI-style chat completions

    private static func chatCompletions(_ request: ModelRequest, schema: JSONValue?) -> JSONValue {
        let provider = request.provider
        var messages = request.messages
        var body = JSONObject()
        body["model"] = .string(request.model)
        // OpenAI reasoning models take max_completion_tokens; max_tokens is refused.
        let completionTokens = provider == .openai && ModelNames.isOpenAIReasoningModel(request.model)
        body[completionTokens ? "max_completion_tokens" : "max_tokens"] = .number(request.maxTokens)
        body["stream"] = .bool(request.stream)

        switch provider {
        case .openai, .custom:
            body["reasoning_effort"] = keyword(EffortTables.openAI(effort: request.effort, model: request.model))
        case .koboldcpp:
            body["reasoning_effort"] = keyword(EffortTables.koboldCpp(effort: request.effort))
        case .xai:
            body["reasoning_effort"] = keyword(EffortTables.xAI(effort: request.effort, model: request.model))
        case .perplexity:
            body["reasoning_effort"] = keyword(EffortTables.perplexity(effort: request.effort))
        case .deepseek:
            body["thinking"] = ["type": .string(EffortTables.thinkingType(requestReasoning: request.requestReasoning))]
            body["reasoning_effort"] = keyword(EffortTables.deepSeek(effort: request.effort,
                                                                     requestReasoning: request.requestReasoning))
        case .openrouter:
            var reasoning: JSONObject = ["exclude": .bool(!request.requestReasoning)]
            reasoning["effort"] = keyword(EffortTables.openRouter(effort: request.effort,
                                                                  requestReasoning: request.requestReasoning))
            body["reasoning"] = .object(reasoning)
        case .nanogpt:
            if let effort = EffortTables.nanoGPT(effort: request.effort) {
                body["reasoning"] = ["effort": .string(effort)]
            }
        case .zai, .moonshot:
            body["thinking"] = ["type": .string(EffortTables.thinkingType(requestReasoning: request.requestReasoning))]
        case .anthropic, .google, .vertex, .ollama:
            break
        }

        if let output = request.structuredOutput, let schema {
            switch (output.kind, provider) {
            case (.tool, _):
                body["tools"] = [functionTool(output, schema)]
                body["tool_choice"] = ["type": "function", "function": ["name": .string(output.name)]]
            case (.jsonSchema, .deepseek), (.jsonSchema, .zai), (.jsonSchema, .moonshot):
                // These accept only JSON mode: the schema travels as an instruction after the conversation.
                body["response_format"] = ["type": "json_object"]
                messages.append(PromptMessage(role: .user,
                                              content: "Reply with JSON that follows this schema:\n"
                                                  + schema.stringified(indent: 4)))
            case (.jsonSchema, _):
                var format: JSONObject = ["name": .string(output.name), "strict": true, "schema": schema]
                if let description = output.description { format["description"] = .string(description) }
                body["response_format"] = ["type": "json_schema", "json_schema": .object(format)]
            }
        }
        body["messages"] = .array(messages.map(openAIMessage))
        return .object(reorder(body, first: ["model", "messages"]))
    }

    private static func openAIMessage(_ message: PromptMessage) -> JSONValue {
        ["role": .string(message.role.rawValue), "content": .string(message.content)]
    }

    private static func functionTool(_ output: StructuredOutput, _ schema: JSONValue) -> JSONValue {
        var function: JSONObject = ["name": .string(output.name)]
        if let description = output.description { function["description"] = .string(description) }
        function["parameters"] = schema
        return ["type": "function", "function": .object(function)]
    }

    // MARK: Anthropic messages

    private static func anthropic(_ request: ModelRequest, schema: JSONValue?) -> JSONValue {
        // Leading system messages become `system`; later ones are sent as user turns (Claude has no system turns).
        let leadingSystem = request.messages.prefix { $0.role == .system }
        var turns = request.messages.dropFirst(leadingSystem.count).map { message in
            PromptMessage(role: message.role == .system ? .user : message.role, content: message.content)
        }
        let thinking = EffortTables.claude(effort: request.effort, model: request.model, maxTokens: request.maxTokens,
                                           stream: request.stream, adaptiveThinking: request.adaptiveThinking)
        var maxTokens = request.maxTokens
        var body = JSONObject()
        body["model"] = .string(request.model)
        switch thinking {
        case .off:
            break
        case .budget(let tokens, let raisedMax):
            maxTokens = raisedMax
            body["thinking"] = ["type": "enabled", "budget_tokens": .number(tokens)]
        case .adaptive(let effort):
            var adaptive: JSONObject = ["type": "adaptive"]
            // Opus 4.7 summarises its thinking only when asked to show it.
            if request.requestReasoning, ModelNames.claudeUsesAdaptiveThinking(request.model, adaptiveEnabled: false) {
                adaptive["display"] = "summarized"
            }
            body["thinking"] = .object(adaptive)
            body["output_config"] = ["effort": .string(effort)]
        }
        // A thinking model cannot continue an assistant prefill, so the last assistant turn is sent as the user's.
        if thinking != .off, let last = turns.indices.last, turns[last].role == .assistant {
            turns[last].role = .user
        }
        body["max_tokens"] = .number(maxTokens)
        body["stream"] = .bool(request.stream)
        if !leadingSystem.isEmpty {
            body["system"] = .array(leadingSystem.map { ["type": "text", "text": .string($0.content)] })
        }
        body["messages"] = .array(turns.map(openAIMessage))
        if let output = request.structuredOutput, let schema {
            var tool: JSONObject = ["name": .string(output.name)]
            tool["description"] = .string(output.description ?? "The answer as a well-formed JSON object")
            tool["input_schema"] = schema
            body["tools"] = [.object(tool)]
            // Claude refuses a forced tool while thinking; then the model is left to choose the tool itself.
            body["tool_choice"] = thinking == .off ? ["type": "tool", "name": .string(output.name)] : ["type": "auto"]
        }
        return .object(reorder(body, first: ["model", "max_tokens", "stream", "system", "messages"]))
    }

    // MARK: Google AI Studio / Vertex AI

    private static func google(_ request: ModelRequest, schema: JSONValue?) -> JSONValue {
        let leadingSystem = request.messages.prefix { $0.role == .system }
        let contents: [JSONValue] = request.messages.dropFirst(leadingSystem.count).map { message in
            ["role": message.role == .assistant ? "model" : "user", "parts": [["text": .string(message.content)]]]
        }
        var config = JSONObject()
        config["candidateCount"] = 1
        config["maxOutputTokens"] = .number(request.maxTokens)
        if let output = request.structuredOutput, let schema, output.kind == .jsonSchema {
            config["responseMimeType"] = "application/json"
            config["responseSchema"] = schema
        }
        let thinking = EffortTables.google(effort: request.effort, model: request.model, maxTokens: request.maxTokens)
        if thinking != .unsupported {
            var includeThoughts = request.requestReasoning
            var thinkingConfig = JSONObject()
            switch thinking {
            case .budget(let tokens):
                thinkingConfig["thinkingBudget"] = .number(tokens)
                // Vertex refuses thoughts from a model told not to think.
                if request.provider == .vertex, tokens == 0 { includeThoughts = false }
            case .level(let level):
                thinkingConfig["thinkingLevel"] = .string(level)
            case .modelDefault, .unsupported:
                break
            }
            var ordered: JSONObject = ["includeThoughts": .bool(includeThoughts)]
            for member in thinkingConfig { ordered[member.key] = member.value }
            config["thinkingConfig"] = .object(ordered)
        }
        var body = JSONObject()
        body["contents"] = .array(contents)
        if !leadingSystem.isEmpty {
            body["systemInstruction"] = ["parts": .array(leadingSystem.map { ["text": .string($0.content)] })]
        }
        body["generationConfig"] = .object(config)
        if let output = request.structuredOutput, let schema, output.kind == .tool {
            var declaration: JSONObject = ["name": .string(output.name)]
            if let description = output.description { declaration["description"] = .string(description) }
            declaration["parameters"] = schema
            body["tools"] = [["function_declarations": [.object(declaration)]]]
            body["toolConfig"] = ["functionCallingConfig": ["mode": "ANY",
                                                            "allowedFunctionNames": [.string(output.name)]]]
        }
        return .object(body)
    }

    // MARK: Ollama

    private static func ollama(_ request: ModelRequest, schema: JSONValue?) -> JSONValue {
        var body = JSONObject()
        body["model"] = .string(request.model)
        body["messages"] = .array(request.messages.map(openAIMessage))
        body["stream"] = .bool(request.stream)
        switch EffortTables.ollama(effort: request.effort, model: request.model,
                                   requestReasoning: request.requestReasoning) {
        case .omitted: break
        case .enabled(let on): body["think"] = .bool(on)
        case .level(let level): body["think"] = .string(level)
        }
        if let output = request.structuredOutput, let schema {
            switch output.kind {
            case .jsonSchema: body["format"] = schema
            case .tool: body["tools"] = [functionTool(output, schema)]
            }
        }
        body["options"] = ["num_predict": .number(request.maxTokens)]
        return .object(body)
    }

    // MARK: Helpers

    private static func keyword(_ value: String?) -> JSONValue? {
        value.map { .string($0) }
    }

    /// The same members with the given keys first, so bodies read top-down the way providers document them.
    private static func reorder(_ object: JSONObject, first keys: [String]) -> JSONObject {
        var ordered = JSONObject()
        for key in keys { if let value = object[key] { ordered[key] = value } }
        for member in object where ordered[member.key] == nil { ordered[member.key] = member.value }
        return ordered
    }
}
