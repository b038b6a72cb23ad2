// libFuzzer target for the splitter. Build and run (see Fuzz/README.md):
//   swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name ReasoningFuzz \
//       Sources/Reasoning/*.swift Fuzz/SplitterFuzz.swift -o .build/splitter-fuzz
//   .build/splitter-fuzz -max_total_time=300
// Input layout: byte 0 picks the profile, byte 1 the options, byte 2 the chunk size; the rest is model output.
// It checks that nothing crashes and that chunked feeding gives the one-shot result.

@_cdecl("LLVMFuzzerTestOneInput")
public func splitterFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 3 else { return 0 }
    let profiles = ReasoningProfile.builtIn
        + [ReasoningProfile.template(.thinkXML), .template(.deepSeek, strict: false), .custom(open: ["<a>", "<ab>"], close: ["</a>", "a"], label: "L\n", toolStarts: ["<t>"])]
    let profile = profiles[Int(data[0]) % profiles.count]
    let o = data[1]
    let start: SplitStart = [.detect, .reasoning, .content][Int(o & 3) % 3]
    let options = SplitOptions(start: start, multiBlock: o & 4 != 0, strict: o & 8 != 0)
    let chunk = max(1, Int(data[2]) % 17)
    let input = UnsafeRawBufferPointer(start: data + 3, count: size - 3)

    func run(_ step: Int) -> ReasoningSplit {
        var s = ReasoningSplitter(profile: profile, options: options)
        var out = SplitCollector(profile: profile)
        var i = 0
        while i < input.count {
            let j = min(i + step, input.count)
            s.feed(UnsafeRawBufferPointer(rebasing: input[i..<j]), into: &out)
            i = j
        }
        s.finish(into: &out)
        return out.result(of: s)
    }
    let whole = run(max(1, input.count))
    let chunked = run(chunk)
    if whole != chunked {
        fatalError("chunking changed the split: \(whole) vs \(chunked)")
    }
    return 0
}
