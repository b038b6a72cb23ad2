import XCTest
@testable import JSCompat

final class JSONValueTests: XCTestCase {
    func testObjectKeysKeepTheirOrder() throws {
        let value = try JSONValue.parse(#"{"b":1,"a":2,"c":{"z":1,"y":2}}"#)
        XCTAssertEqual(value.stringified(), #"{"b":1,"a":2,"c":{"z":1,"y":2}}"#)
    }

    func testNumbersKeepTheirSpelling() throws {
        let text = #"[1.50,1e3,-0,0.000001,12345678901234567890,2E-7]"#
        XCTAssertEqual(try JSONValue.parse(text).stringified(), text)
    }

    func testNewNumbersArePrintedAsJavaScriptPrintsThem() {
        let cases: [(Double, String)] = [
            (1, "1"), (1.5, "1.5"), (-0.0, "0"), (100, "100"), (1e21, "1e+21"), (1e20, "100000000000000000000"),
            (0.1 + 0.2, "0.30000000000000004"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (0.000001, "0.000001"),
            (1.2345678901234568e20, "123456789012345680000"), (-2.5e300, "-2.5e+300"),
        ]
        for (value, expected) in cases {
            XCTAssertEqual(JSONValue.number(value).stringified(), expected, "\(value)")
        }
    }

    func testNonFiniteNumbersBecomeNull() {
        XCTAssertEqual(JSONValue.number(Double.nan).stringified(), "null")
        XCTAssertEqual(JSONValue.number(Double.infinity).stringified(), "null")
    }

    func testStringsAreEscapedAsJSONStringifyEscapesThem() {
        let text = "q\"b\\n\nt\tc\u{01}d\u{7f}l\u{2028}é🙂/"
        XCTAssertEqual(JSONValue.string(text).stringified(), #""q\"b\\n\nt\tc\u0001d"# + "\u{7f}l\u{2028}é🙂/\"")
    }

    func testEscapesAreDecoded() throws {
        let value = try JSONValue.parse(#""a\u00e9\ud83d\ude42\/\b\f\r""#)
        XCTAssertEqual(value, .string("aé🙂/\u{8}\u{c}\r"))
    }

    func testRepeatedKeyKeepsFirstPositionAndLastValue() throws {
        XCTAssertEqual(try JSONValue.parse(#"{"a":1,"b":2,"a":3}"#).stringified(), #"{"a":3,"b":2}"#)
    }

    func testIndentedOutputMatchesJSONStringifyWithIndent() throws {
        let value = try JSONValue.parse(#"{"a":[1,{"b":null}],"c":{},"d":[]}"#)
        XCTAssertEqual(
            value.stringified(indent: 4),
            "{\n    \"a\": [\n        1,\n        {\n            \"b\": null\n        }\n    ],\n    \"c\": {},\n    \"d\": []\n}")
    }

    func testErrorsCarryTheByteOffset() {
        XCTAssertThrowsError(try JSONValue.parse(#"{"a": tru}"#)) { error in
            XCTAssertEqual((error as? JSONParseError)?.offset, 9)  // the "}" where "e" should be
        }
        XCTAssertThrowsError(try JSONValue.parse("[1,]"))
        XCTAssertThrowsError(try JSONValue.parse("01"))
        XCTAssertThrowsError(try JSONValue.parse("\"a\nb\""))
        XCTAssertThrowsError(try JSONValue.parse("{} x"))
        XCTAssertThrowsError(try JSONValue.parse(""))
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssertThrowsError(try JSONValue.parse(deep))
        XCTAssertFalse(deep.utf8.withContiguousStorageIfAvailable { JSONValue.isValid(buffer: $0) } ?? true)
    }

    func testValidatorAgreesWithParser() {
        let samples = [#"{"a":[1,2,{"b":"c\"d"}]}"#, "{", #"{"a":1,}"#, "[]", #"{"a":"\x"}"#, " {} ", "-", "1.e3", "nul"]
        for sample in samples {
            let parses = (try? JSONValue.parse(sample)) != nil
            let valid = Array(sample.utf8).withUnsafeBufferPointer { JSONValue.isValid(buffer: $0) }
            XCTAssertEqual(parses, valid, sample)
        }
    }

    func testTruthinessFollowsJavaScript() {
        XCTAssertFalse(JSONValue.string("").isTruthy)
        XCTAssertFalse(JSONValue.number(0).isTruthy)
        XCTAssertFalse(JSONValue.null.isTruthy)
        XCTAssertTrue(JSONValue.string("0").isTruthy)
        XCTAssertTrue(JSONValue.array([]).isTruthy)
    }
}
