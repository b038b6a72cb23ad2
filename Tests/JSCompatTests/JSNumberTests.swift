import XCTest
@testable import JSCompat

final class JSNumberParseTests: XCTestCase {
    func testIntegerText() { XCTAssertEqual(JSNumber.parse("42"), 42) }
    func testNegativeDecimal() { XCTAssertEqual(JSNumber.parse("-3.5"), -3.5) }
    func testPlusSign() { XCTAssertEqual(JSNumber.parse("+7"), 7) }
    func testEmptyIsZero() { XCTAssertEqual(JSNumber.parse(""), 0) }
    func testBlankIsZero() { XCTAssertEqual(JSNumber.parse(" \t\n"), 0) }
    func testSurroundingWhitespaceIgnored() { XCTAssertEqual(JSNumber.parse("  12  "), 12) }
    func testUnicodeWhitespaceIgnored() { XCTAssertEqual(JSNumber.parse("\u{00A0}\u{2003}5\u{FEFF}\u{3000}"), 5) }
    func testLeadingZerosAllowed() { XCTAssertEqual(JSNumber.parse("007"), 7) }
    func testLeadingDot() { XCTAssertEqual(JSNumber.parse(".5"), 0.5) }
    func testTrailingDot() { XCTAssertEqual(JSNumber.parse("5."), 5) }
    func testLoneDotIsNaN() { XCTAssertTrue(JSNumber.parse(".").isNaN) }
    func testExponent() { XCTAssertEqual(JSNumber.parse("1e3"), 1000) }
    func testNegativeExponent() { XCTAssertEqual(JSNumber.parse("25E-1"), 2.5) }
    func testIncompleteExponentIsNaN() { XCTAssertTrue(JSNumber.parse("1e").isNaN) }
    func testHex() { XCTAssertEqual(JSNumber.parse("0x1F"), 31) }
    func testUpperHexPrefix() { XCTAssertEqual(JSNumber.parse("0XfF"), 255) }
    func testOctal() { XCTAssertEqual(JSNumber.parse("0o17"), 15) }
    func testBinary() { XCTAssertEqual(JSNumber.parse("0b101"), 5) }
    func testSignedHexIsNaN() { XCTAssertTrue(JSNumber.parse("-0x10").isNaN) }
    func testEmptyHexIsNaN() { XCTAssertTrue(JSNumber.parse("0x").isNaN) }
    func testBadBinaryDigitIsNaN() { XCTAssertTrue(JSNumber.parse("0b102").isNaN) }
    func testInfinity() { XCTAssertEqual(JSNumber.parse("Infinity"), .infinity) }
    func testNegativeInfinity() { XCTAssertEqual(JSNumber.parse("-Infinity"), -.infinity) }
    func testLowercaseInfinityIsNaN() { XCTAssertTrue(JSNumber.parse("infinity").isNaN) }
    func testInfIsNaN() { XCTAssertTrue(JSNumber.parse("inf").isNaN) }
    func testNaNTextIsNaN() { XCTAssertTrue(JSNumber.parse("NaN").isNaN) }
    func testTrailingGarbageIsNaN() { XCTAssertTrue(JSNumber.parse("12px").isNaN) }
    func testInnerSpaceIsNaN() { XCTAssertTrue(JSNumber.parse("1 2").isNaN) }
    func testUnderscoreIsNaN() { XCTAssertTrue(JSNumber.parse("1_000").isNaN) }
    func testHugeExponentIsInfinity() { XCTAssertEqual(JSNumber.parse("1e400"), .infinity) }
    func testTinyExponentIsZero() { XCTAssertEqual(JSNumber.parse("1e-400"), 0) }
    func testNegativeZero() { XCTAssertEqual(JSNumber.parse("-0").sign, .minus) }
    func testLongDigitsRoundCorrectly() { XCTAssertEqual(JSNumber.parse("9007199254740993"), 9007199254740992) }
    func testIsNonBlankNumericRejectsBlank() { XCTAssertFalse(JSNumber.isNonBlankNumeric("  ")) }
    func testIsNonBlankNumericAcceptsNumber() { XCTAssertTrue(JSNumber.isNonBlankNumeric(" 1.5 ")) }
}

final class JSNumberParseFloatIntTests: XCTestCase {
    func testParseFloatStopsAtGarbage() { XCTAssertEqual(JSNumber.parseFloat("3.14abc"), 3.14) }
    func testParseFloatSkipsLeadingWhitespace() { XCTAssertEqual(JSNumber.parseFloat("  -2.5e1x"), -25) }
    func testParseFloatIncompleteExponent() { XCTAssertEqual(JSNumber.parseFloat("1e+"), 1) }
    func testParseFloatHexIsZero() { XCTAssertEqual(JSNumber.parseFloat("0x10"), 0) }
    func testParseFloatInfinityPrefix() { XCTAssertEqual(JSNumber.parseFloat("Infinityx"), .infinity) }
    func testParseFloatNoDigitsIsNaN() { XCTAssertTrue(JSNumber.parseFloat("abc").isNaN) }
    func testParseFloatEmptyIsNaN() { XCTAssertTrue(JSNumber.parseFloat("").isNaN) }
    func testParseIntTruncatesFraction() { XCTAssertEqual(JSNumber.parseInt("1.9"), 1) }
    func testParseIntNegative() { XCTAssertEqual(JSNumber.parseInt(" -42abc"), -42) }
    func testParseIntHexPrefix() { XCTAssertEqual(JSNumber.parseInt("0x1A"), 26) }
    func testParseIntRadix2() { XCTAssertEqual(JSNumber.parseInt("1012", radix: 2), 5) }
    func testParseIntNoDigitsIsNaN() { XCTAssertTrue(JSNumber.parseInt("x1").isNaN) }
    func testParseIntExponentNotRead() { XCTAssertEqual(JSNumber.parseInt("1e3"), 1) }
    func testParseIntBadRadixIsNaN() { XCTAssertTrue(JSNumber.parseInt("10", radix: 1).isNaN) }
}

