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
    /// Plain text, copied as is (also a macro kept raw: an unmatched `{{/x}}` or a block its macro cannot take).
    case text(Range<Int>)
    case macro(MacroNode)
}

/// One `{{…}}`.
struct MacroNode: Sendable {
    /// From the opening `{{` to the closing `}}`, both included.
    var range: Range<Int>
    /// Between the braces.
    var innerRange: Range<Int>
    /// `#` (keep the block's whitespace).
    var preservesWhitespace: Bool
    /// `/` (closes a block such as `{{/if}}`).
    var isClosing: Bool
    var body: Body

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
struct MacroCall: Sendable {
    /// As written (`//` for a comment).
    var name: String
    /// Lowercased, for lookups.
    var key: String
    var arguments: [MacroArgument]
    /// The text between `{{name}}` and `{{/name}}`, when this macro opens a block.
    var block: MacroBlock?
    /// For `{{if}}`: the condition and branches, parsed ahead because only the chosen branch is evaluated.
    var conditional: Conditional?
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
struct VariableExpression: Sendable {
    var scope: VariableScope
    var name: String
    var operation: Operation
    /// The operand after `=`, `+=`, `??` …, trimmed; nil for `++`, `--` and plain reads.
    var operand: MacroDocument?

    enum Operation: String, Sendable {
        case get, set, add, subtract, increment, decrement
        case logicalOr, nullishCoalescing, logicalOrAssign, nullishCoalescingAssign
        case equals, notEquals, greaterThan, greaterThanOrEqual, lessThan, lessThanOrEqual
    }
}
