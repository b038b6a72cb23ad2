import XCTest
@testable import JSCompat

private func regex(_ pattern: String, _ flags: String = "") throws -> JSRegex {
    try JSRegex(pattern: pattern, flags: flags)
}

private func replace(_ text: String, _ pattern: String, _ flags: String, _ replacement: String) throws -> String {
    try regex(pattern, flags).replace(in: text, with: replacement)
}

final class JSRegexSyntaxTests: XCTestCase {
    func testDigitIsASCIIOnly() { XCTAssertFalse(try regex("\\d").test("٣")) }
    func testWordIsASCIIOnly() { XCTAssertFalse(try regex("^\\w$").test("é")) }
    func testSpaceIncludesNoBreakSpace() { XCTAssertTrue(try regex("^\\s$").test("\u{00A0}")) }
    func testSpaceIncludesVerticalTab() { XCTAssertTrue(try regex("^\\s$").test("\u{0B}")) }
    func testSpaceExcludesNextLine() { XCTAssertFalse(try regex("^\\s$").test("\u{85}")) }
    func testWordBoundaryIsASCII() { XCTAssertTrue(try regex("\\bb").test("éb")) }
    func testDollarWithoutMultilineIsEndOfInputOnly() { XCTAssertFalse(try regex("a$").test("a\n")) }
    func testDollarWithMultilineBeforeNewline() { XCTAssertTrue(try regex("a$", "m").test("a\nb")) }
    func testCaretWithMultilineAfterCarriageReturn() { XCTAssertTrue(try regex("^b", "m").test("a\rb")) }
    func testCaretWithoutMultilineIsStartOnly() { XCTAssertFalse(try regex("^b").test("a\nb")) }
    func testDotExcludesLineTerminators() { XCTAssertFalse(try regex("a.b").test("a\u{2028}b")) }
    func testDotMatchesFormFeed() { XCTAssertTrue(try regex("a.b").test("a\u{0C}b")) }
    func testDotAllFlag() { XCTAssertTrue(try regex("a.b", "s").test("a\nb")) }
    func testCaretNegatedEmptyClassMatchesAnything() { XCTAssertTrue(try regex("a[^]b").test("a\nb")) }
    func testEmptyClassMatchesNothing() { XCTAssertFalse(try regex("a[]").test("a]")) }
    func testEscapedSlash() { XCTAssertTrue(try regex("a\\/b").test("a/b")) }
    func testControlEscape() { XCTAssertTrue(try regex("\\cJ").test("\n")) }
    func testBackslashCWithoutLetterIsLiteral() { XCTAssertTrue(try regex("\\c1").test("\\c1")) }
    func testLiteralBraceWhenNotQuantifier() { XCTAssertTrue(try regex("a{b").test("a{b")) }
    func testLiteralBraceWithComma() { XCTAssertTrue(try regex("x{,3}").test("x{,3}")) }
    func testBraceQuantifier() { XCTAssertTrue(try regex("^a{2,3}$").test("aaa")) }
    func testLiteralClosingBracket() { XCTAssertTrue(try regex("a]").test("a]")) }
    func testOpenBracketInsideClassIsLiteral() { XCTAssertTrue(try regex("[[]").test("[")) }
    func testAmpersandsInsideClassAreLiteral() { XCTAssertTrue(try regex("^[a&&b]$").test("&")) }
    func testClassEscapeInRangeMakesDashLiteral() { XCTAssertTrue(try regex("^[\\d-z]$").test("-")) }
    func testBackspaceInClass() { XCTAssertTrue(try regex("[\\b]").test("\u{08}")) }
    func testLazyQuantifier() { XCTAssertEqual(try regex("<.+?>").exec("<a><b>")?.matched, "<a>") }
    func testOctalEscapeWhenNoSuchGroup() { XCTAssertTrue(try regex("\\101").test("A")) }
    func testEightIsIdentityEscape() { XCTAssertTrue(try regex("\\8").test("8")) }
    func testNulEscape() { XCTAssertTrue(try regex("\\0").test("\u{0}")) }
    func testBackreference() { XCTAssertTrue(try regex("^(a)\\1$").test("aa")) }
    func testBackreferenceToSkippedOptionalGroupMatchesEmpty() {
        XCTAssertEqual(try regex("(['\"])?hi\\1").exec("hi")?.matched, "hi")
    }
    func testBackreferenceToOptionalGroupStillRequiresItsText() {
        XCTAssertNil(try regex("^(['\"])?hi\\1$").exec("'hi"))
    }
    func testNamedBackreference() { XCTAssertTrue(try regex("^(?<x>a)\\k<x>$").test("aa")) }
    func testKWithoutNamedGroupsIsLiteral() { XCTAssertTrue(try regex("\\k").test("k")) }
    func testHexEscape() { XCTAssertTrue(try regex("\\x41").test("A")) }
    func testUnicodeEscape() { XCTAssertTrue(try regex("\\u00e9").test("é")) }
    func testUnicodeBraceEscapeWithUFlag() { XCTAssertTrue(try regex("\\u{1F600}", "u").test("😀")) }
    func testUBraceWithoutUFlagIsRepetition() { XCTAssertTrue(try regex("^\\u{2}$").test("uu")) }
    func testUnicodePropertyWithUFlag() { XCTAssertTrue(try regex("^\\p{Lu}$", "u").test("É")) }
    func testIdentityEscapeOfLetter() { XCTAssertTrue(try regex("\\a").test("a")) }
    func testCaseInsensitive() { XCTAssertTrue(try regex("hello", "i").test("HeLLo")) }
    func testLookbehind() { XCTAssertEqual(try regex("(?<=\\$)\\d+").exec("cost $42")?.matched, "42") }
    func testNegativeLookahead() { XCTAssertEqual(try regex("a(?!b)").exec("abac")?.index, 2) }
    func testHashIsLiteral() { XCTAssertTrue(try regex("a#b").test("a#b")) }
    func testSpaceIsLiteral() { XCTAssertTrue(try regex("a b").test("a b")) }
    func testOptionalLookaheadMayBeSkipped() { XCTAssertEqual(try regex("(?=x)?a").exec("a")?.matched, "a") }
    func testRepeatedLookaheadIsCheckedOnce() { XCTAssertNil(try regex("(?=x)+a").exec("a")) }
    func testQuantifierAfterAstralCharacterNeedsTheCharacter() { XCTAssertNil(try regex("x😀*y").exec("xy")) }
    func testQuantifierAfterAstralCharacterInUnicodeMode() { XCTAssertEqual(try regex("x😀*y", "u").exec("xy")?.matched, "xy") }
}

