import ChatStore
import JSCompat
import RegexScripts

/// Chat message commands (spec §8.5): read, add, hide, delete and relabel messages of the current chat, with
/// SillyTavern's index rules (each command parses ids its own way, §19 items 6–7) and message fields.
enum MessageCommands {
    static let family = "Messages"
    typealias Support = ChatCommandSupport

    static let returnTypes = ["pipe", "object", "toast-html", "toast-text", "console", "none"]

    /// What every message-adding command (`/sendas`, `/sys`, `/comment`, `/send`) understands.
    static let addingArguments: [NamedArgumentDeclaration] = [
        .init("compact", help: "compact layout", enumValues: ["true", "false"], defaultValue: "false"),
        .init("at", help: "insert at this index (negative counts from the end)"),
        .init("return", help: "what to return", enumValues: returnTypes, defaultValue: "none"),
        .init("raw", help: "keep quotes", enumValues: ["true", "false"], defaultValue: "true"),
    ]

    static let declarations: [CommandDeclaration] = [
        CommandDeclaration(
            name: "messages", aliases: ["message"], family: family,
            help: "Returns the text of a message or an inclusive range of messages (ids from 0), joined by a blank line.",
            example: "/messages names=off 0-{{lastMessageId}}", returns: "the messages as text",
            namedArguments: [
                .init("names", help: "show author names", enumValues: ["on", "off"], defaultValue: "on"),
                .init("hidden", help: "include hidden messages", enumValues: ["on", "off"], defaultValue: "off"),
                .init("role", help: "only messages of this role", enumValues: ["system", "assistant", "user"]),
            ],
            unnamedArguments: [.init("message id or range", isRequired: true)],
            run: messages),
        CommandDeclaration(
            name: "sendas", family: family,
            help: "Adds a message from a character (no generation).",
            example: "/sendas name=Bob Hello!", returns: "per return=",
            namedArguments: [
                .init("name", help: "character name", isRequired: true), .init("avatar", help: "character whose avatar to use"),
            ] + addingArguments,
            unnamedArguments: [.init("text", isRequired: true)], rawQuotes: true,
            run: sendAs),
        CommandDeclaration(
            name: "sys", aliases: ["nar"], family: family,
            help: "Adds a narrator message.",
            example: "/sys The sun rises.", returns: "per return=",
            namedArguments: [.init("name", help: "narrator name (default: the chat's narrator name, or System)")]
                + addingArguments,
            unnamedArguments: [.init("text", isRequired: true)], rawQuotes: true,
            run: narrator),
        CommandDeclaration(
            name: "sysname", family: family,
            help: "Sets the narrator name for this chat (empty resets it to System).",
            example: "/sysname Storyteller",
            unnamedArguments: [.init("name")],
            run: narratorName),
        CommandDeclaration(
            name: "comment", family: family,
            help: "Adds a comment: a hidden message named Note that is never sent to the model.",
            example: "/comment Remember the key.", returns: "per return=",
            namedArguments: addingArguments,
            unnamedArguments: [.init("text", isRequired: true)], rawQuotes: true,
            run: comment),
        CommandDeclaration(
            name: "send", family: family,
            help: "Adds a user message without generating a reply.",
            example: "/send Hello there", returns: "per return=",
            namedArguments: [.init("name", help: "persona name (default: the user)")] + addingArguments,
            unnamedArguments: [.init("text", isRequired: true)], rawQuotes: true,
            run: send),
        CommandDeclaration(
            name: "hide", family: family,
            help: "Hides messages from the prompt (default: the last message).",
            example: "/hide 0-3", returns: "nothing",
            namedArguments: [.init("name", help: "only messages by this name")],
            unnamedArguments: [.init("message id or range")],
            run: { call in try setHidden(call, hidden: true) }),
        CommandDeclaration(
            name: "unhide", family: family,
            help: "Shows hidden messages to the prompt again (default: the last message).",
            example: "/unhide 0-3", returns: "nothing",
            namedArguments: [.init("name", help: "only messages by this name")],
            unnamedArguments: [.init("message id or range")],
            run: { call in try setHidden(call, hidden: false) }),
        CommandDeclaration(
            name: "del", aliases: ["delete", "delmode"], family: family,
            help: "Deletes the last N messages (without N: SillyTavern's delete mode, nothing here).",
            example: "/del 2", returns: "the deleted messages' texts",
            unnamedArguments: [.init("optional number")],
            run: deleteLast),
        CommandDeclaration(
            name: "cut", family: family,
            help: "Removes a message or an inclusive range of messages.",
            example: "/cut 0-2", returns: "the texts of the cut messages, each followed by a newline",
            unnamedArguments: [.init("message id or range", isRequired: true)],
            run: cut),
        CommandDeclaration(
            name: "message-role", family: family,
            help: "Gets or sets the role of a message's sender (user, assistant, system); default: the last message.",
            example: "/message-role at=-2 assistant", returns: "the role",
            namedArguments: [.init("at", help: "message index (negative counts from the end)")],
            unnamedArguments: [.init("role", enumValues: ["user", "assistant", "system"])],
            run: messageRole),
        CommandDeclaration(
            name: "message-name", family: family,
            help: "Gets or sets the name of a message's sender; default: the last message.",
            example: "/message-name at=-2 Chloe", returns: "the name",
            namedArguments: [.init("at", help: "message index (negative counts from the end)")],
            unnamedArguments: [.init("name")],
            run: messageName),
    ]

