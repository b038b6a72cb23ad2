import XCTest
@testable import STScriptRuntime

/// The evaluator against SillyTavern's execution model (spec §1, §3–§7).
final class EvaluatorTests: XCTestCase {
    func run(_ script: String, variables: MemoryVariableStore = MemoryVariableStore()) -> RunResult {
        let interpreter = Interpreter(variables: variables)
        interpreter.characterName = "Alice"
        return interpreter.run(script)
    }

    func pipe(_ script: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        let result = run(script)
        if let error = result.error { XCTFail("\(error.phase): \(error.message)", file: file, line: line) }
        return result.pipe?.string
    }

    func execError(_ script: String) -> String? {
        let result = run(script)
        XCTAssertEqual(result.error?.phase, .exec)
        return result.error?.message
    }

    // MARK: pipe

    func testResultOfCommandBecomesPipe() {
        XCTAssertEqual(pipe("/pass a | /pass {{pipe}}b"), "ab")
    }

    func testPipeIsInjectedWhenNoUnnamedText() {
        XCTAssertEqual(pipe("/pass x | /echo"), "x")
    }

    func testDoublePipeSuppressesInjection() {
        XCTAssertEqual(pipe("/pass x || /echo"), "")
    }

    func testDoublePipeStillAllowsPipeMacro() {
        XCTAssertEqual(pipe("/pass x || /echo {{pipe}}"), "x")
    }

    func testFirstCommandOfClosureGetsNoPipe() {
        XCTAssertEqual(pipe("/pass outer | /run {: /echo :}"), "")
    }

    func testPipeMacroFallsBackToParentPipe() {
        XCTAssertEqual(pipe("/pass outer | /run {: /pass {{pipe}} :}"), "outer")
    }

    func testRootPipeBeforeAnyCommandIsUndefined() {
        XCTAssertNil(run("/pass {: /abort :}()").pipe)
        XCTAssertEqual(pipe("/echo {{pipe}}"), "")
    }

    func testEchoAddsToastAndReturnsText() {
        let result = run("/echo title=T hi")
        XCTAssertEqual(result.toasts, [Toast(.info, "hi", title: "T")])
        XCTAssertEqual(result.pipe?.string, "hi")
    }