final class JSNumberFormatTests: XCTestCase {
    func testInteger() { XCTAssertEqual(JSNumber.format(1024), "1024") }
    func testNegativeInteger() { XCTAssertEqual(JSNumber.format(-2), "-2") }
    func testFraction() { XCTAssertEqual(JSNumber.format(3.5), "3.5") }
    func testShortestRoundTrip() { XCTAssertEqual(JSNumber.format(0.1 + 0.2), "0.30000000000000004") }
    func testNegativeZeroPrintsZero() { XCTAssertEqual(JSNumber.format(-0.0), "0") }
    func testNaN() { XCTAssertEqual(JSNumber.format(.nan), "NaN") }
    func testInfinity() { XCTAssertEqual(JSNumber.format(.infinity), "Infinity") }
    func testNegativeInfinity() { XCTAssertEqual(JSNumber.format(-.infinity), "-Infinity") }
    func testBelow1e21IsPlain() { XCTAssertEqual(JSNumber.format(1e20), "100000000000000000000") }
    func test1e21IsExponent() { XCTAssertEqual(JSNumber.format(1e21), "1e+21") }
    func testLargeWithDigitsIsExponent() { XCTAssertEqual(JSNumber.format(1.5e300), "1.5e+300") }
    func testLargeBelow1e21KeepsDigits() { XCTAssertEqual(JSNumber.format(1.2345678901234568e20), "123456789012345680000") }
    func testAbove2To53() { XCTAssertEqual(JSNumber.format(9007199254740994), "9007199254740994") }
    func testMillionthIsPlain() { XCTAssertEqual(JSNumber.format(0.000001), "0.000001") }
    func testBelowMillionthIsExponent() { XCTAssertEqual(JSNumber.format(0.0000001), "1e-7") }
    func testSmallWithDigitsIsExponent() { XCTAssertEqual(JSNumber.format(1.5e-7), "1.5e-7") }
    func testSmallPlainFraction() { XCTAssertEqual(JSNumber.format(0.00012), "0.00012") }
    func testMaxDouble() { XCTAssertEqual(JSNumber.format(.greatestFiniteMagnitude), "1.7976931348623157e+308") }
    func testMinSubnormal() { XCTAssertEqual(JSNumber.format(.leastNonzeroMagnitude), "5e-324") }
    func testThird() { XCTAssertEqual(JSNumber.format(1.0 / 3.0), "0.3333333333333333") }
    func testNegativeFraction() { XCTAssertEqual(JSNumber.format(-123.456), "-123.456") }
}

final class JSMathTests: XCTestCase {
    func testRoundHalfUp() { XCTAssertEqual(JSNumber.round(2.5), 3) }
    func testRoundNegativeHalfTowardsPositive() { XCTAssertEqual(JSNumber.round(-2.5), -2) }
    func testRoundNegativeBelowHalf() { XCTAssertEqual(JSNumber.round(-2.6), -3) }
    func testRoundJustBelowHalf() { XCTAssertEqual(JSNumber.round(0.49999999999999994), 0) }
    func testRoundKeepsNaN() { XCTAssertTrue(JSNumber.round(.nan).isNaN) }
    func testToInt32Wraps() { XCTAssertEqual(JSNumber.toInt32(4_294_967_297), 1) }
    func testToInt32Negative() { XCTAssertEqual(JSNumber.toInt32(-1.5), -1) }
}

final class JSStringTests: XCTestCase {
    func testLengthCountsUTF16() { XCTAssertEqual(JSString.length("a😀"), 3) }
    func testSliceNegativeStart() { XCTAssertEqual(JSString.slice("hello", -3), "llo") }
    func testSliceStartAfterEndIsEmpty() { XCTAssertEqual(JSString.slice("hello", 3, 1), "") }
    func testSubstringSwapsArguments() { XCTAssertEqual(JSString.substring("hello", 3, 1), "el") }
    func testSubstringNegativeIsZero() { XCTAssertEqual(JSString.substring("hello", -3, 2), "he") }
    func testTrimUsesJSWhitespace() { XCTAssertEqual(JSWhitespace.trim("\u{2028} a b \u{00A0}"), "a b") }
    func testReplaceAllLiteral() { XCTAssertEqual(JSString.replaceAllLiteral("a.b.c", ".", with: "-"), "a-b-c") }
}