    // MARK: Reading

    static func messages(_ call: CommandCall) throws -> Value? {
        let chat = call.interpreter.chatSession.chat
        let includeNames = !JSBoolean.isFalse(call.named.text("names"))
        let includeHidden = JSBoolean.isTrue(call.named.text("hidden"))
        let role = call.named.text("role") ?? ""
        guard let range = Support.range(call.unnamed.string, count: chat.messageCount) else { return .empty }
        var texts: [String] = []
        for index in range {
            let message = chat.message(at: index)
            if !role.isEmpty {
                let narrator = message.isNarrator
                let keep: Bool
                switch role {
                case "system": keep = narrator && !message.isUser
                case "assistant": keep = !narrator && !message.isUser
                case "user": keep = !narrator && message.isUser
                default:
                    throw CommandError("Invalid role provided. Expected one of: system, assistant, user. Got: \(role)")
                }
                if !keep { continue }
            }
            if !includeHidden && message.isHidden { continue }
            let text = jsText(message["mes"])
            texts.append(includeNames ? "\(jsText(message["name"])): \(text)" : text)
        }
        return .text(texts.joined(separator: "\n\n"))
    }

    /// A field as a JavaScript template string shows it (`undefined` when missing).
    static func jsText(_ value: JSONValue?) -> String { value?.javaScriptString ?? "undefined" }

    // MARK: Adding messages

    static func sendAs(_ call: CommandCall) throws -> Value? {
        let session = call.interpreter.chatSession
        var name = JSCompat.JSWhitespace.trim(call.named.text("name") ?? "")
        if name.isEmpty {
            if !session.warnedAboutNamelessSendAs {
                session.warnedAboutNamelessSendAs = true
                call.interpreter.toast(.warning, "To avoid confusion, please use /sendas name=\"Character Name\"",
                                       title: "Name defaulted to {{char}}")
            }
            name = session.characterName
        }
        var text = JSCompat.JSWhitespace.trim(call.unnamed.string)
        text = try Support.regexed(text, .slashCommand, call: call,
                                   context: RegexRunContext(characterOverride: name))
        let bias = Support.bias(in: text)
        let compact = JSBoolean.isTrue(call.named.text("compact"))
        let isCurrentCharacter = !session.characterName.isEmpty && name == session.characterName
        if let avatar = call.named.text("avatar"), !avatar.isEmpty, avatar != session.characterName {
            call.interpreter.toast(.warning, "Character for avatar \(avatar) not found")
            return .empty
        }
        let usesOwnAvatar = isCurrentCharacter || call.named.text("avatar").map { !$0.isEmpty } == true
        let sendDate = SendDate.now()
        let genID = JSONValue.number(Support.nowMilliseconds())
        let biasValue: JSONValue = JSCompat.JSWhitespace.trim(bias).isEmpty ? .null : .string(bias)
        var message = ChatMessage()
        message["name"] = .string(name)
        message["is_user"] = false
        message["is_system"] = Support.biasOnlyFlag(bias: bias, text: text)
        message["send_date"] = .string(sendDate)
        message["mes"] = .string(Support.expandMacros(text, call: call))
        if !usesOwnAvatar {
            message["force_avatar"] = .string(Support.defaultAvatar)
            message["original_avatar"] = .string(Support.defaultAvatar)
        }
        let extra: JSONObject = [
            "bias": biasValue, "gen_id": genID, "isSmallSys": .bool(compact), "api": "manual", "model": "slash command",
        ]
        message["extra"] = .object(extra)
        message["swipe_id"] = 0
        message["swipes"] = .array([message["mes"] ?? ""])
        message["swipe_info"] = .array([.object([
            "send_date": .string(sendDate), "gen_started": .null, "gen_finished": .null, "extra": .object(extra),
        ])])
        let index = insert(message, at: call.named.text("at"), session: session)
        autoParseReasoning(at: index, call: call)
        return try Support.messageReturn(call.named.text("return"), session.chat.message(at: index), call: call)
    }

