import Foundation
import JSCompat

/// Evaluates a parsed template against one environment, once. Holds the per-evaluation state (the one-shot
/// `{{original}}`).
final class MacroEvaluator {
    let units: [UInt16]
    let environment: any MacroEnvironment
    let contentHash: Double
    var originalUsed = false

    init(template: MacroTemplate, environment: any MacroEnvironment) {
        units = template.units
        self.environment = environment
        contentHash = template.contentHash
    }

    func text(_ range: Range<Int>) -> String {
        decodeUTF16(units[range])
    }

    /// A whole text: evaluated, then post-processed (also used for `{{if}}` branches, which upstream evaluates as
    /// fresh texts).
    func evaluateTopLevel(_ document: MacroDocument) -> String {
        MacroEngine.postProcess(evaluate(document))
    }

    func evaluate(_ document: MacroDocument) -> String {
        if document.items.count == 1, case .text(let text) = document.items[0] { return text }
        var result = ""
        for item in document.items {
            switch item {
            case .text(let text):
                result += text
            case .macro(let node):
                result += evaluate(node, in: document)
            }
        }
        return result
    }

    func evaluate(_ node: MacroNode, in document: MacroDocument) -> String {
        let position = document.positionBase + (node.range.lowerBound - document.range.lowerBound)
        switch node.body {
        case .variable(let expression):
            return evaluate(expression)
        case .call(let call):
            return evaluate(call, node: node, position: position)
        }
    }

    // MARK: Named macros

    func evaluate(_ call: MacroCall, node: MacroNode, position: Int) -> String {
        let definition = call.definition
        let delays = definition?.delaysArguments ?? false
        var arguments: [String] = []
        var spliced: [(range: Range<Int>, value: String)] = []
        for argument in call.arguments {
            let value: String
            if delays {
                value = argument.range.map(text) ?? ""
            } else {
                value = evaluate(argument.document)
            }
            arguments.append(value)
            if let range = argument.range { spliced.append((range, value)) }
        }
        if let block = call.block {
            if block.contentRange.isEmpty {
                arguments.append("")
            } else {
                var value: String
                if delays {
                    value = text(block.contentRange)
                } else {
                    value = evaluate(block.document)
                    if !node.preservesWhitespace { value = MacroEngine.trimBlockContent(value) }
                }
                arguments.append(value)
                spliced.append((block.contentRange, value))
            }
        }
        // The text a macro left verbatim stands for; built only when needed.
        func raw() -> String { "{{" + rawInner(node, spliced: spliced) + "}}" }

        if let scoped = environment.scopedMacro(named: call.key) {
            if scoped.strictArguments, !scoped.argumentCount.contains(arguments.count) { return raw() }
            return environment.postProcess(scoped.evaluate(arguments))
        }
        guard let definition else { return raw() }
        guard let invocation = MacroInvocation(definition: definition, arguments: arguments, call: call, node: node,
                                               position: position, evaluator: self),
              let result = definition.handler(invocation) else { return raw() }
        return environment.postProcess(result)
    }

