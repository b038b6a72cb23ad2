import ChatTransforms
import JSCompat
import XCTest

/// The pipe's validating scanner must accept exactly what JSON.parse accepts (JSCompat's parser follows it).
final class JSONScannerTests: XCTestCase {
    /// Scans `text` as the first bytes of a longer buffer, so the scanner may look past the end (its vector loads
    /// do) and must still decide from the text alone: the padding is quotes, backslashes and closing brackets.
    private func scannerAccepts(_ text: [UInt8]) -> Bool {
        let buffer = text + Array(#""\\"}]"\\  "#.utf8) + [UInt8](repeating: UInt8(ascii: "\""), count: 40)
        return buffer.withUnsafeBytes { raw in
            var scanner = JSONScanner(raw)
            var members: [JSONMember] = []
            return (try? scanner.scanDocument(0..<text.count, members: &members)) != nil
        }
    }

    private func parserAccepts(_ text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { JSONValue.isValid(buffer: $0) }
    }

    func testAcceptsWhatJSONParseAcceptsForEveryEditOfSampleLines() {
        let samples = [
            #"{"name":"Alice","is_user":false,"mes":"A long enough text to take more than thirty-two bytes, with 東京 and 🙂.","extra":{"reasoning":"x\n\"y\"","n":-1.5e+3,"ok":true,"no":null,"f":false},"swipes":["a","b"],"swipe_info":[{},[]]}"#,
            #"  { "k" : [ 1 , 0.25 , -0 , 2E5 , "\u00e9\/\b\f\r\t" ] , "e" : { } , "a" : [ ] }  "#,
            #"["0123456789abcdef0123456789abcdef0123456789","",{"":""}]"#,
            #""a string that is exactly thirty-two!""#,
            "123", "true", "null", "false",
        ]
        let insertions: [UInt8] = Array(#"{}[]":,\ 0e.-tu"#.utf8) + [0x00, 0x1F, 0x7F, 0xC3]
        var checked = 0
        for sample in samples {
            let bytes = Array(sample.utf8)
            XCTAssertTrue(scannerAccepts(bytes), sample)
            for at in 0...bytes.count {
                // Every one-byte deletion, and every insertion of a byte that matters to JSON.
                if at < bytes.count {
                    var edited = bytes
                    edited.remove(at: at)
                    XCTAssertEqual(scannerAccepts(edited), parserAccepts(edited), String(decoding: edited, as: UTF8.self))
                    checked += 1
                }
                for byte in insertions {
                    var edited = bytes
                    edited.insert(byte, at: at)
                    XCTAssertEqual(scannerAccepts(edited), parserAccepts(edited), String(decoding: edited, as: UTF8.self))
                    checked += 1
                }
                // Every prefix: strings and containers cut at any length, including across the vector widths.
                let prefix = Array(bytes[..<at])
                XCTAssertEqual(scannerAccepts(prefix), parserAccepts(prefix), String(decoding: prefix, as: UTF8.self))
            }
        }
        XCTAssertGreaterThan(checked, 5000)
    }

    func testLongStringsWithEscapesAtEveryOffset() {
        for offset in 0..<70 {
            for escape in [#"\n"#, #"\""#, #"\\"#, #"\u0041"#, #"\x"#, #"\u12"#, "\u{01}"] {
                let text = Array(("[\"" + String(repeating: "a", count: offset) + escape + String(repeating: "b", count: 40) + "\"]").utf8)
                XCTAssertEqual(scannerAccepts(text), parserAccepts(text), "offset \(offset) \(escape)")
            }
        }
    }

    func testDeepNestingNeitherCrashesNorFails() {
        let deep = Array((String(repeating: "[{\"a\":", count: 5000) + "1" + String(repeating: "}]", count: 5000)).utf8)
        XCTAssertTrue(scannerAccepts(deep))
        XCTAssertFalse(scannerAccepts(Array(deep.dropLast())))
    }
}