final class JSRegexErrorTests: XCTestCase {
    func testUnterminatedGroup() {
        XCTAssertThrowsError(try JSRegex(pattern: "(a")) { error in
            XCTAssertEqual("\(error)", "Invalid regular expression: /(a/: Unterminated group")
        }
    }
    func testUnmatchedParenthesis() { XCTAssertThrowsError(try JSRegex(pattern: "a)")) }
    func testNothingToRepeat() { XCTAssertThrowsError(try JSRegex(pattern: "*a")) }
    func testDoubleQuantifier() { XCTAssertThrowsError(try JSRegex(pattern: "a**")) }
    func testUnterminatedClass() { XCTAssertThrowsError(try JSRegex(pattern: "[a")) }
    func testRangeOutOfOrder() { XCTAssertThrowsError(try JSRegex(pattern: "[z-a]")) }
    func testBadFlag() {
        XCTAssertThrowsError(try JSRegex(pattern: "a", flags: "x")) { error in
            XCTAssertEqual("\(error)", "Invalid flags supplied to RegExp constructor 'x'")
        }
    }
    func testRepeatedFlag() { XCTAssertThrowsError(try JSRegex(pattern: "a", flags: "gg")) }
    func testInlineFlagGroupIsInvalid() { XCTAssertThrowsError(try JSRegex(pattern: "(?i)a")) }
    func testUnicodeModeRejectsIdentityEscape() { XCTAssertThrowsError(try JSRegex(pattern: "\\a", flags: "u")) }
    func testTrailingBackslash() { XCTAssertThrowsError(try JSRegex(pattern: "a\\")) }
    func testDeepNestingIsRejectedNotCrashing() {
        XCTAssertThrowsError(try JSRegex(pattern: String(repeating: "(", count: 10_000) + String(repeating: ")", count: 10_000)))
    }
    func testDuplicateGroupName() { XCTAssertThrowsError(try JSRegex(pattern: "(?<a>x)(?<a>y)")) }
}