    static func narrator(_ call: CommandCall) throws -> Value? {
        let session = call.interpreter.chatSession
        let text = call.unnamed.string
        let defaultName = session.chat.metadata["narrator_name"].flatMap { $0.isTruthy ? $0.javaScriptString : nil }
        let name = call.named.text("name") ?? defaultName ?? "System"
        let bias = Support.bias(in: text)
        var message = ChatMessage()
        message["name"] = .string(name)
        message["is_user"] = false
        message["is_system"] = Support.biasOnlyFlag(bias: bias, text: text)
        message["send_date"] = .string(SendDate.now())
        message["mes"] = .string(Support.expandMacros(JSCompat.JSWhitespace.trim(text), call: call))
        message["force_avatar"] = .string(Support.narratorAvatar)
        message["extra"] = .object([
            "type": "narrator", "bias": JSCompat.JSWhitespace.trim(bias).isEmpty ? .null : .string(bias),
            "gen_id": .number(Support.nowMilliseconds()), "isSmallSys": .bool(JSBoolean.isTrue(call.named.text("compact"))),
            "api": "manual", "model": "slash command",
        ])
        let index = insert(message, at: call.named.text("at"), session: session)
        return try Support.messageReturn(call.named.text("return"), session.chat.message(at: index), call: call)
    }

    static func comment(_ call: CommandCall) throws -> Value? {
        let session = call.interpreter.chatSession
        var message = ChatMessage()
        message["name"] = "Note"
        message["is_user"] = false
        message["is_system"] = true
        message["send_date"] = .string(SendDate.now())
        message["mes"] = .string(Support.expandMacros(JSCompat.JSWhitespace.trim(call.unnamed.string), call: call))
        message["force_avatar"] = .string(Support.commentAvatar)
        message["extra"] = .object([
            "type": "comment", "gen_id": .number(Support.nowMilliseconds()),
            "isSmallSys": .bool(JSBoolean.isTrue(call.named.text("compact"))), "api": "manual", "model": "slash command",
        ])
        let index = insert(message, at: call.named.text("at"), session: session)
        return try Support.messageReturn(call.named.text("return"), session.chat.message(at: index), call: call)
    }

    static func send(_ call: CommandCall) throws -> Value? {
        let session = call.interpreter.chatSession
        let text = JSCompat.JSWhitespace.trim(call.unnamed.string)
        let bias = Support.bias(in: text)
        let name = call.named.contains("name") ? call.named.text("name") ?? "" : session.userName
        let regexed = try Support.regexed(text, .userInput, call: call)
        var message = ChatMessage()
        message["name"] = .string(name)
        message["is_user"] = true
        message["is_system"] = false
        message["send_date"] = .string(SendDate.now())
        var mes = Support.expandMacros(regexed, call: call)
        var extra: JSONObject = ["isSmallSys": .bool(JSBoolean.isTrue(call.named.text("compact")))]
        if !bias.isEmpty {
            extra["bias"] = .string(bias)
            mes = Support.removeMacros(mes)
        }
        message["mes"] = .string(mes)
        message["extra"] = .object(extra)
        let index = insert(message, at: call.named.text("at"), session: session)
        return try Support.messageReturn(call.named.text("return"), session.chat.message(at: index), call: call)
    }

