import ChatTransforms
import Reasoning
import RegexScripts
import Foundation
import XCTest

/// Runs the pipe over lines held in memory and returns the output lines.
private func pipe(_ lines: [String], _ transforms: [any MessageTransform]) -> (lines: [String], report: PipeReport) {
    let (output, report) = ChatPipe(transforms: transforms).run(bytes: Array(lines.joined(separator: "\n").utf8))
    return (String(decoding: output, as: UTF8.self).components(separatedBy: "\n"), report)
}

private let think = ParseReasoning(template: .thinkXML)
private let header = #"{"chat_metadata":{"integrity":"x","variables":{"mes":"<think>no</think>"}},"user_name":"unused","character_name":"unused"}"#

final class ParseReasoningTests: XCTestCase {
    func testLeadingBlockMovesIntoExtraWithTypeParsed() {
        let out = pipe([#"{"name":"A","mes":"<think> plan </think>\n\nAnswer.","extra":{"api":"openai"}}"#], [think])
        XCTAssertEqual(out.lines, [#"{"name":"A","mes":"Answer.","extra":{"api":"openai","reasoning":"plan","reasoning_type":"parsed"}}"#])
        XCTAssertEqual(out.report.changedMessages, 1)
    }

    func testLinesWithoutABlockAreByteIdentical() {
        let odd = #"{ "name" : "A" , "mes" : "no block, x<y, </th", "n": 1.50e+3, "extra": {} }"#
        let out = pipe([header, odd, "", #"{"mes":"Hello <think>later</think>"}"#], [think])
        XCTAssertEqual(out.lines, [header, odd, "", #"{"mes":"Hello <think>later</think>"}"#])
        XCTAssertEqual(out.report.changedMessages, 0)
    }

    func testTheHeaderIsNeverTreatedAsAMessage() {
        let out = pipe([#"{"chat_metadata":{},"mes":"<think>a</think>b"}"#], [think])
        XCTAssertEqual(out.lines, [#"{"chat_metadata":{},"mes":"<think>a</think>b"}"#])
        XCTAssertEqual(out.report.messages, 0)
    }

    func testMissingExtraIsCreated() {
        let out = pipe([#"{"mes":"<think>r</think>c"}"#], [think])
        XCTAssertEqual(out.lines, [#"{"mes":"c","extra":{"reasoning":"r","reasoning_type":"parsed"}}"#])
    }

    func testNonObjectExtraIsReplaced() {
        let out = pipe([#"{"mes":"<think>r</think>c","extra":null}"#], [think])
        XCTAssertEqual(out.lines, [#"{"mes":"c","extra":{"reasoning":"r","reasoning_type":"parsed"}}"#])
    }

    func testMessageThatAlreadyHasReasoningIsLeftAlone() {
        let line = #"{"mes":"<think>r</think>c","extra":{"reasoning":"kept"}}"#
        XCTAssertEqual(pipe([line], [think]).lines, [line])
    }

    func testEmptyReasoningChangesTheTextButStoresNoReasoning() {
        let out = pipe([#"{"mes":"<think> </think> c","extra":{}}"#], [think])
        XCTAssertEqual(out.lines, [#"{"mes":"c","extra":{}}"#])
    }

    func testPlaceholderAndTextBeforeTheBlockAreLeftAlone() {
        let lines = [#"{"mes":"..."}"#, #"{"mes":"Hi <think>r</think>c"}"#, #"{"mes":"<think>unclosed"}"#]
        XCTAssertEqual(pipe(lines, [think]).lines, lines)
    }

    func testEscapedMarkersAreFound() {
        let out = pipe([#"{"mes":"\u003cthink>r\u003c/think>c"}"#], [think])
        XCTAssertEqual(out.lines, [#"{"mes":"c","extra":{"reasoning":"r","reasoning_type":"parsed"}}"#])
    }

    func testOnlyTheFirstBlockIsTaken() {
        let out = pipe([#"{"mes":"<think>one</think>mid<think>two</think>end"}"#], [think])
        XCTAssertEqual(out.lines, [#"{"mes":"mid<think>two</think>end","extra":{"reasoning":"one","reasoning_type":"parsed"}}"#])
    }

    func testCurrentSwipeReceivesTheParsedMessage() {
        let line = #"{"mes":"<think>r</think>c","send_date":"D","extra":{"api":"x"},"swipe_id":0,"swipes":["<think>r</think>c"],"swipe_info":[{"send_date":"old","extra":{"api":"x"}}]}"#
        XCTAssertEqual(pipe([line], [think]).lines, [
            #"{"mes":"c","send_date":"D","extra":{"api":"x","reasoning":"r","reasoning_type":"parsed"},"swipe_id":0,"swipes":["c"],"swipe_info":[{"send_date":"D","extra":{"api":"x","reasoning":"r","reasoning_type":"parsed"}}]}"#,
        ])
    }

    func testABlockIsFoundAfterAnyAmountOfLeadingSpace() {
        // The prefix search works 32 positions at a time and then byte by byte: try every offset across both.
        for offset in 0..<80 {
            let text = String(repeating: " ", count: offset) + "<think>r</think>c"
            let line = #"{"mes":"\#(text)","swipe_id":0,"swipes":["x","\#(text)"],"swipe_info":[{},{}]}"#
            XCTAssertEqual(pipe([line], [think]).lines,
                           [#"{"mes":"c","swipe_id":0,"swipes":["c","c"],"swipe_info":[{"extra":{"reasoning":"r","reasoning_type":"parsed"}},{"extra":{"reasoning":"r","reasoning_type":"parsed"}}],"extra":{"reasoning":"r","reasoning_type":"parsed"}}"#],
                           "offset \(offset)")
        }
    }

    func testCurrentSwipeWithoutAnInfoIsLeftAlone() {
        // swipe_info shorter than swipes: SillyTavern skips the copy into the swipe; the message is still parsed.
        let line = #"{"mes":"<think>r</think>c","swipe_id":1,"swipes":["a","<think>r</think>c"],"swipe_info":[{}]}"#
        let out = pipe([line], [think])
        XCTAssertEqual(out.lines, [#"{"mes":"c","swipe_id":1,"swipes":["a","<think>r</think>c"],"swipe_info":[{}],"extra":{"reasoning":"r","reasoning_type":"parsed"}}"#])
        XCTAssertEqual(out.report.changedMessages, 1)
    }

    func testOtherSwipesAreParsedIntoTheirOwnSwipeInfo() {
        let line = #"{"mes":"plain","swipe_id":0,"swipes":["plain","<think>s</think>t"],"swipe_info":[{"extra":{}},{"extra":{"api":"y"}}]}"#
        XCTAssertEqual(pipe([line], [think]).lines, [
            #"{"mes":"plain","swipe_id":0,"swipes":["plain","t"],"swipe_info":[{"extra":{}},{"extra":{"api":"y","reasoning":"s","reasoning_type":"parsed"}}]}"#,
        ])
    }

    func testSwipesNoneChangesOnlyMesAndExtra() {
        let line = #"{"mes":"<think>r</think>c","swipe_id":0,"swipes":["<think>r</think>c","<think>s</think>t"],"swipe_info":[{},{}]}"#
        let out = pipe([line], [ParseReasoning(template: .thinkXML, includeSwipes: false)])
        XCTAssertEqual(out.lines, [
            #"{"mes":"c","swipe_id":0,"swipes":["<think>r</think>c","<think>s</think>t"],"swipe_info":[{},{}],"extra":{"reasoning":"r","reasoning_type":"parsed"}}"#,
        ])
    }

    func testDeepSeekTemplateNeedsItsNewlines() {
        let deepSeek = ParseReasoning(template: .deepSeek)
        let out = pipe([#"{"mes":"<think>\nr\n</think>\n\nc"}"#, #"{"mes":"<think>r</think>c"}"#], [deepSeek])
        XCTAssertEqual(out.lines, [#"{"mes":"c","extra":{"reasoning":"r","reasoning_type":"parsed"}}"#, #"{"mes":"<think>r</think>c"}"#])
    }
}

final class PipeStreamTests: XCTestCase {
    func testMalformedLinesPassThroughAndAreCounted() {
        let lines = [header, "not json", #"{"mes":"<think>a</think>b""#, #"{"mes":"<think>a</think>b"}"#, "[1,2"]
        let out = pipe(lines, [think])
        XCTAssertEqual(Array(out.lines[0..<3]), Array(lines[0..<3]))
        XCTAssertEqual(out.lines[4], "[1,2")
        XCTAssertEqual(out.report.malformedLines, 3)
        XCTAssertEqual(out.report.firstMalformed, [2, 3, 5])
    }

    func testLineBreaksAreKeptExactly() {
        for input in ["", "\n", "{}\n", "{}", "\n\n{}\n\n", "{\"mes\":\"<think>a</think>b\"}\n"] {
            let (output, _) = ChatPipe(transforms: []).run(bytes: Array(input.utf8))
            XCTAssertEqual(String(decoding: output, as: UTF8.self), input)
        }
    }

    func testDeepNestingIsScannedWithoutRecursion() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let line = #"{"mes":"<think>a</think>b","x":"# + deep + "}"
        let out = pipe([line], [think])
        XCTAssertTrue(out.lines[0].hasPrefix(#"{"mes":"b","x":[[["#))
        XCTAssertEqual(out.report.malformedLines, 0)
    }

    func testTransformsRunInOrderOnEachOthersResult() {
        let line = #"{"mes":"<think>r</think>c"}"#
        XCTAssertEqual(pipe([line], [think, StripReasoning()]).lines, [#"{"mes":"c","extra":{"reasoning":""}}"#])
        XCTAssertEqual(pipe([line], [think, InlineReasoning(template: .deepSeek)]).lines,
                       [#"{"mes":"<think>\nr\n</think>\n\nc","extra":{"reasoning":""}}"#])
    }

    func testFileToFileThroughThreadsMatchesInMemory() throws {
        var lines = [header]
        for i in 0..<20_000 {
            lines.append(i % 3 == 0 ? #"{"mes":"<think>r\#(i)</think>c\#(i)"}"# : #"{"mes":"plain \#(i) x<y","extra":{}}"#)
        }
        let input = Array(lines.joined(separator: "\n").utf8)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("in.jsonl").path, target = dir.appendingPathComponent("out/out.jsonl").path
        FileManager.default.createFile(atPath: source, contents: Data(input))
        let pipe = ChatPipe(transforms: [think])
        let report = try pipe.transform(file: source, to: target, threads: 3)
        let expected = pipe.run(bytes: input)
        XCTAssertEqual(FileManager.default.contents(atPath: target).map([UInt8].init), expected.output)
        XCTAssertEqual(report.changedMessages, 6667)
        XCTAssertEqual(report, expected.report)
    }

    /// Runs the pipe from a file (which it maps a window at a time) starting at byte `from`, into a file.
    private func pipeFile(_ input: [UInt8], from offset: Int = 0, blockMB: Int? = nil) throws -> (output: [UInt8], report: PipeReport, consumed: Int) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("in.jsonl").path, target = dir.appendingPathComponent("out.jsonl").path
        FileManager.default.createFile(atPath: source, contents: Data(input))
        FileManager.default.createFile(atPath: target, contents: nil)
        if let blockMB { setenv("STSCRIPT_PIPE_BLOCK_MB", "\(blockMB)", 1) }
        defer { unsetenv("STSCRIPT_PIPE_BLOCK_MB") }
        let inFD = open(source, O_RDONLY), outFD = open(target, O_WRONLY)
        defer { close(inFD); close(outFD) }
        lseek(inFD, off_t(offset), SEEK_SET)
        let report = try ChatPipe(transforms: [think]).run(input: inFD, output: outFD, threads: 2)
        let consumed = Int(lseek(inFD, 0, SEEK_CUR))
        return (FileManager.default.contents(atPath: target).map([UInt8].init) ?? [], report, consumed)
    }

    func testMappedFileWithLinesLongerThanABlockMatchesInMemory() throws {
        let long = #"{"mes":"<think>"# + String(repeating: "r", count: 2_500_000) + #"</think>c"}"#
        var lines = [header]
        for i in 0..<30_000 { lines.append(#"{"mes":"<think>\#(i)</think>text \#(i) padding padding padding","extra":{}}"#) }
        lines.insert(long, at: 15_000)
        lines.append(long)
        let input = Array(lines.joined(separator: "\r\n").utf8) + Array("\n\n  ".utf8)
        let got = try pipeFile(input, blockMB: 1)
        let expected = ChatPipe(transforms: [think]).run(bytes: input)
        XCTAssertEqual(got.output, expected.output)
        XCTAssertEqual(got.report, expected.report)
        XCTAssertEqual(got.report.changedMessages, 30_002)
        XCTAssertEqual(got.consumed, input.count)
    }

    func testMappedFileStartsWhereTheDescriptorStands() throws {
        let input = Array([header, #"{"mes":"<think>a</think>b"}"#, "not json", #"{"mes":"<think>c</think>d"}"#]
            .joined(separator: "\n").utf8)
        let skip = header.utf8.count + 1
        let got = try pipeFile(input, from: skip)
        let expected = ChatPipe(transforms: [think]).run(bytes: Array(input[skip...]))
        XCTAssertEqual(got.output, expected.output)
        XCTAssertEqual(got.report, expected.report)
        XCTAssertEqual(got.report.malformedLines, 1)
        XCTAssertEqual(got.consumed, input.count)
    }

    #if os(Linux)
    func testFileThatSaysItIsEmptyButHoldsBytesIsRead() throws {
        // Files of /proc report a size of 0: mapping would see nothing, reading sees the text.
        let expected = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "/proc/version")))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("out").path
        FileManager.default.createFile(atPath: target, contents: nil)
        let inFD = open("/proc/version", O_RDONLY), outFD = open(target, O_WRONLY)
        defer { close(inFD); close(outFD) }
        let report = try ChatPipe(transforms: [think]).run(input: inFD, output: outFD)
        XCTAssertEqual(FileManager.default.contents(atPath: target).map([UInt8].init), expected)
        XCTAssertEqual(report.malformedLines, 1)
    }
    #endif

    func testEmptyMappedFileGivesNothing() throws {
        let got = try pipeFile([])
        XCTAssertEqual(got.output, [])
        XCTAssertEqual(got.report, PipeReport())
    }
}

final class StripAndInlineTests: XCTestCase {
    func testStripDeletesReasoningAsTheUIDoesInMessageAndSwipes() {
        let line = #"{"mes":"c","extra":{"reasoning":"r","reasoning_type":"model","reasoning_duration":5,"api":"x"},"swipe_id":0,"swipes":["c"],"swipe_info":[{"extra":{"reasoning":"r","reasoning_type":"model"}}]}"#
        XCTAssertEqual(pipe([line], [StripReasoning()]).lines, [
            #"{"mes":"c","extra":{"reasoning":"","api":"x"},"swipe_id":0,"swipes":["c"],"swipe_info":[{"extra":{"reasoning":""}}]}"#,
        ])
    }

    func testStripLeavesMessagesWithoutReasoningUntouched() {
        let line = #"{"mes":"c","extra":{"reasoning":""}}"#
        XCTAssertEqual(pipe([line], [StripReasoning()]).lines, [line])
    }

    func testInlineFormatsWithTheTemplateAndSyncsTheSwipe() {
        let line = #"{"mes":"c","extra":{"reasoning":"r","reasoning_type":"model"},"swipe_id":0,"swipes":["c"],"swipe_info":[{"extra":{"reasoning":"r"}}]}"#
        XCTAssertEqual(pipe([line], [InlineReasoning(template: .thinkXML)]).lines, [
            #"{"mes":"<think>r</think>\nc","extra":{"reasoning":""},"swipe_id":0,"swipes":["<think>r</think>\nc"],"swipe_info":[{"extra":{"reasoning":""}}]}"#,
        ])
    }

    func testProfileNamesGiveTheirMarkers() {
        XCTAssertEqual(TemplateLookup.template(named: "think")?.prefix, "<think>")
        XCTAssertEqual(TemplateLookup.template(named: "deepseek")?.suffix, "\n</think>")
        XCTAssertEqual(TemplateLookup.template(named: "gemma4")?.prefix, "<|channel>thought\n")
        XCTAssertNil(TemplateLookup.template(named: "no-such-thing"))
    }
}

final class TemplateSplitAgreementTests: XCTestCase {
    /// The pipe's byte-level split must say exactly what the Reasoning stage's template parse says.
    func testByteSplitAgreesWithTheReasoningTemplateParse() {
        let pieces = ["<think>", "</think>", "<think>\n", "\n</think>", " ", "\n", "\t", "\u{00A0}", "\u{3000}", "\u{FEFF}",
                      "\u{2028}", "a", "é", "東", "🙂", "<", "</th", "think>", "x<y"]
        var generator = SystemRandomNumberGenerator()
        for template in [ReasoningTemplate.thinkXML, .deepSeek] {
            for _ in 0..<3000 {
                let text = (0..<Int.random(in: 0...9, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
                let line = #"{"mes":"# + String(decoding: JSONEncoderForTests.string(text), as: UTF8.self) + "}"
                let (output, _) = ChatPipe(transforms: [ParseReasoning(template: template)]).run(bytes: Array(line.utf8))
                let expected: String
                if let split = template.parse(text), split.matched, text != "...", !text.isEmpty {
                    var extra = ""
                    if !split.reasoning.isEmpty {
                        extra = #""reasoning":"# + JSONEncoderForTests.text(split.reasoning) + #","reasoning_type":"parsed""#
                    }
                    expected = #"{"mes":"# + JSONEncoderForTests.text(split.content) + #","extra":{"# + extra + "}}"
                } else {
                    expected = line
                }
                XCTAssertEqual(String(decoding: output, as: UTF8.self), expected, "text: \(text.debugDescription)")
            }
        }
    }
}

/// JSON.stringify's spelling of a string, for building expected lines.
enum JSONEncoderForTests {
    static func text(_ s: String) -> String { String(decoding: string(s), as: UTF8.self) }

    static func string(_ s: String) -> [UInt8] {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return Array((out + "\"").utf8)
    }
}

final class ScriptTransformTests: XCTestCase {
    func testScriptRunsOncePerMessageWithTheMessageAsTheLastOne() {
        let script = ScriptTransform(source: "/reasoning-set at=0 about {{lastMessage}}")
        let out = pipe([header, #"{"name":"A","mes":"Hello","extra":{"api":"x"}}"#], [script])
        XCTAssertEqual(out.lines, [header, #"{"name":"A","mes":"Hello","extra":{"api":"x","reasoning":"about Hello","reasoning_type":"manual"}}"#])
    }

    func testScriptThatChangesNothingLeavesTheLineAsItWas() {
        let line = #"{ "name" : "A", "mes" : "Hello" }"#
        XCTAssertEqual(pipe([line], [ScriptTransform(source: "/reasoning-get")]).lines, [line])
    }

    func testFailingScriptLeavesTheMessageAndIsReported() {
        let line = #"{"mes":"Hello"}"#
        let out = pipe([line], [ScriptTransform(source: "/abort quiet=false broken", name: "x.st")])
        XCTAssertEqual(out.lines, [line])
        XCTAssertEqual(out.report.failedMessages, 1)
        XCTAssertEqual(out.report.firstError, "line 1: x.st: aborted: broken")
    }
}

final class RegexTransformTests: XCTestCase {
    private let scripts = RegexScriptSet([
        RegexScript(scriptName: "ai", findRegex: "/foo/g", replaceString: "bar", placement: [2]),
        RegexScript(scriptName: "thinking", findRegex: "/secret/g", replaceString: "***", placement: [6]),
    ])

    func testScriptsRunByPlacementOnTextSwipesAndReasoning() {
        let line = #"{"is_user":false,"mes":"foo foo","extra":{"reasoning":"a secret"},"swipe_id":0,"swipes":["foo foo","foo"],"swipe_info":[{"extra":{"reasoning":"secret"}},{}]}"#
        XCTAssertEqual(pipe([line], [RegexTransform(scripts: scripts)]).lines, [
            #"{"is_user":false,"mes":"bar bar","extra":{"reasoning":"a ***"},"swipe_id":0,"swipes":["bar bar","bar"],"swipe_info":[{"extra":{"reasoning":"***"}},{}]}"#,
        ])
    }

    func testUserMessagesTakeOnlyUserInputScripts() {
        let line = #"{"is_user":true,"mes":"foo"}"#
        XCTAssertEqual(pipe([line], [RegexTransform(scripts: scripts)]).lines, [line])
    }
}
