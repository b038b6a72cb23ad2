import JSCompat

/// What a built-in macro's argument must look like; a mismatch leaves the macro verbatim.
enum ArgumentType: Sendable {
    case string, integer, number, boolean, stringOrNumber

    func accepts(_ value: String) -> Bool {
        let trimmed = JSWhitespace.trim(value)
        switch self {
        case .string, .stringOrNumber: return true
        case .integer:
            var digits = Substring(trimmed)
            if digits.hasPrefix("-") { digits = digits.dropFirst() }
            return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
        case .number: return JSNumber.parse(trimmed).isFinite
        case .boolean: return BuiltinMacros.isTrueBoolean(trimmed) || BuiltinMacros.isFalseBoolean(trimmed)
        }
    }
}

/// A built-in macro: its arguments and what it does.
final class MacroDefinition: Sendable {
    let name: String
    /// Types of the fixed arguments; those from `minimumArguments` on are optional.
    let argumentTypes: [ArgumentType]
    let minimumArguments: Int
    /// Extra arguments collected as a list (`{{random::a::b::c}}`): the minimum and maximum count (nil = any).
    let list: (minimum: Int, maximum: Int?)?
    /// `{{if}}` receives its arguments unevaluated.
    let delaysArguments: Bool
    /// Returns nil when the macro fails (it is then left verbatim).
    let handler: @Sendable (MacroInvocation) -> String?

    init(name: String, argumentTypes: [ArgumentType] = [], minimumArguments: Int = 0,
         list: (minimum: Int, maximum: Int?)? = nil, delaysArguments: Bool = false,
         handler: @escaping @Sendable (MacroInvocation) -> String?) {
        self.name = name
        self.argumentTypes = argumentTypes
        self.minimumArguments = minimumArguments
        self.list = list
        self.delaysArguments = delaysArguments
        self.handler = handler
    }

    var maximumArguments: Int { argumentTypes.count }

    func acceptsArgumentCount(_ count: Int) -> Bool {
        guard let list else { return count >= minimumArguments && count <= maximumArguments }
        if count < minimumArguments + list.minimum { return false }
        let listCount = max(0, count - maximumArguments)
        if let maximum = list.maximum, listCount > maximum { return false }
        return true
    }
}

/// One call of a built-in macro, with its arguments checked.
struct MacroInvocation {
    /// The fixed arguments (at most `maximumArguments`).
    let arguments: [String]
    /// The list arguments, for list macros.
    let list: [String]
    /// Called as `{{x}}…{{/x}}`.
    let isBlock: Bool
    let call: MacroCall
    let node: MacroNode
    /// The macro's offset in the text, as `{{pick}}` seeds on it.
    let position: Int
    let evaluator: MacroEvaluator

    var environment: any MacroEnvironment { evaluator.environment }

    /// Checks the count and types; nil when the macro must stay verbatim.
    init?(definition: MacroDefinition, arguments: [String], call: MacroCall, node: MacroNode, position: Int,
          evaluator: MacroEvaluator) {
        guard definition.acceptsArgumentCount(arguments.count) else { return nil }
        let fixedCount = min(arguments.count, definition.maximumArguments)
        let fixed = Array(arguments.prefix(fixedCount))
        for (value, type) in zip(fixed, definition.argumentTypes) where !type.accepts(value) {
            return nil
        }
        self.arguments = fixed
        list = definition.list == nil ? [] : Array(arguments.dropFirst(definition.maximumArguments))
        isBlock = call.block != nil
        self.call = call
        self.node = node
        self.position = position
        self.evaluator = evaluator
    }

    func argument(_ index: Int) -> String? {
        index < arguments.count ? arguments[index] : nil
    }
}