    /// Inserts at `at=` (or appends), marks the chat as changed by the user (`tainted`), returns the index.
    static func insert(_ message: ChatMessage, at: String?, session: ChatSession) -> Int {
        let chat = session.chat
        if chat.metadata["tainted"] != .bool(true) {
            var metadata = chat.metadata
            metadata["tainted"] = true
            chat.metadata = metadata
        }
        let index = Support.insertionIndex(at, count: chat.messageCount)
        chat.insertMessage(message, at: index)
        return index
    }

    static func narratorName(_ call: CommandCall) throws -> Value? {
        let chat = call.interpreter.chatSession.chat
        let text = call.unnamed.string
        let name = text.isEmpty ? "System" : text
        var metadata = chat.metadata
        metadata["narrator_name"] = .string(name)
        chat.metadata = metadata
        call.interpreter.toast(.info, "System narrator name set to \(name)")
        return .empty
    }

    // MARK: Hiding and deleting

    static func setHidden(_ call: CommandCall, hidden: Bool) throws -> Value? {
        let chat = call.interpreter.chatSession.chat
        let value = call.unnamed.string
        let range: ClosedRange<Int>
        if value.isEmpty {
            guard chat.messageCount > 0 else { return .empty }
            range = (chat.messageCount - 1)...(chat.messageCount - 1)
        } else {
            guard let parsed = Support.range(value, count: chat.messageCount) else { return .empty }
            range = parsed
        }
        let nameFilter = JSCompat.JSWhitespace.trim(call.named.text("name") ?? "")
        for index in range {
            chat.updateMessage(at: index) { message in
                if !nameFilter.isEmpty && jsText(message["name"]) != nameFilter { return }
                message["is_system"] = .bool(hidden)
            }
        }
        return .empty
    }

    static func deleteLast(_ call: CommandCall) throws -> Value? {
        let chat = call.interpreter.chatSession.chat
        let text = call.unnamed.string
        if text.isEmpty { return .empty }  // SillyTavern opens its delete mode
        let count = JSNumber.parse(text)
        if count.isNaN {
            call.interpreter.toast(.warning, "Must enter a number or nothing.")
            return .empty
        }
        if count < 1 { return .empty }
        if count > Double(chat.messageCount) {
            call.interpreter.toast(.warning, "Cannot delete more than \(chat.messageCount) messages.")
            return .empty
        }
        // The range is built as text and read back with parseInt, so `/del 1.5` removes two messages (§19.6).
        let first = JSNumber.format(Double(chat.messageCount) - count)
        return cutRange("\(first)-\(chat.messageCount - 1)", call: call)
    }

    static func cut(_ call: CommandCall) throws -> Value? {
        cutRange(call.unnamed.string, call: call)
    }

    static func cutRange(_ text: String, call: CommandCall) -> Value {
        let chat = call.interpreter.chatSession.chat
        guard let range = Support.range(text, count: chat.messageCount) else {
            call.interpreter.toast(.warning, "Must provide a Message ID or a range to cut.")
            return .empty
        }
        var cutText = ""
        for message in chat.removeMessages(in: range.lowerBound..<(range.upperBound + 1)) {
            let mes = message["mes"]
            cutText += (mes.map { $0.isTruthy ? $0.javaScriptString : "" } ?? "") + "\n"
        }
        return .text(cutText)
    }

    // MARK: Relabelling

    /// The message `at=` names for `/message-role` and `/message-name` (default: the last one).
    static func modifiedIndex(_ call: CommandCall, count: Int) -> Int? {
        let number = call.named.contains("at") ? JSNumber.parse(call.named.text("at") ?? "") : Double(count - 1)
        return Support.existingIndex(number, count: count)
    }

    static func messageRole(_ call: CommandCall) throws -> Value? {
        let chat = call.interpreter.chatSession.chat
        guard let index = modifiedIndex(call, count: chat.messageCount) else {
            call.interpreter.toast(.warning, "No message found at the specified index.")
            return .empty
        }
        let role = JSCompat.JSWhitespace.trim(call.unnamed.string).lowercased()
        let message = chat.message(at: index)
        guard ["user", "assistant", "system"].contains(role) else {
            return .text(message.isNarrator ? "system" : message.isUser ? "user" : "assistant")
        }
        chat.updateMessage(at: index) { message in
            var extra = message["extra"]?.objectValue ?? JSONObject()
            if role == "system" { extra["type"] = "narrator" } else { extra.removeValue(forKey: "type") }
            message["extra"] = .object(extra)
            message["is_user"] = .bool(role == "user")
        }
        autoParseReasoning(at: index, call: call)
        return .text(role)
    }

