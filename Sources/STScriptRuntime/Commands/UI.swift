/// Commands that only change SillyTavern's user interface: accepted so scripts written for the browser run,
/// with no effect in a terminal.
enum UICommands {
    static let family = "UI"

    static let declarations: [CommandDeclaration] = [
        noEffect("beep", aliases: ["ding"], help: "Plays the message sound (no effect in a terminal)."),
        noEffect("panels", aliases: ["togglepanels"], help: "Toggles the UI panels (no effect in a terminal)."),
        noEffect("chat-render", help: "Re-renders the chat (no effect in a terminal)."),
        noEffect("chat-reload", help: "Reloads the chat (no effect in a terminal)."),
        noEffect("forcesave", help: "Saves the chat (the store saves at the end of every run anyway)."),
        CommandDeclaration(name: "is-mobile", family: family, help: "Whether SillyTavern runs on a phone: always false here.",
                           example: "/is-mobile", returns: "false", run: { _ in .text("false") }),
    ]

    static func noEffect(_ name: String, aliases: [String] = [], help: String) -> CommandDeclaration {
        CommandDeclaration(name: name, aliases: aliases, family: family, help: help, example: "/\(name)",
                           unnamedArguments: [.init("ignored")], run: { _ in .empty })
    }
}
