import JSCompat

// A hand-written scanner for SillyTavern's macro syntax (Macros 2.0). It follows the upstream lexer's modes:
// plain text → `{{` → flags, `//`, `.name`/`$name` or an identifier → arguments until the matching `}}`.
// A macro that does not parse is plain text (its `{{` is kept and scanning goes on after it, so macros nested in
// it still expand), which is what the upstream parser's error recovery amounts to.

struct MacroParser {
    let units: [UInt16]

    /// Deeper nesting than this is treated as text, so hostile input cannot exhaust the stack.
    static let maximumNesting = 64

    /// Steps left before the rest of the text is read as plain text: a bound on the work hostile input (thousands
    /// of unclosed `{{`) can cause; ordinary text stays far below it.
    final class Budget {
        var remaining: Int
        init(_ remaining: Int) { self.remaining = remaining }

        /// Takes one step; false once the budget is spent.
        @inline(__always) func step() -> Bool {
            remaining -= 1
            return remaining > 0
        }
    }

    let budget: Budget

    init(units: [UInt16]) {
        self.units = units
        budget = Budget(1_000_000 + 40 * units.count)
    }

    // MARK: Documents

    /// Parses `range` as a document: text runs and macros, with `{{x}}…{{/x}}` blocks paired.
    func parseDocument(_ range: Range<Int>, positionBase: Int, depth: Int = 0, pairsBlocks: Bool = true) -> MacroDocument {
        var items: [DocumentItem] = []
        var textStart = range.lowerBound
        var index = range.lowerBound
        while index + 1 < range.upperBound {
            guard units[index] == Unit.openBrace, units[index + 1] == Unit.openBrace, budget.remaining > 0 else {
                index += 1
                continue
            }
            // `{{{`: the first brace is text, the macro starts at the second (not in an operand, which upstream
            // lexes like arguments).
            if pairsBlocks, index + 2 < range.upperBound, units[index + 2] == Unit.openBrace {
                index += 1
                continue
            }
            if depth < MacroParser.maximumNesting,
               let node = parseMacro(at: index, limit: range.upperBound, document: range, positionBase: positionBase,
                                     depth: depth) {
                if textStart < index { items.append(.text(string(textStart..<index))) }
                items.append(.macro(node))
                index = node.range.upperBound
                textStart = index
            } else if !pairsBlocks, let (replacement, resume) = failedOperandMacro(at: index, limit: range.upperBound) {
                if textStart < index { items.append(.text(string(textStart..<index))) }
                items.append(.text(replacement))
                index = resume
                textStart = index
            } else {
                index += 2
            }
        }
        if textStart < range.upperBound { items.append(.text(string(textStart..<range.upperBound))) }
        let document = MacroDocument(range: range, positionBase: positionBase, items: items)
        return pairsBlocks ? pairBlocks(in: document, depth: depth) : document
    }

    /// Inside a shorthand operand upstream evaluates a `{{` that starts no macro as an empty macro: its braces with
    /// the flags read so far (`{{!}}`), or nothing after a bare `.`/`$`; text resumes after what was read.
    func failedOperandMacro(at start: Int, limit: Int) -> (String, Int)? {
        var index = start + 2
        var lastTokenEnd = start + 2
        while index < limit {
            let unit = units[index]
            if isWhitespace(unit) {
                index += 1
            } else if unit == Unit.slash, index + 1 < limit, units[index + 1] == Unit.slash {
                return nil
            } else if unit == Unit.dot || unit == Unit.dollar {
                var next = index + 1
                while next < limit, isWhitespace(units[next]) { next += 1 }
                guard next >= limit || !isLetter(units[next]) else { return nil }
                return ("", index + 1)
            } else if flagCharacter(unit) != nil {
                index += 1
                lastTokenEnd = index
            } else if isLetter(unit) {
                return nil
            } else {
                break
            }
        }
        return ("{{" + string((start + 2)..<lastTokenEnd) + "}}", lastTokenEnd)
    }

    // MARK: One macro