    static func messageName(_ call: CommandCall) throws -> Value? {
        let session = call.interpreter.chatSession
        let chat = session.chat
        guard let index = modifiedIndex(call, count: chat.messageCount) else {
            call.interpreter.toast(.warning, "No message found at the specified index.")
            return .empty
        }
        let name = JSCompat.JSWhitespace.trim(call.unnamed.string)
        let message = chat.message(at: index)
        guard !name.isEmpty else { return .text(jsText(message["name"])) }
        chat.updateMessage(at: index) { message in
            message["name"] = .string(name)
            if let persona = message.isUser ? session.personaAvatar(named: name) : nil {
                message["force_avatar"] = .string("/thumbnail?type=persona&file=" + (persona.addingPercentEncoding(
                    withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-_.!~*'()"))) ?? persona))
                message["original_avatar"] = .string(persona)
            } else if !message.isUser && name == session.characterName {
                // The chat's own character needs no forced avatar (SillyTavern leaves both undefined).
                message["force_avatar"] = nil
                message["original_avatar"] = nil
            } else {
                message["force_avatar"] = .string(Support.defaultAvatar)
                message["original_avatar"] = .string(Support.defaultAvatar)
            }
        }
        autoParseReasoning(at: index, call: call)
        return .text(name)
    }

    // MARK: Auto-parse

    /// SillyTavern's reasoning auto-parse on a received or updated message (§13.2), when `auto_parse` is on.
    static func autoParseReasoning(at index: Int, call: CommandCall) {
        let session = call.interpreter.chatSession
        let settings = session.reasoning
        guard settings.autoParse, index < session.chat.messageCount else { return }
        let chat = session.chat
        var message = chat.message(at: index)
        let mes = message["mes"]
        guard let mes, mes.isTruthy, mes.javaScriptString != "..." else { return }
        if message.extra["reasoning"]?.isTruthy == true { return }
        guard let parsed = ReasoningCommands.parse(mes.javaScriptString, settings: settings, strict: true,
                                                   trimSpaces: session.trimSpaces) else { return }
        let contentUpdated = !parsed.reasoning.isEmpty || parsed.content != mes.javaScriptString
        if !parsed.reasoning.isEmpty {
            var extra = message["extra"]?.objectValue ?? JSONObject()
            extra["reasoning"] = .string((try? Support.regexed(parsed.reasoning, .reasoning, call: call)) ?? parsed.reasoning)
            extra["reasoning_type"] = "parsed"
            message["extra"] = .object(extra)
        }
        if parsed.content != mes.javaScriptString { message["mes"] = .string(parsed.content) }
        chat.replaceMessage(at: index, with: message)
        if contentUpdated { syncLastMessageToSwipe(chat) }
    }

    /// SillyTavern's `syncMesToSwipe()` for the last message: its text, dates and `extra` copied into the current
    /// swipe, so each swipe keeps its own reasoning.
    static func syncLastMessageToSwipe(_ chat: ChatFile) {
        guard chat.messageCount > 0 else { return }
        let index = chat.messageCount - 1
        chat.updateMessage(at: index) { message in
            guard case .number(let sid)? = message["swipe_id"], let swipeID = Int(exactly: sid.double),
                case .array(var swipes)? = message["swipes"], case .array(var infos)? = message["swipe_info"],
                swipes.indices.contains(swipeID), case .string = swipes[swipeID], infos.indices.contains(swipeID),
                case .object(var info) = infos[swipeID]
            else { return }
            if chat.metadata["tainted"]?.isTruthy == true || chat.messageCount > 1 {
                swipes[swipeID] = message["mes"] ?? .null
            }
            for key in ["send_date", "gen_started", "gen_finished"] { info[key] = message[key] }
            info["extra"] = message["extra"]
            infos[swipeID] = .object(info)
            message["swipes"] = .array(swipes)
            message["swipe_info"] = .array(infos)
        }
    }
}