final class JSRegexMatchTests: XCTestCase {
    func testCapturesAndIndex() throws {
        let match = try regex("(\\w+) (\\w+)").exec("say hello world")
        XCTAssertEqual(match?.captures, ["say hello", "say", "hello"])
        XCTAssertEqual(match?.index, 0)
    }
    func testUnsetGroupIsNil() { XCTAssertEqual(try regex("(a)|(b)").exec("b")?.captures, ["b", nil, "b"]) }
    func testNamedGroups() { XCTAssertEqual(try regex("(?<year>\\d{4})").exec("in 2024")?.group(named: "year"), "2024") }
    func testIndexIsUTF16() { XCTAssertEqual(try regex("b").exec("😀b")?.index, 2) }
    func testAllMatchesGlobal() { XCTAssertEqual(try regex("\\d", "g").allMatches(in: "a1b2c3").map(\.matched), ["1", "2", "3"]) }
    func testAllMatchesAdvancesPastEmptyMatch() { XCTAssertEqual(try regex("x*", "g").allMatches(in: "ab").count, 3) }
    func testStickyMatchesOnlyAtStart() { XCTAssertNil(try regex("b", "y").exec("ab")) }
    func testStickyGlobalStopsAtGap() { XCTAssertEqual(try regex("a", "gy").allMatches(in: "aaba").count, 2) }
}

final class JSRegexReplaceTests: XCTestCase {
    func testFirstOnlyWithoutGlobal() { XCTAssertEqual(try replace("aaa", "a", "", "b"), "baa") }
    func testGlobalReplacesAll() { XCTAssertEqual(try replace("aaa", "a", "g", "b"), "bbb") }
    func testNumberedGroup() { XCTAssertEqual(try replace("John Smith", "(\\w+) (\\w+)", "", "$2, $1"), "Smith, John") }
    func testNamedGroup() { XCTAssertEqual(try replace("2024-05", "(?<y>\\d+)-(?<m>\\d+)", "", "$<m>/$<y>"), "05/2024") }
    func testMissingNamedGroupIsEmpty() { XCTAssertEqual(try replace("ab", "(?<x>a)", "", "[$<nope>]"), "[]b") }
    func testNamedSyntaxWithoutNamedGroupsIsLiteral() { XCTAssertEqual(try replace("ab", "(a)", "", "$<x>"), "$<x>b") }
    func testWholeMatch() { XCTAssertEqual(try replace("abc", "b", "", "[$&]"), "a[b]c") }
    func testDollarDollar() { XCTAssertEqual(try replace("abc", "b", "", "$$"), "a$c") }
    func testBeforeMatch() { XCTAssertEqual(try replace("abc", "b", "", "$`"), "aac") }
    func testAfterMatch() { XCTAssertEqual(try replace("abc", "b", "", "$'"), "acc") }
    func testOutOfRangeGroupIsLiteral() { XCTAssertEqual(try replace("abc", "(b)", "", "$2"), "a$2c") }
    func testDollarZeroIsLiteral() { XCTAssertEqual(try replace("abc", "(b)", "", "$0"), "a$0c") }
    func testTwoDigitFallsBackToOneDigit() { XCTAssertEqual(try replace("abc", "(b)", "", "$10"), "ab0c") }
    func testUnmatchedGroupIsEmpty() { XCTAssertEqual(try replace("b", "(a)?b", "", "[$1]"), "[]") }
    func testEmptyPatternGlobal() { XCTAssertEqual(try replace("ab", "", "g", "-"), "-a-b-") }
    func testEmptyMatchAfterNonEmpty() { XCTAssertEqual(try replace("ba", "a|", "g", "-"), "-b--") }
    func testCallbackReceivesMatch() throws {
        let result = try regex("\\d+", "g").replace(in: "a1b22") { "<\($0.matched.count)>" }
        XCTAssertEqual(result, "a<1>b<2>")
    }
    func testStringReplaceFirst() { XCTAssertEqual(JSString.replaceFirst("a.b.c", ".", with: "[$&]"), "a[.]b.c") }
    func testStringReplaceAllExpandsDollar() { XCTAssertEqual(JSString.replaceAll("a.b", ".", with: "$$"), "a$b") }
    func testStringReplaceAllEmptySearch() { XCTAssertEqual(JSString.replaceAll("ab", "", with: "-"), "-a-b-") }
}

