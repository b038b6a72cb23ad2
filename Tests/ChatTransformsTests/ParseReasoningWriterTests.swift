import ChatTransforms
import Reasoning
import XCTest

/// --parse-reasoning through the general path only: the pipe does not recognise the wrapped transform, so it
/// never takes the one-pass writer.
private struct GeneralPath: MessageTransform {
    let inner: ParseReasoning
    func mightApply(to line: LineView) -> Bool { inner.mightApply(to: line) }
    func apply(to message: inout ObjectEditor) throws -> Bool { try inner.apply(to: &message) }
}

private func pipeText(_ lines: [String], _ transform: any MessageTransform) -> (String, PipeReport) {
    let (output, report) = ChatPipe(transforms: [transform]).run(bytes: Array(lines.joined(separator: "\n").utf8))
    return (String(decoding: output, as: UTF8.self), report)
}

/// Message lines covering the shapes the one-pass writer handles and the ones it must leave to the general path.
private func variedMessages() -> [String] {
    let texts = [#""<think>r</think>c""#, #""\n <think>\nplan \"a\"\n</think>\n\nAnswer 東京 🙂""#, #""<think> </think> c""#,
                 #""\u003cthink>e\u003c/think>x""#, #""<think>unclosed""#, #""...""#, #""plain""#]
    let extras = [nil, #"null"#, #"{}"#, #"{ }"#, #"{"api":"openai"}"#, #"{"reasoning":"","api":"x"}"#,
                  #"{"reasoning_type":"model","api":"x"}"#, #"{"api":"x","reasoning_type":"model","reasoning":null}"#,
                  #"{"reasoning":"kept"}"#, #"{"reasoning":"","reasoning":""}"#, #"{"re\u0061soning":""}"#, #""text""#]
    let swipeParts = [
        nil,
        #""swipe_id":0,"swipes":[TEXT],"swipe_info":[{"send_date":"old","extra":{"api":"x"}}]"#,
        #""swipe_id":0,"swipes":[TEXT,"other"],"swipe_info":[{"gen_started":"g"},{}]"#,
        #""swipe_id":1,"swipes":["first",TEXT],"swipe_info":[{},{ "extra" : {}, "send_date" : 1 }]"#,
        #""swipe_id":0,"swipes":[TEXT,"<think>s</think>t"],"swipe_info":[{},{"extra":{"api":"y"}}]"#,
        #""swipe_id":0,"swipes":[TEXT],"swipe_info":[{"send_date":"a","send_date":"b"}]"#,
        #""swipe_id":0,"swipes":[TEXT],"swipe_info":[{"gen_finished":"only in the swipe"}]"#,
        #""swipe_id":1.5,"swipes":[TEXT,"x"],"swipe_info":[{},{}]"#,
        #""swipe_id":"0","swipes":[TEXT],"swipe_info":[{}]"#,
        #""swipe_id":3,"swipes":[TEXT],"swipe_info":[{}]"#,
        #""swipe_id":0,"swipes":[""],"swipe_info":[{}]"#,
        #""swipe_id":0,"swipes":[TEXT],"swipe_info":[null]"#,
        #""swipe_id":0,"swipes":[TEXT,"x"],"swipe_info":[{}]"#,
        #""swipe_id":0,"swipes":{"0":TEXT},"swipe_info":[{}]"#,
        #""swipe_id":1,"swipes":["first",TEXT],"swipe_info":[{}]"#,
        #""swipe_id":0,"swipes":[TEXT],"swipe_info":[]"#,
        #""swipe_id":0,"swipes":[TEXT],"swipe_info":[{"send_date":"x"},{"send_date":"y"}]"#,
    ]
    var lines: [String] = []
    for text in texts {
        for extra in extras {
            for swipes in swipeParts {
                var parts = [#""name":"A""#, #""mes":\#(text)"#]
                if let extra { parts.append(#""extra":\#(extra)"#) }
                parts.append(#""send_date":"D""#)
                if let swipes { parts.append(swipes.replacingOccurrences(of: "TEXT", with: text)) }
                lines.append("{" + parts.joined(separator: ",") + "}")
                // The same members in another order, with spacing and a line end of its own.
                lines.append("  { " + parts.reversed().joined(separator: " , ") + " }\r")
            }
        }
    }
    lines += [
        #"{"mes":"<think>a</think>b","mes":"<think>c</think>d"}"#,
        #"{"m\u0065s":"<think>a</think>b"}"#,
        #"{"mes":"<think>a</think>b","extra":{"api":"x"},"extra":{"api":"y"}}"#,
        #"{"mes":"<think>a</think>b","gen_started":"s","gen_finished":"f","swipe_id":0,"swipes":["x"],"swipe_info":[{"extra":{},"gen_finished":"old"}]}"#,
        #"{"mes":"<think>a</think>b","swipe_id":0,"swipes":["x"],"swipe_info":[{"send_date":"kept"}]}"#,
        #"{"mes":42,"extra":{}}"#,
        #"{"mes":"<think>a</think>b","extra":{"reasoning":0}}"#,
    ]
    return lines
}

final class ParseReasoningWriterTests: XCTestCase {
    func testOnePassWriterMakesTheSameBytesAsTheGeneralPath() {
        let lines = variedMessages()
        for template in [ReasoningTemplate.thinkXML] {
            for includeSwipes in [true, false] {
                let transform = ParseReasoning(template: template, includeSwipes: includeSwipes)
                for line in lines {
                    let fast = pipeText([line], transform), general = pipeText([line], GeneralPath(inner: transform))
                    XCTAssertEqual(fast.0, general.0, "swipes \(includeSwipes): \(line)")
                    XCTAssertEqual(fast.1, general.1, "swipes \(includeSwipes): \(line)")
                }
            }
        }
    }

    func testOnePassWriterChangesTheCommonMessage() {
        let line = #"{"mes":"<think>r</think>c","send_date":"D","extra":{"api":"x"},"swipe_id":0,"swipes":["<think>r</think>c","other"],"swipe_info":[{"send_date":"old","extra":{"api":"x"}},{}]}"#
        let (output, report) = pipeText([line], ParseReasoning(template: .thinkXML))
        XCTAssertEqual(output, #"{"mes":"c","send_date":"D","extra":{"api":"x","reasoning":"r","reasoning_type":"parsed"},"swipe_id":0,"swipes":["c","other"],"swipe_info":[{"send_date":"D","extra":{"api":"x","reasoning":"r","reasoning_type":"parsed"}},{}]}"#)
        XCTAssertEqual(report.changedMessages, 1)
    }
}