    /// Parses the macro whose `{{` is at `start`; nil when it is not a well-formed macro.
    func parseMacro(at start: Int, limit: Int, document: Range<Int>, positionBase: Int, depth: Int) -> MacroNode? {
        var index = start + 2
        var preservesWhitespace = false
        var isClosing = false
        while index < limit {
            let unit = units[index]
            if isWhitespace(unit) {
                index += 1
            } else if unit == Unit.slash, index + 1 < limit, units[index + 1] == Unit.slash {
                // `{{// comment}}`: the arguments follow directly.
                guard let scan = scanArguments(from: index + 2, limit: limit, depth: depth) else { return nil }
                return makeCall(name: "//", start: start, nameEnd: index + 2, scan: scan, preservesWhitespace: preservesWhitespace,
                                isClosing: isClosing, positionBase: positionBase, document: document, depth: depth)
            } else if unit == Unit.dot || unit == Unit.dollar {
                guard !isClosing else { return nil }
                return parseVariable(at: start, prefix: index, limit: limit, document: document, positionBase: positionBase,
                                     depth: depth, preservesWhitespace: preservesWhitespace)
            } else if let flag = flagCharacter(unit) {
                if flag == Unit.hash { preservesWhitespace = true }
                if flag == Unit.slash { isClosing = true }
                index += 1
            } else if isLetter(unit) {
                let nameStart = index
                index += 1
                while index < limit, isIdentifierPart(units[index]) { index += 1 }
                let nameEnd = index
                // After the name: `}}`, or whitespace / `:` / `|` / `}` starting the arguments; anything else is
                // dropped by the upstream lexer (it reports an error and skips the character).
                while index < limit {
                    if isClose(at: index, limit: limit) {
                        let scan = ArgumentScan(tokens: [], end: index)
                        return makeCall(name: string(nameStart..<nameEnd), start: start, nameEnd: nameEnd, scan: scan,
                                        preservesWhitespace: preservesWhitespace, isClosing: isClosing,
                                        positionBase: positionBase, document: document, depth: depth)
                    }
                    let next = units[index]
                    if isWhitespace(next) || next == Unit.colon || next == Unit.pipe || next == Unit.closeBrace {
                        guard let scan = scanArguments(from: index, limit: limit, depth: depth) else { return nil }
                        return makeCall(name: string(nameStart..<nameEnd), start: start, nameEnd: nameEnd, scan: scan,
                                        preservesWhitespace: preservesWhitespace, isClosing: isClosing,
                                        positionBase: positionBase, document: document, depth: depth)
                    }
                    index += 1
                }
                return nil
            } else {
                return nil
            }
        }
        return nil
    }

    /// A significant token inside a macro's arguments (whitespace is skipped, as upstream).
    struct ArgumentToken {
        enum Kind { case doubleColon, colon, other }
        var kind: Kind
        var range: Range<Int>
    }

    struct ArgumentScan {
        var tokens: [ArgumentToken]
        /// Index of the closing `}}`.
        var end: Int
    }

    /// Scans arguments up to the macro's `}}`, stepping over nested macros; nil when the macro is never closed.
    func scanArguments(from start: Int, limit: Int, depth: Int) -> ArgumentScan? {
        var tokens: [ArgumentToken] = []
        var index = start
        while index < limit {
            guard budget.step() else { return nil }
            let unit = units[index]
            if isClose(at: index, limit: limit) {
                return ArgumentScan(tokens: tokens, end: index)
            }
            if unit == Unit.openBrace, index + 1 < limit, units[index + 1] == Unit.openBrace {
                let nested = depth + 1 < MacroParser.maximumNesting ? extent(at: index, limit: limit, depth: depth + 1) : .invalid
                if case .closed(let nestedEnd) = nested {
                    tokens.append(ArgumentToken(kind: .other, range: index..<nestedEnd))
                    index = nestedEnd
                } else if case .unclosed = nested {
                    // A macro inside that never closes leaves no `}}` for this one either.
                    return nil
                } else {
                    // Upstream's lexer has taken both braces as a macro start that then failed; they stay text
                    // and cannot pair with a following brace.
                    tokens.append(ArgumentToken(kind: .other, range: index..<(index + 2)))
                    index += 2
                }
            } else if unit == Unit.colon {
                if index + 1 < limit, units[index + 1] == Unit.colon {
                    tokens.append(ArgumentToken(kind: .doubleColon, range: index..<(index + 2)))
                    index += 2
                } else {
                    tokens.append(ArgumentToken(kind: .colon, range: index..<(index + 1)))
                    index += 1
                }
            } else if isWhitespace(unit) {
                index += 1
            } else {
                // Runs of text (whitespace between them included) only matter by where they start and end.
                if let last = tokens.last, last.kind == .other {
                    tokens[tokens.count - 1].range = last.range.lowerBound..<(index + 1)
                } else {
                    tokens.append(ArgumentToken(kind: .other, range: index..<(index + 1)))
                }
                index += 1
            }
        }
        return nil
    }