final class SillyTavernRegexFromStringTests: XCTestCase {
    func testSlashLiteralWithFlags() {
        let r = JSRegex.fromSillyTavernString("/blue/gi")
        XCTAssertEqual(r?.source, "blue")
        XCTAssertEqual(r?.flags, [.global, .ignoreCase])
    }
    func testBarePattern() { XCTAssertEqual(JSRegex.fromSillyTavernString("a/b")?.source, "a/b") }
    func testBarePatternHasNoFlags() { XCTAssertEqual(JSRegex.fromSillyTavernString("green")?.flags, []) }
    func testStickyFlagIsNotAllowedSoWholeInputIsPattern() {
        XCTAssertEqual(JSRegex.fromSillyTavernString("/a/y")?.source, "/a/y")
    }
    func testUnsupportedFlagLetterGivesNil() { XCTAssertNil(JSRegex.fromSillyTavernString("/a/x")) }
    func testInvalidPatternGivesNil() { XCTAssertNil(JSRegex.fromSillyTavernString("/(/")) }
    func testEmptyGivesNil() { XCTAssertNil(JSRegex.fromSillyTavernString("")) }
    func testPatternStopsAtNewline() { XCTAssertEqual(JSRegex.fromSillyTavernString("ab\ncd")?.source, "ab") }
    func testSlashesInsidePattern() { XCTAssertEqual(JSRegex.fromSillyTavernString("/a/b/g")?.source, "a/b") }
}

final class JSRegexCacheTests: XCTestCase {
    func testSameInputGivesSameCompiledRegex() {
        let cache = JSRegexCache(capacity: 2)
        XCTAssertTrue(cache.sillyTavern("/a/g") === cache.sillyTavern("/a/g"))
    }
    func testInvalidInputIsNil() { XCTAssertNil(JSRegexCache(capacity: 2).sillyTavern("/(/")) }
    func testOldestEntryIsEvicted() {
        let cache = JSRegexCache(capacity: 1)
        let first = cache.sillyTavern("/a/")
        _ = cache.sillyTavern("/b/")
        XCTAssertFalse(first === cache.sillyTavern("/a/"))
    }
}

final class JSRegexTimeLimitTests: XCTestCase {
    func testCatastrophicBacktrackingStopsWithTimeout() throws {
        let regex = try JSRegex(pattern: "(a+)+b", timeLimit: 0.2)
        XCTAssertThrowsError(try regex.test(String(repeating: "a", count: 40))) { error in
            XCTAssertEqual(error as? JSRegexError, .timeout(pattern: "(a+)+b", flags: ""))
        }
    }
    func testOrdinarySearchIsUnaffected() throws {
        XCTAssertEqual(try JSRegex(pattern: "a+b", timeLimit: 0.2).exec("xaab")?.matched, "aab")
    }
}
