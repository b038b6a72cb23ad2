import XCTest
import Foundation
@testable import RegexScripts
import JSCompat

private func script(_ find: String, _ replace: String, trim: [String] = [], placement: [Int] = [2],
                    configure: (inout RegexScript) -> Void = { _ in }) -> RegexScript {
    var result = RegexScript(findRegex: find, replaceString: replace, trimStrings: trim, placement: placement)
    configure(&result)
    return result
}

private let upperMacros = RegexMacros(expand: { $0.replacingOccurrences(of: "{{char}}", with: "Alice") })

final class RegexScriptReplacementTests: XCTestCase {
    func testSpecExampleTrimsGroupsAndWholeMatch() throws {
        let s = script("/(\\w+) is (secret)/", "<$1|{{match}}>", trim: ["ecr"])
        XCTAssertEqual(try s.run(on: "Bob is secret"), "<Bob|Bob is set>")
    }
    func testMatchMacroIsCaseInsensitive() throws {
        XCTAssertEqual(try script("/b/", "[{{MATCH}}]").run(on: "abc"), "a[b]c")
    }
    func testNamedGroup() throws {
        XCTAssertEqual(try script("/(?<word>\\w+)!/", "$<word>?").run(on: "hi!"), "hi?")
    }
    func testMissingGroupInsertsNothing() throws {
        XCTAssertEqual(try script("/(a)|(b)/", "[$2]").run(on: "a"), "[]")
    }
    func testGroupPastCountInsertsOffset() throws {
        XCTAssertEqual(try script("/(\\w)(\\w*)/", "$2-$1-$3").run(on: "  added"), "  dded-a-2")
    }
    func testOffsetZeroInsertsNothing() throws {
        XCTAssertEqual(try script("/(\\w)(\\w*)/", "$2-$1-$3").run(on: "The end"), "he-T- end")
    }
    func testOffsetWithTrimStringsFailsLikeSillyTavern() {
        XCTAssertThrowsError(try script("/(\\w)(\\w*)/", "$3", trim: ["x"]).run(on: " ab"))
    }
    func testGroupAfterOffsetIsTheInput() throws {
        XCTAssertEqual(try script("/b/", "<$2>").run(on: "abc"), "a<abc>c")
    }
    func testGroupsObjectPositionFailsLikeSillyTavern() {
        XCTAssertThrowsError(try script("/(?<x>b)/", "$4").run(on: "abc"))
    }
    func testNamedGroupWithoutNamedGroupsIsEmpty() throws {
        XCTAssertEqual(try script("/b/", "<$<x>>").run(on: "abc"), "a<>c")
    }
    func testDollarSyntaxOtherThanGroupsStaysLiteral() throws {
        XCTAssertEqual(try script("/b/", "$&$$").run(on: "abc"), "a$&$$c")
    }
    func testGlobalFlagReplacesAll() throws {
        XCTAssertEqual(try script("/o/g", "0").run(on: "foo"), "f00")
    }
    func testBarePatternReplacesFirstOnly() throws {
        XCTAssertEqual(try script("o", "0").run(on: "foo"), "f0o")
    }
    func testInvalidFlagsMakeWholeInputThePattern() throws {
        XCTAssertEqual(try script("/e/q", "E").run(on: "see /e/q"), "see E")
    }
    func testInvalidRegexLeavesTextUnchanged() throws {
        XCTAssertEqual(try script("/(/", "x").run(on: "a(b"), "a(b")
    }
    func testReplacementIsMacroExpanded() throws {
        XCTAssertEqual(try script("/x/", "{{char}}").run(on: "x", macros: upperMacros), "Alice")
    }
    func testTrimStringsAreMacroExpanded() throws {
        XCTAssertEqual(try script("/.+/", "$0", trim: ["{{char}}"]).run(on: "Hi Alice", macros: upperMacros), "Hi ")
    }
    func testMacrosInsideCapturedTextAreExpandedAfterwards() throws {
        XCTAssertEqual(try script("/.+/", "{{match}}").run(on: "I am {{char}}", macros: upperMacros), "I am Alice")
    }
    func testDisabledScriptDoesNothing() throws {
        XCTAssertEqual(try script("/a/", "b") { $0.disabled = true }.run(on: "a"), "a")
    }
    func testRawPatternMacros() throws {
        let s = script("/{{char}}/", "her") { $0.substituteRegex = .raw }
        XCTAssertEqual(try s.run(on: "Alice", macros: upperMacros), "her")
    }
    func testEscapedPatternMacros() throws {
        let macros = RegexMacros(expand: { $0.replacingOccurrences(of: "{{dot}}", with: "a.c") })
        let s = script("/{{dot}}/g", "X") { $0.substituteRegex = .escaped }
        XCTAssertEqual(try s.run(on: "abc a.c", macros: macros), "abc X")
    }
    func testEscapeMacroValue() {
        XCTAssertEqual(RegexScript.escapeMacroValue("a.b\n(c)/"), "a\\.b\\n\\(c\\)\\/")
    }
}