    /// Where a nested macro starting at `start` ends (just past its `}}`), nil when it does not parse.
    func nestedMacroEnd(at start: Int, limit: Int, depth: Int) -> Int? {
        guard depth < MacroParser.maximumNesting else { return nil }
        return parseMacro(at: start, limit: limit, document: start..<limit, positionBase: 0, depth: depth, shallow: true)
    }

    /// Splits scanned tokens into arguments: `::a::b` → two, ` a::b` or `:a::b` → one.
    func splitArguments(_ tokens: [ArgumentToken]) -> [Range<Int>?] {
        guard let first = tokens.first else { return [] }
        switch first.kind {
        case .doubleColon:
            var result: [Range<Int>?] = []
            var current: Range<Int>? = nil
            for token in tokens.dropFirst() {
                if token.kind == .doubleColon {
                    result.append(current)
                    current = nil
                } else {
                    current = current.map { $0.lowerBound..<token.range.upperBound } ?? token.range
                }
            }
            result.append(current)
            return result
        case .colon:
            // `{{name:}}` is one empty argument.
            let rest = tokens.dropFirst()
            guard let lower = rest.first?.range.lowerBound, let upper = rest.last?.range.upperBound else { return [nil] }
            return [lower..<upper]
        case .other:
            guard let last = tokens.last else { return [] }
            return [first.range.lowerBound..<last.range.upperBound]
        }
    }

    func makeCall(name: String, start: Int, nameEnd: Int, scan: ArgumentScan, preservesWhitespace: Bool, isClosing: Bool,
                  positionBase: Int, document: Range<Int>, depth: Int) -> MacroNode? {
        let range = start..<(scan.end + 2)
        let argumentRanges = splitArguments(scan.tokens)
        let key = name.lowercased()
        let position = positionBase + (start - document.lowerBound)
        let definition = BuiltinMacros.definition(for: key)
        let delaysArguments = definition?.delaysArguments ?? false
        var arguments: [MacroArgument] = []
        arguments.reserveCapacity(argumentRanges.count)
        for argumentRange in argumentRanges {
            if let argumentRange, !delaysArguments {
                let document = parseDocument(argumentRange, positionBase: position + (argumentRange.lowerBound - start),
                                             depth: depth + 1)
                arguments.append(MacroArgument(range: argumentRange, document: document))
            } else {
                let empty = MacroDocument(range: (argumentRange ?? start..<start), positionBase: position, items: [])
                arguments.append(MacroArgument(range: argumentRange, document: empty))
            }
        }
        var isClosing = isClosing
        // `{{///}}` lexes as a comment whose argument starts with `/`: upstream reads it as closing `{{//}}`.
        if !isClosing, name == "//", let first = scan.tokens.first(where: { $0.kind != .doubleColon }),
           units[first.range.lowerBound] == Unit.slash {
            isClosing = true
        }
        let call = MacroCall(name: name, key: key, definition: definition, arguments: arguments, block: nil, conditional: nil)
        let node = MacroNode(range: range, innerRange: (start + 2)..<scan.end, preservesWhitespace: preservesWhitespace,
                             isClosing: isClosing, body: .call(call))
        if key == "if", !isClosing, arguments.count == 2 {
            return node.with(.call(withConditional(call, content: arguments[1].range, position: position, depth: depth)))
        }
        return node
    }

    // MARK: Variable shorthand