    func testEscapedBracesBecomeLiteral() {
        XCTAssertEqual(pipe(#"/pass \{\{user\}\}"#), "{{user}}")
    }

    // MARK: scopes

    func testLetThenVar() {
        XCTAssertEqual(pipe("/let x 1 | /var x 2 | /var x"), "2")
    }

    func testLetTwiceInSameScopeFails() {
        XCTAssertEqual(execError("/let x 1 | /let x 2"), #"Variable named "x" already exists."#)
    }

    func testVarAssignsNearestDeclaringScope() {
        XCTAssertEqual(pipe("/let x 1 | /run {: /run {: /var x 3 :} :} | /var x"), "3")
    }

    func testClosureVariablesDisappearAfterRun() {
        XCTAssertEqual(execError("/run {: /let y 1 :} | /var y"), #"No such variable: "y""#)
    }

    func testNumericTextIsNormalisedWhenRead() {
        XCTAssertEqual(pipe("/let x 007 | /var x"), "7")
    }

    func testClosureSeesVariableDeclaredLater() {
        XCTAssertEqual(pipe("/let f {: /pass {{var::x}} :} | /let x late | /:f"), "late")
    }

    func testScopedAndChatVariablesNeverAlias() {
        let vars = MemoryVariableStore(chat: [("a", .text("chat"))])
        XCTAssertEqual(run("/let a 5 | /echo {{var::a}}{{getvar::a}}", variables: vars).pipe?.string, "5chat")
    }

    func testClosureParametersAndRunArguments() {
        XCTAssertEqual(pipe("/let f {: a=1 b=2 /pass {{var::a}}-{{var::b}} :} | /run b=9 f"), "1-9")
    }

    func testNamedArgumentsAfterTheNameAreText() {
        XCTAssertEqual(execError("/let f {: a=1 /pass {{var::a}} :} | /run f a=9"), "Quick Reply extension is not loaded")
    }

    func testEachClosureExecutionGetsFreshScope() {
        XCTAssertEqual(pipe("/times 3 {: /let x {{timesIndex}} :}"), "2")
    }

    // MARK: closures and run

    func testRunWithPipedClosure() {
        XCTAssertEqual(pipe("/pass {: /pass x :} | /run"), "x")
    }

    func testImmediateClosureValue() {
        XCTAssertEqual(pipe("/pass {: /pass inner :}()"), "inner")
    }

    func testRunWithoutNameFails() {
        XCTAssertEqual(execError("/run"), "No name provided for /run command")
    }

    func testRunOfNonClosureVariableFails() {
        XCTAssertEqual(execError("/let x 1 | /run x"), #""x" is not callable."#)
    }

    func testPassRejectsTextWithClosure() {
        XCTAssertEqual(execError("/pass a {: /pass b :}"), "Command /pass does not support multiple closures")
    }

    func testClosureSerializeReturnsBody() {
        XCTAssertEqual(pipe("/closure-serialize {: /echo hi :}"), " /echo hi ")
    }

    func testClosureDeserializeRoundTrip() {
        XCTAssertEqual(pipe("/closure-deserialize /pass back | /run"), "back")
    }

    // MARK: control flow

    func testReturnDoesNotStopTheClosure() {
        XCTAssertEqual(pipe("/run {: /return x | /pass y :}"), "y")
    }

    func testBreakLeavesRun() {
        XCTAssertEqual(pipe("/run {: /pass a | /break b | /pass c :}"), "b")
    }

    func testBreakAtRootOnlySetsPipe() {
        XCTAssertEqual(pipe("/pass a | /break b | /pass c"), "c")
    }

    func testBreakInsideIfLeavesEnclosingLoop() {
        XCTAssertEqual(pipe("/times 5 {: /if left={{timesIndex}} right=2 {: /break done :} | /pass {{timesIndex}} :}"), "done")
    }

    func testAbortStopsEverythingQuietly() {
        let result = run("/echo one | /abort | /echo two")
        XCTAssertEqual(result.aborted?.quiet, true)
        XCTAssertEqual(result.aborted?.reason, "one")
        XCTAssertEqual(result.toasts.map(\.text), ["one"])
    }

    func testLoudAbortShowsWarning() {
        let result = run("/abort quiet=false Something went wrong")
        XCTAssertEqual(result.toasts, [Toast(.warning, "Something went wrong", title: "Command execution aborted")])
        XCTAssertEqual(result.aborted?.quiet, false)
    }

    func testAbortInsideImmediateClosureIsLostAtThatLevel() {
        let result = run("/pass x | /pass {: /abort :}() | /pass after")
        XCTAssertNil(result.aborted)
        XCTAssertEqual(result.pipe?.string, "x")
    }

    func testIfComparesNumbers() {
        XCTAssertEqual(pipe("/if left=10 rule=gt right=9 {: /pass yes :}"), "yes")
    }

    func testIfStringModeIsCaseInsensitive() {
        XCTAssertEqual(pipe("/if left=a right=A {: /pass same :}"), "same")
    }

    func testIfStringModeRejectsOrderingRules() {
        XCTAssertEqual(execError("/if left=a rule=gt right=b {: /pass x :}"),
                       "Unknown boolean comparison rule for type string. Accepted: in, nin, eq, neq. Provided: gt")
    }

    func testIfElseBranch() {
        XCTAssertEqual(pipe("/if left=1 right=2 else={: /pass no :} {: /pass yes :}"), "no")
    }

    func testIfRunsCommandText() {
        XCTAssertEqual(pipe(#"/if left=1 right=1 "/pass text""#), "text")
    }

    func testIfReadsVariableOperands() {
        let vars = MemoryVariableStore(chat: [("score", .text("12"))])
        XCTAssertEqual(run("/if left=score rule=gte right=10 {: /pass win :}", variables: vars).pipe?.string, "win")
    }

    func testWhileStopsAtGuard() {
        XCTAssertEqual(pipe("/setvar key=i 0 | /while left=1 {: /incvar i :} | /getvar i"), "100")
    }

    func testWhileGuardOff() {
        XCTAssertEqual(pipe("/setvar key=i 0 | /while left=i rule=lt right=150 guard=off {: /incvar i :} | /getvar i"), "150")
    }

    func testTimesCountIsNotTruncated() {
        XCTAssertEqual(pipe("/let n 0 | /times 2.7 {: /var n {{timesIndex}} :} | /var n"), "2")
    }

    func testTimesWithCommandText() {
        XCTAssertEqual(pipe("/times 3 /pass {{timesIndex}}"), "2")
    }

    func testTimesGuard() {
        XCTAssertEqual(pipe("/times 500 {: /pass {{timesIndex}} :}"), "99")
    }

    func testErrorsCarryTheFailingCommandsPosition() {
        let result = run("/pass ok |\n/var missing")
        XCTAssertEqual(result.error?.line, 2)
        XCTAssertEqual(result.error?.column, 1)
    }

    func testUnboundedRecursionIsAnError() {
        let interpreter = Interpreter()
        interpreter.maxCallDepth = 200
        let result = interpreter.run("/let f {: /:f :} | /:f")
        XCTAssertEqual(result.error?.message, "Maximum call stack size exceeded")
    }

    func testCancellationStopsLoops() {
        let interpreter = Interpreter()
        interpreter.cancellation.cancel()
        // A run resets the flag at its start; cancel from inside instead.
        let result = interpreter.run("/times guard=off 1000000 {: /pass x :}")
        XCTAssertNil(result.error)
        XCTAssertEqual(result.pipe?.string, "x")
    }

    // MARK: chat and global variables

    func testSetvarKeepsTextGetvarNormalises() {
        XCTAssertEqual(pipe("/setvar key=a 007"), "007")
        XCTAssertEqual(pipe("/setvar key=a 007 | /getvar a"), "7")
    }

    func testAddvarSumsOrConcatenates() {
        XCTAssertEqual(pipe("/setvar key=n 5 | /addvar key=n 2.5"), "7.5")
        XCTAssertEqual(pipe("/setvar key=s abc | /addvar key=s def | /getvar s"), "abcdef")
    }

    func testIncvarStartsAtZero() {
        XCTAssertEqual(pipe("/incvar missing"), "1")
    }

    func testGlobalVariablesAreSeparate() {
        let vars = MemoryVariableStore()
        _ = run("/setglobalvar key=g 1 | /setvar key=g 2", variables: vars)
        XCTAssertEqual(vars.value("g", in: .global), .text("1"))
        XCTAssertEqual(vars.value("g", in: .chat), .text("2"))
    }

    func testEmptyVariableNameFails() {
        XCTAssertEqual(execError("/setvar x"), "Variable name cannot be empty or undefined.")
    }

    // MARK: JSON element access

    func testSetvarIndexBuildsListWithHoles() {
        XCTAssertEqual(pipe("/setvar key=x index=2 x | /getvar x"), #"[null,null,"x"]"#)
    }

    func testSetvarIndexOnObjectWithType() {
        XCTAssertEqual(pipe("/setvar key=o index=b as=number 1 | /getvar o"), #"{"b":1}"#)
    }

    func testGetvarIndexPicksElement() {
        let vars = MemoryVariableStore(chat: [("l", .text(#"["a","b"]"#))])
        XCTAssertEqual(run("/getvar index=1 l", variables: vars).pipe?.string, "b")
    }

    func testAddvarAppendsToList() {
        XCTAssertEqual(pipe("/setvar key=arr [1,2] | /addvar key=arr 3 | /getvar arr"), #"[1,2,"3"]"#)
    }

    func testIncvarAppendsNumberToList() {
        let vars = MemoryVariableStore(global: [("l", .text("[]"))])
        _ = run("/incglobalvar l", variables: vars)
        XCTAssertEqual(vars.value("l", in: .global), .text("[1]"))
    }

    func testVarIndexReadsScopedList() {
        XCTAssertEqual(pipe(#"/let l ["x","y"] | /var index=1 l"#), "y")
    }

    func testVarIndexMacro() {
        XCTAssertEqual(pipe(#"/let l {"k":"v"} | /pass {{var::l::k}}"#), "v")
    }

    func testIntegerLikeKeysComeFirstAfterAWrite() {
        XCTAssertEqual(pipe(#"/setvar key=o {"b":1,"2":2} | /setvar key=o index=a 3 | /getvar o"#), #"{"2":2,"b":1,"a":"3"}"#)
    }
}
