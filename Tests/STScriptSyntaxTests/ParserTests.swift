import XCTest
@testable import STScriptRuntime
@testable import STScriptSyntax

/// The parser against SillyTavern's rules (spec §2). Commands come from the runtime's standard registry.
final class ParserTests: XCTestCase {
    let table = CommandRegistry.standard.table

    func parse(_ text: String, flags: ParserFlags = ParserFlags()) throws -> ClosureNode {
        try Parser.parse(text, commands: table, flags: flags)
    }

    func parseError(_ text: String, flags: ParserFlags = ParserFlags(), file: StaticString = #filePath,
                    line: UInt = #line) -> ParseError? {
        do {
            _ = try Parser.parse(text, commands: table, flags: flags)
            XCTFail("expected a parse error for \(text)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func texts(_ args: [ArgumentNode]) -> [String] {
        args.map { arg in
            switch arg {
            case .text(let t): return t.text
            case .closure: return "<closure>"
            }
        }
    }

    // MARK: structure

    func testCommandsAreSeparatedOnlyByPipes() throws {
        let root = try parse("/echo a\n/echo b")
        XCTAssertEqual(root.executors.count, 1)
        XCTAssertEqual(texts(root.executors[0].unnamedArguments), ["a\n/echo b"])
    }

    func testPipeSeparatesCommands() throws {
        let root = try parse("/echo a | /echo b")
        XCTAssertEqual(root.executors.map(\.name), ["echo", "echo"])
    }

    func testDoublePipeStopsInjectionIntoNextCommand() throws {
        let root = try parse("/pass x || /echo | /echo")
        XCTAssertEqual(root.executors.map(\.injectsPipe), [true, false, true])
    }

    func testNamedArgumentsOnlyDirectlyAfterTheName() throws {
        let root = try parse("/echo title=T hello key=value")
        XCTAssertEqual(root.executors[0].namedArguments.map(\.name), ["title"])
        XCTAssertEqual(texts(root.executors[0].unnamedArguments), ["hello key=value"])
    }

    func testNonWordKeyIsText() throws {
        let root = try parse("/echo 2+2=4")
        XCTAssertTrue(root.executors[0].namedArguments.isEmpty)
        XCTAssertEqual(texts(root.executors[0].unnamedArguments), ["2+2=4"])
    }

    func testEmptyNamedValueFollowedBySpaceHasNoValue() throws {
        let root = try parse("/echo title= hi")
        XCTAssertNil(root.executors[0].namedArguments[0].value)
    }

    func testListValueKeepsBracketsAndStopsAtFirstClosingBracket() throws {
        let root = try parse("/echo title=[[1,2],[3]] x")
        guard case .text(let t)? = root.executors[0].namedArguments[0].value else { return XCTFail() }
        XCTAssertEqual(t.text, "[[1,2]")
        XCTAssertEqual(texts(root.executors[0].unnamedArguments), [",[3]] x"])
    }

    func testQuotedNamedValueUnescapesQuotes() throws {
        let root = try parse(#"/echo title="a \"b\" c" x"#)
        guard case .text(let t)? = root.executors[0].namedArguments[0].value else { return XCTFail() }
        XCTAssertEqual(t.text, #"a "b" c"#)
    }

    func testLeadingQuotedUnnamedPartIsUnquotedAndRestAppended() throws {
        let root = try parse(#"/pass "a" "b""#)
        XCTAssertEqual(texts(root.executors[0].unnamedArguments), ["a", #" "b""#])
    }

    func testRawQuotesCommandKeepsQuotes() throws {
        let root = try parse(#"/echo "a | b""#)
        XCTAssertEqual(texts(root.executors[0].unnamedArguments), [#""a"#])
        XCTAssertEqual(root.executors.count, 1)
    }

    func testSplitCommandCutsTokens() throws {
        let root = try parse(#"/if left=1 "a b" [1, 2] c"#)
        XCTAssertEqual(texts(root.executors[0].unnamedArguments), ["a b", "[1, 2]", "c"])
    }

    func testSplitCountKeepsTheRestTogether() throws {
        let root = try parse("/let x hello world")
        XCTAssertEqual(texts(root.executors[0].unnamedArguments), ["x", "hello world"])
    }

    func testEscapedPipeIsText() throws {
        let root = try parse(#"/echo a \| b"#)
        XCTAssertEqual(texts(root.executors[0].unnamedArguments), ["a | b"])
    }

    func testLooseEscapingLooksAtOneBackslashOnly() throws {
        let root = try parse(#"/echo a \\| /echo b"#)
        XCTAssertEqual(root.executors.count, 1)
        XCTAssertEqual(texts(root.executors[0].unnamedArguments), [#"a \| /echo b"#])
    }

    func testStrictEscapingPairsBackslashes() throws {
        let root = try parse(#"/echo a \\| /echo b"#, flags: ParserFlags(strictEscaping: true))
        XCTAssertEqual(root.executors.count, 2)
        XCTAssertEqual(texts(root.executors[0].unnamedArguments), [#"a \"#])
    }

    func testParserFlagAppliesToTheRestOfTheScript() throws {
        let root = try parse(#"/parser-flag STRICT_ESCAPING on | /echo raw=false "a | b""#)
        XCTAssertEqual(root.executors.count, 1)
        XCTAssertEqual(texts(root.executors[0].unnamedArguments), ["a | b"])
        XCTAssertTrue(root.executors[0].parserFlags.strictEscaping)
    }

    func testPipeInsideMacroBracesDoesNotEndCommand() throws {
        let root = try parse("/pass {{reverse::a|b}}")
        XCTAssertEqual(texts(root.executors[0].unnamedArguments), ["{{reverse::a|b}}"])
    }

    func testJunkTextIsSkippedToCommandEnd() throws {
        XCTAssertEqual(try parse("hello | /echo x").executors.map(\.name), ["echo"])
        XCTAssertTrue(try parse("hello /echo x").executors.isEmpty)
    }

    func testCommentsLeaveNoExecutor() throws {
        let root = try parse("// note | /# other | /* block /echo no *| /echo yes")
        XCTAssertEqual(root.executors.map(\.name), ["echo"])
    }

    func testNestedBlockComment() throws {
        let root = try parse("/* a /* b *| c *| /echo yes")
        XCTAssertEqual(root.executors.map(\.name), ["echo"])
    }

    func testClosureParametersAndBody() throws {
        let root = try parse("/let f {: a=1 b={: /pass :} /echo {{var::a}} :}")
        guard case .closure(let c) = root.executors[0].unnamedArguments[1] else { return XCTFail() }
        XCTAssertEqual(c.parameters.map(\.name), ["a", "b"])
        XCTAssertEqual(c.executors.map(\.name), ["echo"])
        XCTAssertEqual(c.rawText, " a=1 b={: /pass :} /echo {{var::a}} ")
    }

    func testImmediateClosure() throws {
        let root = try parse("/pass {: /pass x :}()")
        guard case .closure(let c) = root.executors[0].unnamedArguments[0] else { return XCTFail() }
        XCTAssertTrue(c.executeNow)
    }

    func testRunShorthand() throws {
        let root = try parse(#"/:"my closure" a=1"#)
        XCTAssertEqual(root.executors[0].name, ":")
        XCTAssertEqual(texts(root.executors[0].unnamedArguments), ["my closure"])
        XCTAssertEqual(root.executors[0].namedArguments.map(\.name), ["a"])
    }

    func testBreakIsItsOwnExecutor() throws {
        let root = try parse("/break x | /break")
        XCTAssertEqual(root.executors.map(\.kind), [.breakLoop, .breakLoop])
    }

    func testBreakpointBeforePipeIsDropped() throws {
        XCTAssertTrue(try parse("/breakpoint |").executors.isEmpty)
    }

    func testCommandNamesAreCaseSensitive() {
        XCTAssertEqual(parseError("/Echo hi")?.message, #"Unknown command at position 2: "/Echo""#)
    }

    // MARK: error messages and positions

    func testUnknownCommandPosition() {
        XCTAssertEqual(parseError("/foo bar")?.message, #"Unknown command at position 2: "/foo""#)
    }

    func testUnclosedCommentPosition() {
        XCTAssertEqual(parseError("/echo a | // a comment")?.message, "Unclosed comment at position 22")
    }

    func testUnclosedBlockComment() {
        XCTAssertEqual(parseError("/* open")?.message, "Unclosed block comment at position 6")
    }

    func testUnclosedClosurePosition() {
        XCTAssertEqual(parseError("/run {: /echo hi")?.message, "Unclosed closure at position 15")
    }

    func testPipeInsideQuotesEndsQuotedValueInLooseMode() {
        XCTAssertEqual(parseError(#"/echo raw=false "a | b""#)?.message, "Unexpected end of quoted value at position 19")
    }

    func testUnterminatedQuote() {
        XCTAssertEqual(parseError(#"/pass "abc"#)?.message, "Unexpected end of quoted value at position 10")
    }

    func testUnterminatedList() {
        XCTAssertEqual(parseError("/if left=1 [1,2")?.message, "Unexpected end of list value at position 15")
    }

    func testExtraTextAfterRunShorthand() {
        XCTAssertEqual(parseError("/:f extra")?.message, #"Unexpected end of command at position 4: "/:""#)
    }

    func testErrorCarriesLineColumnAndCaret() {
        let error = parseError("/echo a |\n/nope")
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error?.column, 2)
        XCTAssertEqual(error?.snippet, "/nope\n ^")
    }

    func testCaretSitsUnderTheColumnAfterWideCharacters() {
        // 界 and 😀 take two terminal columns each, e + combining accent one: 6 + 2 + 2 + 1 + 3 + 1 ("/") = 15.
        let error = parseError("/echo 界😀e\u{301} | /nope")
        XCTAssertEqual(error?.snippet, "/echo 界😀e\u{301} | /nope\n" + String(repeating: " ", count: 15) + "^")
    }

    func testCaretKeepsTabsSoItLinesUpWithTheLine() {
        let error = parseError("\t/echo a | /nope")
        XCTAssertEqual(error?.snippet, "\t/echo a | /nope\n\t           ^")
    }

    func testPositionsCountUTF16Units() {
        XCTAssertEqual(parseError("/echo 😀 | /nope")?.message, #"Unknown command at position 12: "/nope""#)
    }

    // MARK: robustness

    func testTenThousandNestedClosuresParse() throws {
        let n = 10_000
        let text = "/pass " + String(repeating: "{: /pass ", count: n) + "x" + String(repeating: " :}", count: n)
        var depth = 0
        var node = try parse(text)
        while case .closure(let inner)? = node.executors.first?.unnamedArguments.first {
            depth += 1
            node = inner
        }
        XCTAssertEqual(depth, n)
    }

    func testNestingBeyondTheLimitIsAParseError() {
        let text = String(repeating: "/pass {: ", count: 50) + String(repeating: ":}", count: 50)
        XCTAssertThrowsError(try Parser.parse(text, commands: table, maxClosureDepth: 10)) { error in
            XCTAssertTrue((error as? ParseError)?.message.hasPrefix("Closures nested too deeply") ?? false)
        }
    }
}