    func parseVariable(at start: Int, prefix: Int, limit: Int, document: Range<Int>, positionBase: Int, depth: Int,
                       preservesWhitespace: Bool) -> MacroNode? {
        let scope: VariableScope = units[prefix] == Unit.dot ? .chat : .global
        var index = prefix + 1
        while index < limit, isWhitespace(units[index]) { index += 1 }
        guard index < limit, isLetter(units[index]) else { return nil }
        let nameStart = index
        index += 1
        while index < limit, isIdentifierPart(units[index]) { index += 1 }
        // The shorthand name must end with a word character (`x-` is not a name).
        while index > nameStart + 1, units[index - 1] == Unit.minus { index -= 1 }
        let name = string(nameStart..<index)
        while index < limit, isWhitespace(units[index]) { index += 1 }
        if isClose(at: index, limit: limit) {
            return variableNode(start: start, end: index, scope: scope, name: name, operation: .get, operand: nil,
                                preservesWhitespace: preservesWhitespace)
        }
        guard let (operation, length) = variableOperator(at: index, limit: limit) else {
            guard let end = strayIdentifierClose(at: index, limit: limit, depth: depth) else { return nil }
            return variableNode(start: start, end: end, scope: scope, name: name, operation: .get, operand: nil,
                                preservesWhitespace: preservesWhitespace)
        }
        index += length
        if operation == .increment || operation == .decrement {
            while index < limit, isWhitespace(units[index]) { index += 1 }
            let end = isClose(at: index, limit: limit) ? index : strayIdentifierClose(at: index, limit: limit, depth: depth)
            guard let end else { return nil }
            return variableNode(start: start, end: end, scope: scope, name: name, operation: operation, operand: nil,
                                preservesWhitespace: preservesWhitespace)
        }
        // The operand runs to the macro's `}}` and may hold nested macros.
        guard let scan = scanArguments(from: index, limit: limit, depth: depth) else { return nil }
        let position = positionBase + (start - document.lowerBound)
        var operand: MacroDocument
        if let first = scan.tokens.first, let last = scan.tokens.last {
            let range = first.range.lowerBound..<last.range.upperBound
            // Upstream evaluates the operand's macros one by one: no blocks, a closing `/` flag is ignored.
            operand = parseDocument(range, positionBase: position + (range.lowerBound - start), depth: depth + 1,
                                    pairsBlocks: false)
        } else {
            operand = MacroDocument(range: scan.end..<scan.end, positionBase: position, items: [])
        }
        return variableNode(start: start, end: scan.end, scope: scope, name: name, operation: operation, operand: operand,
                            preservesWhitespace: preservesWhitespace)
    }

    /// One stray word before the `}}` of a variable shorthand (`{{.x y}}`) is dropped by the upstream parser's
    /// error recovery; returns the index of that `}}`, nil for anything more.
    func strayIdentifierClose(at start: Int, limit: Int, depth: Int) -> Int? {
        var index = start
        guard index < limit, isLetter(units[index]) else { return nil }
        while index < limit, isIdentifierPart(units[index]) { index += 1 }
        while index < limit {
            if isClose(at: index, limit: limit) { return index }
            let unit = units[index]
            if isWhitespace(unit) || unit == Unit.colon || unit == Unit.pipe || unit == Unit.closeBrace {
                guard let scan = scanArguments(from: index, limit: limit, depth: depth), scan.tokens.isEmpty else { return nil }
                return scan.end
            }
            index += 1
        }
        return nil
    }

    func variableNode(start: Int, end: Int, scope: VariableScope, name: String, operation: VariableExpression.Operation,
                      operand: MacroDocument?, preservesWhitespace: Bool) -> MacroNode {
        let expression = VariableExpression(scope: scope, name: name, operation: operation, operand: operand)
        return MacroNode(range: start..<(end + 2), innerRange: (start + 2)..<end, preservesWhitespace: preservesWhitespace,
                         isClosing: false, body: .variable(expression))
    }

    /// The operator at `index`, longest first as the upstream lexer tries them.
    func variableOperator(at index: Int, limit: Int) -> (VariableExpression.Operation, Int)? {
        let operators: [(String, VariableExpression.Operation)] = [
            ("++", .increment), ("--", .decrement), ("??=", .nullishCoalescingAssign), ("??", .nullishCoalescing),
            ("||=", .logicalOrAssign), ("||", .logicalOr), ("-=", .subtract), ("==", .equals), ("!=", .notEquals),
            (">=", .greaterThanOrEqual), (">", .greaterThan), ("<=", .lessThanOrEqual), ("<", .lessThan),
            ("+=", .add), ("=", .set),
        ]
        for (symbol, operation) in operators where matches(symbol, at: index, limit: limit) {
            return (operation, symbol.utf16.count)
        }
        return nil
    }

    // MARK: Blocks

