// The parsed form of a macro template: a tree of documents, each a list of text runs and macro calls.
// Offsets are UTF-16 code units into the template's pre-processed text, as JavaScript counts them ({{pick}} seeds on
// them).

/// A piece of template text parsed as a sequence of text runs and macros; arguments and scoped contents are
/// documents of their own, parsed once together with the template.
struct MacroDocument: Sendable {
    /// The range of the template this document covers.
    var range: Range<Int>
    /// Added to a macro's offset within this document to get the position `{{pick}}` seeds on.
    var positionBase: Int
    var items: [DocumentItem]
}

enum DocumentItem: Sendable {
    /// Plain text, copied as is (also a macro kept raw: an unmatched `{{/x}}` or a block its macro cannot take);
    /// decoded once at parse time.
    case text(String)
    case macro(MacroNode)
}

/// One `{{…}}`. A class so that evaluation passes it around without copying its contents.
final class MacroNode: Sendable {
    /// From the opening `{{` to the closing `}}`, both included.
    let range: Range<Int>
    /// Between the braces.
    let innerRange: Range<Int>
    /// `#` (keep the block's whitespace).
    let preservesWhitespace: Bool
    /// `/` (closes a block such as `{{/if}}`).
    let isClosing: Bool
    let body: Body

    init(range: Range<Int>, innerRange: Range<Int>, preservesWhitespace: Bool, isClosing: Bool, body: Body) {
        self.range = range
        self.innerRange = innerRange
        self.preservesWhitespace = preservesWhitespace
        self.isClosing = isClosing
        self.body = body
    }

    /// The same macro with another body (a call that gained its block or `{{if}}` branches).
    func with(_ body: Body) -> MacroNode {
        MacroNode(range: range, innerRange: innerRange, preservesWhitespace: preservesWhitespace, isClosing: isClosing,
                  body: body)
    }

    enum Body: Sendable {
        case call(MacroCall)
        case variable(VariableExpression)
    }

    var call: MacroCall? {
        if case .call(let call) = body { return call }
        return nil
    }
}

/// A named macro with its arguments: `{{name}}`, `{{name::a::b}}`, `{{name a}}`, `{{name:a}}`, `{{// note}}`.
final class MacroCall: Sendable {
    /// As written (`//` for a comment).
    let name: String
    /// Lowercased, for lookups.
    let key: String
    /// The built-in macro of that name, looked up once at parse time.
    let definition: MacroDefinition?
    let arguments: [MacroArgument]
    /// The text between `{{name}}` and `{{/name}}`, when this macro opens a block.
    let block: MacroBlock?
    /// For `{{if}}`: the condition and branches, parsed ahead because only the chosen branch is evaluated.
    let conditional: Conditional?

    init(name: String, key: String, definition: MacroDefinition?, arguments: [MacroArgument], block: MacroBlock?,
         conditional: Conditional?) {
        self.name = name
        self.key = key
        self.definition = definition
        self.arguments = arguments
        self.block = block
        self.conditional = conditional
    }

    func with(block: MacroBlock?) -> MacroCall {
        MacroCall(name: name, key: key, definition: definition, arguments: arguments, block: block, conditional: conditional)
    }

    func with(conditional: Conditional?) -> MacroCall {
        MacroCall(name: name, key: key, definition: definition, arguments: arguments, block: block, conditional: conditional)
    }
}

struct MacroArgument: Sendable {
    /// The argument's text without surrounding whitespace; nil when it is empty.
    var range: Range<Int>?
    /// The argument parsed as a document (empty when `range` is nil).
    var document: MacroDocument
}

struct MacroBlock: Sendable {
    /// Between the opening macro's `}}` and the closing macro's `{{` (may be empty).
    var contentRange: Range<Int>
    /// Just past the closing macro's `}}`.
    var closingEnd: Int
    var document: MacroDocument
}

/// `{{if cond}}then{{else}}other{{/if}}` and `{{if::cond::then}}`, split at parse time.
struct Conditional: Sendable {
    var inverted: Bool
    var condition: MacroDocument
    var thenBranch: MacroDocument
    var elseBranch: MacroDocument?
}

/// `{{.name}}` (chat variable) or `{{$name}}` (global variable), with an optional operator.
final class VariableExpression: Sendable {
    let scope: VariableScope
    let name: String
    let operation: Operation
    /// The operand after `=`, `+=`, `??` …, trimmed; nil for `++`, `--` and plain reads.
    let operand: MacroDocument?

    init(scope: VariableScope, name: String, operation: Operation, operand: MacroDocument?) {
        self.scope = scope
        self.name = name
        self.operation = operation
        self.operand = operand
    }

    enum Operation: String, Sendable {
        case get, set, add, subtract, increment, decrement
        case logicalOr, nullishCoalescing, logicalOrAssign, nullishCoalescingAssign
        case equals, notEquals, greaterThan, greaterThanOrEqual, lessThan, lessThanOrEqual
    }
}

/// UTF-16 code units → String, with a fast path for ASCII (most template text).
func decodeUTF16<C: Collection>(_ units: C) -> String where C.Element == UInt16 {
    let count = units.count
    if count == 0 { return "" }
    if units.allSatisfy({ $0 < 0x80 }) {
        return String(unsafeUninitializedCapacity: count) { buffer in
            var index = 0
            for unit in units {
                buffer[index] = UInt8(truncatingIfNeeded: unit)
                index += 1
            }
            return count
        }
    }
    return String(decoding: units, as: UTF16.self)
}
