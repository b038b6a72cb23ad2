import XCTest
@testable import STScriptRuntime

final class TextCaseAndSliceTests: XCTestCase {
    func testUpper() { XCTAssertEqual(runScript("/upper straße"), "STRASSE") }
    func testLowerAlias() { XCTAssertEqual(runScript("/to-lower HeLLo"), "hello") }
    func testUpperOfClosureIsEmpty() { XCTAssertEqual(runScript("/upper {: /pass x :}"), "") }
    func testSubstrNegativeStart() { XCTAssertEqual(runScript("/substr start=-3 The morning is upon us."), "us.") }
    func testSubstrStartAndEnd() { XCTAssertEqual(runScript("/substr start=4 end=-1 The morning is upon us."), "morning is upon us") }
    func testSubstrEmptyEndIsEmpty() { XCTAssertEqual(runScript("/substr start=1 end= abc"), "") }
    func testSubstrNonNumericStartIsZero() { XCTAssertEqual(runScript("/substr start=x end=2 abc"), "ab") }
}

final class TextReplaceTests: XCTestCase {
    func testLiteralReplacesEveryOccurrence() {
        XCTAssertEqual(runScript("/replace pattern=blue replacer=red blue and blue"), "red and red")
    }
    func testLiteralIsCaseSensitive() { XCTAssertEqual(runScript("/replace pattern=blue Blue blue"), "Blue ") }
    func testLiteralExpandsDollarPatterns() { XCTAssertEqual(runScript("/replace pattern=a replacer=[$&] cat"), "c[a]t") }
    func testRegexFirstMatchOnly() {
        XCTAssertEqual(runScript("/replace mode=regex pattern=\"/blue/i\" replacer=red Blue house and blue car"),
                       "red house and blue car")
    }
    func testRegexGlobal() {
        XCTAssertEqual(runScript("/replace mode=regex pattern=\"/blue/gi\" replacer=red Blue house and blue car"),
                       "red house and red car")
    }
    func testRegexGroups() {
        XCTAssertEqual(runScript("/replace mode=regex pattern=\"/(\\w+) (\\w+)/\" replacer=\"$2 $1\" hello world"),
                       "world hello")
    }
    func testInvalidRegexSearchesForUndefined() {
        XCTAssertEqual(runScript("/replace mode=regex pattern=\"/(/\" replacer=X an undefined value"), "an X value")
    }
    func testMissingPatternFails() {
        XCTAssertEqual(scriptError("/replace abc"), "Argument of 'pattern=' cannot be empty")
    }
    func testUnknownModeFails() {
        XCTAssertEqual(scriptError("/replace mode=x pattern=a abc"), "Invalid '/replace mode=' argument specified!")
    }
}

final class TextTestAndMatchTests: XCTestCase {
    func testTestFindsBarePattern() { XCTAssertEqual(runScript("/test pattern=green a green car"), "true") }
    func testTestIsCaseSensitiveWithoutFlag() { XCTAssertEqual(runScript("/test pattern=blue Blue"), "false") }
    func testTestWithFlags() { XCTAssertEqual(runScript("/test pattern=\"/blue/i\" Blue"), "true") }
    func testTestInvalidRegexFails() {
        XCTAssertEqual(scriptError("/test pattern=\"/(/\" x"),
                       "The value of 'pattern' argument is not a valid regular expression.")
    }
    func testMatchGroups() {
        XCTAssertEqual(runScript("/match pattern=\"color_(\\w+)\" color_green lamp"), "[\"color_green\",\"green\"]")
    }
    func testMatchGlobal() {
        XCTAssertEqual(runScript("/match pattern=\"/color_(\\w+)/g\" color_green color_blue"),
                       "[[\"color_green\",\"green\"],[\"color_blue\",\"blue\"]]")
    }
    func testMatchNoneIsEmpty() { XCTAssertEqual(runScript("/match pattern=orange green"), "") }
    func testMatchGlobalNoneIsEmptyList() { XCTAssertEqual(runScript("/match pattern=\"/orange/g\" green"), "[]") }
    func testMatchUnsetGroupIsNull() { XCTAssertEqual(runScript("/match pattern=\"(a)?b\" b"), "[\"b\",null]") }
}