    /// Pairs `{{x}}…{{/x}}` at this document's top level, as the upstream walker does: the outermost pairs win, the
    /// content becomes the opening macro's last argument, an unmatched closing macro stays text, and a pair whose
    /// macro cannot take one more argument stays text on both ends.
    func pairBlocks(in document: MacroDocument, depth: Int) -> MacroDocument {
        struct Info { var item: Int; var key: String; var isClosing: Bool; var argumentCount: Int }
        var infos: [Info] = []
        for (offset, item) in document.items.enumerated() {
            guard case .macro(let node) = item, let call = node.call else { continue }
            infos.append(Info(item: offset, key: call.key, isClosing: node.isClosing, argumentCount: call.arguments.count))
        }
        // Only names that appear in a closing macro can open a block.
        let closingKeys = Set(infos.lazy.filter(\.isClosing).map(\.key))
        guard !closingKeys.isEmpty else { return document }

        var matched = Array(repeating: false, count: infos.count)
        var keepRaw = Set<Int>()
        var pairs: [(open: Int, close: Int)] = []
        var insideBlock = Set<Int>()
        for opener in infos.indices {
            let info = infos[opener]
            if info.isClosing || matched[opener] || !closingKeys.contains(info.key) || insideBlock.contains(info.item) {
                continue
            }
            var nesting = 1
            var closer: Int? = nil
            for candidate in (opener + 1)..<infos.count where infos[candidate].key == info.key && !matched[candidate] {
                if infos[candidate].isClosing {
                    nesting -= 1
                    if nesting == 0 { closer = candidate; break }
                } else if BuiltinMacros.acceptsBlock(infos[candidate].key, argumentCount: infos[candidate].argumentCount) {
                    nesting += 1
                }
            }
            guard let closer else { continue }
            matched[opener] = true
            matched[closer] = true
            guard BuiltinMacros.acceptsBlock(info.key, argumentCount: info.argumentCount) else {
                keepRaw.insert(infos[opener].item)
                keepRaw.insert(infos[closer].item)
                continue
            }
            pairs.append((infos[opener].item, infos[closer].item))
            for inner in (infos[opener].item + 1)..<infos[closer].item { insideBlock.insert(inner) }
        }
        for index in infos.indices where infos[index].isClosing && !matched[index] {
            keepRaw.insert(infos[index].item)
        }

        var items = document.items
        var removed = Set<Int>()
        for (open, close) in pairs {
            guard case .macro(let node) = items[open], case .macro(let closing) = items[close],
                  let opening = node.call else { continue }
            let contentRange = node.range.upperBound..<closing.range.lowerBound
            let position = document.positionBase + (node.range.lowerBound - document.range.lowerBound)
            let delays = opening.definition?.delaysArguments ?? false
            let content = delays
                ? MacroDocument(range: contentRange, positionBase: position, items: [])
                : parseDocument(contentRange, positionBase: position + (contentRange.lowerBound - node.range.lowerBound),
                                depth: depth + 1)
            var call = opening.with(block: MacroBlock(contentRange: contentRange, closingEnd: closing.range.upperBound,
                                                      document: content))
            if call.key == "if", call.arguments.count == 1 {
                call = withConditional(call, content: contentRange, position: position, depth: depth)
            }
            items[open] = .macro(node.with(.call(call)))
            for index in (open + 1)...close { removed.insert(index) }
        }
        for index in keepRaw {
            if case .macro(let node) = items[index] { items[index] = .text(string(node.range)) }
        }
        var result = document
        result.items = items.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        return result
    }

    // MARK: {{if}}

    /// Prepares `{{if}}`: strips a leading `!` from the condition and splits the content at its top-level `{{else}}`.
    func withConditional(_ call: MacroCall, content: Range<Int>?, position: Int, depth: Int) -> MacroCall {
        var conditionRange = call.arguments[0].range ?? position..<position
        var inverted = false
        var index = conditionRange.lowerBound
        while index < conditionRange.upperBound, isWhitespace(units[index]) { index += 1 }
        if index < conditionRange.upperBound, units[index] == Unit.exclamation {
            inverted = true
            index += 1
            while index < conditionRange.upperBound, isWhitespace(units[index]) { index += 1 }
            conditionRange = index..<conditionRange.upperBound
        }
        // Branches are evaluated like a fresh text whose positions start at the `{{if}}` macro.
        let condition = parseDocument(conditionRange, positionBase: position - conditionRange.lowerBound + conditionRange.lowerBound,
                                      depth: depth + 1)
        let contentRange = content ?? position..<position
        let (thenRange, elseRange) = splitAtElse(contentRange, depth: depth)
        let thenBranch = parseDocument(thenRange, positionBase: position, depth: depth + 1)
        let elseBranch = elseRange.map { parseDocument($0, positionBase: position, depth: depth + 1) }
        return call.with(conditional: Conditional(inverted: inverted, condition: condition, thenBranch: thenBranch,
                                                  elseBranch: elseBranch))
    }