    /// The text between the braces with evaluated arguments spliced in, as upstream rebuilds it for a macro it
    /// leaves verbatim. For a block the splice runs past the opening macro's braces (upstream does the same), so
    /// an unknown `{{x}}a{{/x}}` comes out as `{{x}}a}}`.
    func rawInner(_ node: MacroNode, spliced: [(range: Range<Int>, value: String)]) -> String {
        var result = ""
        var cursor = node.innerRange.lowerBound
        for entry in spliced.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            if entry.range.lowerBound > cursor { result += text(cursor..<entry.range.lowerBound) }
            result += entry.value
            cursor = entry.range.upperBound
        }
        if cursor < node.innerRange.upperBound { result += text(cursor..<node.innerRange.upperBound) }
        return result
    }

    // MARK: {{if}}

    func evaluateConditional(_ conditional: Conditional, preservesWhitespace: Bool) -> String {
        var condition = evaluateTopLevel(conditional.condition)
        if let (scope, name) = BuiltinMacros.variableShorthand(condition) {
            let reading = VariableSemantics(environment: environment, scope: scope).get(name)
            condition = MacroEngine.postProcess(environment.postProcess(reading.macroText))
        } else if let definition = BuiltinMacros.definition(for: condition.lowercased()),
                  definition.minimumArguments == 0, BuiltinMacros.isIdentifier(condition) {
            condition = MacroEngine.expand(MacroTemplate("{{\(condition)}}"), in: EnvironmentBox(environment))
        }
        var isFalsy = condition.isEmpty || BuiltinMacros.isFalseBoolean(condition)
        if conditional.inverted { isFalsy.toggle() }
        guard let branch = isFalsy ? conditional.elseBranch : conditional.thenBranch else { return "" }
        let result = evaluateTopLevel(branch)
        return preservesWhitespace ? result : MacroEngine.trimBlockContent(result)
    }

    // MARK: Variable shorthand

    func evaluate(_ expression: VariableExpression) -> String {
        let variables = VariableSemantics(environment: environment, scope: expression.scope)
        let name = expression.name
        var cachedOperand: String?
        func operand() -> String {
            if let cachedOperand { return cachedOperand }
            let value = expression.operand.map { JSWhitespace.trim(evaluate($0)) } ?? ""
            cachedOperand = value
            return value
        }
        func isFalsy(_ reading: VariableReading) -> Bool {
            !reading.isTruthy || BuiltinMacros.isFalseBoolean(reading.macroText)
        }
        func compare(_ test: (Double, Double) -> Bool) -> String {
            let current = variables.get(name).numberValue
            let other = JSNumber.parse(operand())
            if current.isNaN || other.isNaN { return "false" }
            return test(current, other) ? "true" : "false"
        }
        switch expression.operation {
        case .get:
            return variables.get(name).macroText
        case .set:
            variables.set(name, to: .text(operand()))
            return ""
        case .increment:
            return variables.add(name, .number(1))?.macroText ?? ""
        case .decrement:
            return variables.add(name, .number(-1))?.macroText ?? ""
        case .add:
            variables.add(name, .text(operand()))
            return ""
        case .subtract:
            let number = JSNumber.parse(operand())
            if !number.isNaN { variables.add(name, .number(-number)) }
            return ""
        case .logicalOr:
            let current = variables.get(name)
            return isFalsy(current) ? operand() : current.macroText
        case .nullishCoalescing:
            return variables.has(name) ? variables.get(name).macroText : operand()
        case .logicalOrAssign:
            let current = variables.get(name)
            if isFalsy(current) {
                variables.set(name, to: .text(operand()))
                return operand()
            }
            return current.macroText
        case .nullishCoalescingAssign:
            if !variables.has(name) {
                variables.set(name, to: .text(operand()))
                return operand()
            }
            return variables.get(name).macroText
        case .equals:
            return variables.get(name).macroText == operand() ? "true" : "false"
        case .notEquals:
            return variables.get(name).macroText != operand() ? "true" : "false"
        case .greaterThan: return compare(>)
        case .greaterThanOrEqual: return compare(>=)
        case .lessThan: return compare(<)
        case .lessThanOrEqual: return compare(<=)
        }
    }
}

/// Lets an existential environment be passed where a generic one is expected.
struct EnvironmentBox: MacroEnvironment {
    let base: any MacroEnvironment
    init(_ base: any MacroEnvironment) { self.base = base }

    func scopedMacro(named name: String) -> ScopedMacro? { base.scopedMacro(named: name) }
    var userName: String { base.userName }
    var characterName: String { base.characterName }
    var groupNames: String { base.groupNames }
    var groupNamesNotMuted: String { base.groupNamesNotMuted }
    var notCharacterNames: String { base.notCharacterNames }
    var modelName: String { base.modelName }
    var maxContextTokens: Int { base.maxContextTokens }
    var maxResponseTokens: Int { base.maxResponseTokens }
    var originalText: String? { base.originalText }
    func characterField(_ field: CharacterField) -> String? { base.characterField(field) }
    func variable(_ name: String, in scope: VariableScope) -> VariableValue? { base.variable(name, in: scope) }
    func setVariable(_ name: String, to value: VariableValue?, in scope: VariableScope) { base.setVariable(name, to: value, in: scope) }
    var chatMessageCount: Int { base.chatMessageCount }
    func chatMessage(at index: Int) -> MacroChatMessage? { base.chatMessage(at: index) }
    var reasoningFormatting: ReasoningFormatting { base.reasoningFormatting }
    var now: Date { base.now }
    var timeZone: TimeZone { base.timeZone }
    func randomUnit() -> Double { base.randomUnit() }
    var chatIDHash: Double { base.chatIDHash }
    var pickRerollSeed: String? { base.pickRerollSeed }
    func postProcess(_ macroResult: String) -> String { base.postProcess(macroResult) }
}