final class TextTrimTests: XCTestCase {
    func testTrimEndToLastSentence() { XCTAssertEqual(runScript("/trimend Hello, world! I am from"), "Hello, world!") }
    func testTrimEndDollarIsSentenceEnd() { XCTAssertEqual(runScript("/trimend \n\n$1\n\n"), "$") }
    func testTrimEndWhitespaceBeforeMarkIsCut() { XCTAssertEqual(SentenceTrim.toEndOfSentence("ab\n$1"), "ab") }
    func testTrimEndDropsSpaceBeforePunctuation() { XCTAssertEqual(SentenceTrim.toEndOfSentence("One. Two ."), "One. Two") }
    func testTrimEndEmojiEndsSentence() { XCTAssertEqual(SentenceTrim.toEndOfSentence("Hi 😀 there"), "Hi 😀") }
    func testTrimEndWithoutPunctuationTrimsSpaces() { XCTAssertEqual(SentenceTrim.toEndOfSentence("no end  "), "no end") }
    func testTrimStartCutsFirstSentence() {
        XCTAssertEqual(SentenceTrim.toStartOfSentence("and so. This is it."), "This is it.")
    }
    func testTrimStartNeedsAPeriod() { XCTAssertEqual(SentenceTrim.toStartOfSentence("wow! Next"), "wow! Next") }
    func testTrimStartAtNewline() { XCTAssertEqual(SentenceTrim.toStartOfSentence("a. b\nc"), "b\nc") }
    func testTrimStartNewlineBeforePeriod() { XCTAssertEqual(SentenceTrim.toStartOfSentence("ab\ncd. e"), "cd. e") }
}

final class TextListTests: XCTestCase {
    func testWrapText() { XCTAssertEqual(runScript("/array-wrap hello"), "[\"hello\"]") }
    func testWrapEmptyIsEmptyList() { XCTAssertEqual(runScript("/array-wrap"), "[]") }
    func testWrapListUnchanged() { XCTAssertEqual(runScript("/array-wrap [1, 2]"), "[1, 2]") }
    func testWrapObject() { XCTAssertEqual(runScript("/array-wrap {\"a\":1.50}"), "[{\"a\":1.5}]") }
    func testWrapNumberAsText() { XCTAssertEqual(runScript("/array-wrap 5"), "[\"5\"]") }
    func testWrapNumberWithoutStringify() { XCTAssertEqual(runScript("/array-wrap stringify=false 5"), "[5]") }
    func testWrapClosureFails() {
        XCTAssertEqual(scriptError("/array-wrap {: :}"),
                       "Closures are not supported as unnamed arguments for /array-wrap. Did you forget to call the closure with parentheses?")
    }
    func testUnwrapFirst() { XCTAssertEqual(runScript("/array-unwrap [\"a\",\"b\"]"), "a") }
    func testUnwrapNumberPrintsLikeJavaScript() { XCTAssertEqual(runScript("/array-unwrap [1.50]"), "1.5") }
    func testUnwrapObjectIsJSON() { XCTAssertEqual(runScript("/array-unwrap [{\"a\":1}]"), "{\"a\":1}") }
    func testUnwrapEmptyListIsEmpty() { XCTAssertEqual(runScript("/array-unwrap []"), "") }
    func testUnwrapNonListUnchanged() { XCTAssertEqual(runScript("/array-unwrap hello"), "hello") }
}

final class TextFuzzyTests: XCTestCase {
    func testFirstMatchingItem() {
        XCTAssertEqual(runScript("/fuzzy list=[\"down\",\"left\",\"up\",\"right\"] he looks up"), "up")
    }
    func testNoMatchIsEmpty() { XCTAssertEqual(runScript("/fuzzy list=[\"zebra\"] hello"), "") }
    func testTypoWithinThreshold() { XCTAssertEqual(runScript("/fuzzy list=[\"apple\"] I like aple pie"), "apple") }
    func testZeroThresholdNeedsExactSubstring() {
        XCTAssertEqual(runScript("/fuzzy threshold=0 list=[\"apple\"] I like aple pie"), "")
    }
    func testCaseInsensitive() { XCTAssertEqual(runScript("/fuzzy list=[\"UP\"] look up"), "UP") }
    func testBestMode() {
        XCTAssertEqual(runScript("/fuzzy mode=best list=[\"a cat\",\"cat\"] cat"), "cat")
    }
    func testListFromChatVariable() {
        XCTAssertEqual(runScript("/fuzzy list=dirs go up", chat: [("dirs", .text("[\"up\",\"down\"]"))]), "up")
    }
    func testInvalidThresholdIsEmpty() { XCTAssertEqual(runScript("/fuzzy threshold=x list=[\"up\"] up"), "") }
}