    /// The first `{{else}}` not inside a nested `{{if cond}}…{{/if}}` (names compared exactly, as upstream).
    func splitAtElse(_ range: Range<Int>, depth: Int) -> (Range<Int>, Range<Int>?) {
        var nesting = 0
        var index = range.lowerBound
        while index + 1 < range.upperBound {
            guard units[index] == Unit.openBrace, units[index + 1] == Unit.openBrace else { index += 1; continue }
            if index + 2 < range.upperBound, units[index + 2] == Unit.openBrace { index += 1; continue }
            guard depth < MacroParser.maximumNesting,
                  let node = parseMacro(at: index, limit: range.upperBound, document: range, positionBase: 0, depth: depth + 1,
                                        shallow: true).map({ end in (end, shallowCall(at: index, end: end)) }) else {
                // Upstream parses a macro left open at the end as one node holding everything after it, so no
                // `{{else}}` after it is at the top level.
                if isUnclosed(at: index, limit: range.upperBound, depth: depth + 1) { return (range, nil) }
                index += 2
                continue
            }
            let (end, info) = node
            if let info {
                if info.name == "if", !info.isClosing, info.argumentCount == 1 {
                    nesting += 1
                } else if info.name == "if", info.isClosing {
                    nesting -= 1
                } else if info.name == "else", nesting == 0 {
                    return (range.lowerBound..<index, end..<range.upperBound)
                }
            }
            index = end
        }
        return (range, nil)
    }

    /// Where a macro ends, or why it does not: never closed before the end of the text, or not a macro at all.
    enum Extent {
        case closed(end: Int)
        case unclosed
        case invalid

        var end: Int? {
            if case .closed(let end) = self { return end }
            return nil
        }
    }

    /// Whether the macro starting at `start` fails only because the text ends before its `}}`.
    func isUnclosed(at start: Int, limit: Int, depth: Int) -> Bool {
        if case .unclosed = extent(at: start, limit: limit, depth: depth) { return true }
        return false
    }

    // MARK: Shallow parsing (extent only)

    /// Like `parseMacro` but only finds where the macro ends, without building documents for its arguments.
    func parseMacro(at start: Int, limit: Int, document: Range<Int>, positionBase: Int, depth: Int, shallow: Bool) -> Int? {
        extent(at: start, limit: limit, depth: depth).end
    }

    func extent(at start: Int, limit: Int, depth: Int) -> Extent {
        func arguments(from index: Int) -> Extent {
            scanArguments(from: index, limit: limit, depth: depth).map { .closed(end: $0.end + 2) } ?? .unclosed
        }
        var index = start + 2
        while index < limit {
            let unit = units[index]
            if unit == Unit.slash, index + 1 < limit, units[index + 1] == Unit.slash {
                return arguments(from: index + 2)
            } else if isWhitespace(unit) || flagCharacter(unit) != nil {
                index += 1
            } else if unit == Unit.dot || unit == Unit.dollar {
                return variableExtent(prefix: index, limit: limit, depth: depth)
            } else if isLetter(unit) {
                index += 1
                while index < limit, isIdentifierPart(units[index]) { index += 1 }
                while index < limit {
                    if isClose(at: index, limit: limit) { return .closed(end: index + 2) }
                    let next = units[index]
                    if isWhitespace(next) || next == Unit.colon || next == Unit.pipe || next == Unit.closeBrace {
                        return arguments(from: index)
                    }
                    index += 1
                }
                return .unclosed
            } else {
                return .invalid
            }
        }
        return .unclosed
    }

    func variableExtent(prefix: Int, limit: Int, depth: Int) -> Extent {
        var index = prefix + 1
        func skipWhitespace() { while index < limit, isWhitespace(units[index]) { index += 1 } }
        skipWhitespace()
        guard index < limit else { return .unclosed }
        guard isLetter(units[index]) else { return .invalid }
        index += 1
        while index < limit, isIdentifierPart(units[index]) { index += 1 }
        while units[index - 1] == Unit.minus { index -= 1 }
        skipWhitespace()
        guard index < limit else { return .unclosed }
        if isClose(at: index, limit: limit) { return .closed(end: index + 2) }
        guard let (operation, length) = variableOperator(at: index, limit: limit) else {
            return strayIdentifierClose(at: index, limit: limit, depth: depth).map { .closed(end: $0 + 2) } ?? .invalid
        }
        index += length
        if operation == .increment || operation == .decrement {
            skipWhitespace()
            guard index < limit else { return .unclosed }
            if isClose(at: index, limit: limit) { return .closed(end: index + 2) }
            return strayIdentifierClose(at: index, limit: limit, depth: depth).map { .closed(end: $0 + 2) } ?? .invalid
        }
        return scanArguments(from: index, limit: limit, depth: depth).map { .closed(end: $0.end + 2) } ?? .unclosed
    }