final class RegexScriptSelectionTests: XCTestCase {
    func testPlacementMustMatch() {
        XCTAssertFalse(script("/a/", "b", placement: [1]).applies(to: .aiOutput, context: .source))
    }
    func testSourceCallRunsPlainScripts() {
        XCTAssertTrue(script("/a/", "b").applies(to: .aiOutput, context: .source))
    }
    func testSourceCallSkipsPromptOnly() {
        XCTAssertFalse(script("/a/", "b") { $0.promptOnly = true }.applies(to: .aiOutput, context: .source))
    }
    func testPromptCallRunsPromptOnly() {
        XCTAssertTrue(script("/a/", "b") { $0.promptOnly = true }.applies(to: .aiOutput, context: .prompt))
    }
    func testPromptCallSkipsPlainScripts() {
        XCTAssertFalse(script("/a/", "b").applies(to: .aiOutput, context: .prompt))
    }
    func testDisplayCallRunsMarkdownOnly() {
        XCTAssertTrue(script("/a/", "b") { $0.markdownOnly = true }.applies(to: .aiOutput, context: .display))
    }
    func testEditNeedsRunOnEdit() {
        XCTAssertFalse(script("/a/", "b").applies(to: .aiOutput, context: RegexRunContext(isEdit: true)))
    }
    func testMinDepthSkipsNewerMessages() {
        let s = script("/a/", "b") { $0.minDepth = 2 }
        XCTAssertFalse(s.applies(to: .aiOutput, context: RegexRunContext(depth: 1)))
    }
    func testMaxDepthSkipsOlderMessages() {
        let s = script("/a/", "b") { $0.maxDepth = 0 }
        XCTAssertFalse(s.applies(to: .aiOutput, context: RegexRunContext(depth: 1)))
    }
    func testNegativeMaxDepthIsNoLimit() {
        let s = script("/a/", "b") { $0.maxDepth = -1 }
        XCTAssertTrue(s.applies(to: .aiOutput, context: RegexRunContext(depth: 5)))
    }
    func testDepthIgnoredWithoutDepth() {
        let s = script("/a/", "b") { $0.maxDepth = 0 }
        XCTAssertTrue(s.applies(to: .aiOutput, context: .source))
    }
    func testScriptsRunInOrder() throws {
        let set = RegexScriptSet([script("/a/", "b"), script("/b/", "c")])
        XCTAssertEqual(try set.apply(to: "a", placement: .aiOutput), "c")
    }
    func testReasoningPlacement() throws {
        let set = RegexScriptSet([script("/\\u200b/g", "", placement: [6])])
        XCTAssertEqual(try set.apply(to: "\u{200B}x", placement: .reasoning), "x")
    }
}

final class RegexScriptParsingTests: XCTestCase {
    private func parse(_ json: String) -> RegexScript? {
        RegexScript.scripts(fromJSON: Data(json.utf8)).first
    }
    func testReadsAllFields() {
        let s = parse("""
        [{"id":"rx-0","scriptName":"s","findRegex":"/a/g","replaceString":"b","trimStrings":["x"],"placement":[1,2],
          "disabled":false,"markdownOnly":true,"promptOnly":false,"runOnEdit":true,"substituteRegex":2,"minDepth":-1,"maxDepth":3}]
        """)
        XCTAssertEqual(s, RegexScript(id: "rx-0", scriptName: "s", findRegex: "/a/g", replaceString: "b", trimStrings: ["x"],
                                      placement: [1, 2], markdownOnly: true, runOnEdit: true, substituteRegex: .escaped,
                                      minDepth: -1, maxDepth: 3))
    }
    func testNullDepthIsNoLimit() { XCTAssertNil(parse(#"[{"findRegex":"a","placement":[2],"maxDepth":null}]"#)?.maxDepth) }
    func testStringDepthIsCoerced() { XCTAssertEqual(parse(#"[{"findRegex":"a","placement":[2],"maxDepth":"2"}]"#)?.maxDepth, 2) }
    func testStringPlacementNeverMatches() { XCTAssertEqual(parse(#"[{"findRegex":"a","placement":["2"]}]"#)?.placement, []) }
    func testTruthyStringIsTrue() { XCTAssertEqual(parse(#"[{"findRegex":"a","placement":[],"disabled":"no"}]"#)?.disabled, true) }
    func testUnknownSubstituteIsRaw() { XCTAssertEqual(parse(#"[{"findRegex":"a","placement":[],"substituteRegex":7}]"#)?.substituteRegex, RegexPatternMacros.none) }
    func testScriptsFromSettings() {
        let settings: [String: Any] = ["extension_settings": ["regex": [["findRegex": "/a/", "placement": [2]]]]]
        XCTAssertEqual(RegexScript.scripts(inSettings: settings).count, 1)
    }
    func testDisabledExtensionGivesNoScripts() {
        let settings: [String: Any] = ["extension_settings": ["disabledExtensions": ["regex"],
                                                              "regex": [["findRegex": "/a/", "placement": [2]]]]]
        XCTAssertTrue(RegexScript.scripts(inSettings: settings).isEmpty)
    }
}

final class RegexScriptJSONValueTests: XCTestCase {
    func testReadsScriptFromJSONValue() throws {
        let value = try JSONValue.parse(#"{"findRegex":"/a/g","replaceString":"b","placement":[2],"disabled":true,"maxDepth":null}"#)
        let s = RegexScript(json: value)
        XCTAssertEqual(s.findRegex, "/a/g")
        XCTAssertEqual(s.placement, [2])
        XCTAssertTrue(s.disabled)
        XCTAssertNil(s.maxDepth)
    }
}