    struct ShallowCall { var name: String; var isClosing: Bool; var argumentCount: Int }

    /// Name, closing flag and argument count of the macro spanning `start..<end`, nil for variable shorthands.
    func shallowCall(at start: Int, end: Int) -> ShallowCall? {
        var index = start + 2
        var isClosing = false
        let limit = end - 2
        while index < limit {
            let unit = units[index]
            if unit == Unit.slash, index + 1 < limit, units[index + 1] == Unit.slash {
                let scan = scanArguments(from: index + 2, limit: end, depth: 0)
                let count = scan.map { splitArguments($0.tokens).count } ?? 0
                return ShallowCall(name: "//", isClosing: isClosing, argumentCount: count)
            }
            if unit == Unit.dot || unit == Unit.dollar { return nil }
            if unit == Unit.slash { isClosing = true; index += 1; continue }
            if isWhitespace(unit) || flagCharacter(unit) != nil { index += 1; continue }
            let nameStart = index
            while index < limit, isIdentifierPart(units[index]) { index += 1 }
            let name = string(nameStart..<index)
            while index < limit, !(isWhitespace(units[index]) || units[index] == Unit.colon || units[index] == Unit.pipe
                                   || units[index] == Unit.closeBrace) { index += 1 }
            let scan = scanArguments(from: index, limit: end, depth: 0)
            let count = scan.map { splitArguments($0.tokens).count } ?? 0
            return ShallowCall(name: name, isClosing: isClosing, argumentCount: count)
        }
        return nil
    }

    // MARK: Characters

    func string(_ range: Range<Int>) -> String {
        decodeUTF16(units[range])
    }

    func isClose(at index: Int, limit: Int) -> Bool {
        index + 1 < limit && units[index] == Unit.closeBrace && units[index + 1] == Unit.closeBrace
    }

    func matches(_ symbol: String, at index: Int, limit: Int) -> Bool {
        var position = index
        for unit in symbol.utf16 {
            guard position < limit, units[position] == unit else { return false }
            position += 1
        }
        return true
    }

    func isWhitespace(_ unit: UInt16) -> Bool {
        guard let scalar = Unicode.Scalar(unit) else { return false }
        return JSWhitespace.isWhitespace(scalar)
    }

    func isLetter(_ unit: UInt16) -> Bool {
        (unit >= 0x41 && unit <= 0x5A) || (unit >= 0x61 && unit <= 0x7A)
    }

    /// `[\w-]`: letters, digits, underscore, hyphen.
    func isIdentifierPart(_ unit: UInt16) -> Bool {
        isLetter(unit) || (unit >= 0x30 && unit <= 0x39) || unit == Unit.underscore || unit == Unit.minus
    }

    /// Flags allowed before a macro name: `! ? ~ # / >`.
    func flagCharacter(_ unit: UInt16) -> UInt16? {
        switch unit {
        case Unit.exclamation, Unit.question, Unit.tilde, Unit.hash, Unit.slash, Unit.greater: return unit
        default: return nil
        }
    }
}

/// UTF-16 code units of the ASCII characters the syntax uses.
enum Unit {
    static let openBrace: UInt16 = 0x7B
    static let closeBrace: UInt16 = 0x7D
    static let colon: UInt16 = 0x3A
    static let pipe: UInt16 = 0x7C
    static let slash: UInt16 = 0x2F
    static let backslash: UInt16 = 0x5C
    static let dot: UInt16 = 0x2E
    static let dollar: UInt16 = 0x24
    static let hash: UInt16 = 0x23
    static let exclamation: UInt16 = 0x21
    static let question: UInt16 = 0x3F
    static let tilde: UInt16 = 0x7E
    static let greater: UInt16 = 0x3E
    static let minus: UInt16 = 0x2D
    static let underscore: UInt16 = 0x5F
    static let newline: UInt16 = 0x0A
    static let carriageReturn: UInt16 = 0x0D
}
