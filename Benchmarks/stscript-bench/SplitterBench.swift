// Splitter throughput on the 50 MB synthetic stream of ../shared/bench/gen_stream.py, fed whole and in
// 16- and 4-byte chunks. Run: `swift run -c release stscript-bench splitter`
// (STSCRIPT_BENCH_STREAM=PATH picks the stream file; it is generated there when missing).
import Foundation
import Reasoning

enum SplitterBench {
    /// Counts what comes out, so the measurement is the splitter's own work.
    struct CountingSink: SplitSink {
        var reasoningBytes = 0, contentBytes = 0, events = 0
        mutating func reasoning(_ b: UnsafeRawBufferPointer) { reasoningBytes &+= b.count; events &+= 1 }
        mutating func content(_ b: UnsafeRawBufferPointer) { contentBytes &+= b.count; events &+= 1 }
    }

    static func run() {
        let env = ProcessInfo.processInfo.environment
        let path = env["STSCRIPT_BENCH_STREAM"] ?? "/tmp/stscript-bench-stream.txt"
        let size = 52_428_800
        if !FileManager.default.fileExists(atPath: path) { generate(path, size) }
        guard let data = FileManager.default.contents(atPath: path) else {
            print("splitter: cannot read \(path)")
            return
        }
        let bytes = [UInt8](data)
        let profile = ReasoningProfile.named("think")!
        print("splitter: \(bytes.count) bytes from \(path), profile think, 5 runs each")
        let rssBefore = maxResidentKB()
        var reference: CountingSink?
        for chunk in [bytes.count, 16, 4] {
            var times: [Double] = [], cpuTimes: [Double] = []
            for _ in 0..<5 {
                var splitter = ReasoningSplitter(profile: profile)
                var sink = CountingSink()
                let start = ContinuousClock.now
                let cpuStart = threadCPUSeconds()
                feed(bytes, inChunksOf: chunk, to: &splitter, into: &sink)
                splitter.finish(into: &sink)
                let d = ContinuousClock.now - start
                cpuTimes.append(threadCPUSeconds() - cpuStart)
                times.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
                if let r = reference {
                    if r.reasoningBytes != sink.reasoningBytes || r.contentBytes != sink.contentBytes {
                        print("splitter: MISMATCH at chunk \(chunk): \(sink) vs \(r)")
                    }
                } else {
                    reference = sink
                    print("splitter: reasoning \(sink.reasoningBytes) B, content \(sink.contentBytes) B")
                }
            }
            times.sort()
            cpuTimes.sort()
            let mbps = { (t: Double) in Double(bytes.count) / t / 1e6 }
            let label = chunk == bytes.count ? "whole" : "\(chunk) B"
            print(String(format: "splitter %-6@ CPU time: best %7.1f MB/s, median %7.1f MB/s   wall: best %7.1f MB/s, median %7.1f MB/s",
                         label as NSString, mbps(cpuTimes[0]), mbps(cpuTimes[2]), mbps(times[0]), mbps(times[2])))
        }
        print("splitter: max RSS grew \(maxResidentKB() - rssBefore) KB while splitting (input held in memory)")
        // Memory is flat: what the splitter holds never depends on how much input went through it.
        for chunk in [16, 4, 1 << 16] {
            var splitter = ReasoningSplitter(profile: profile)
            var sink = CountingSink()
            var most = 0
            feed(bytes, inChunksOf: chunk, to: &splitter, into: &sink) { most = max(most, $0.heldByteCount) }
            print("splitter: at most \(most) bytes held at once (\(chunk) B chunks, \(bytes.count) B input)")
        }
    }

    /// Feeds `bytes` to the splitter `chunk` bytes at a time; `afterEach` sees the splitter after every chunk.
    @inline(__always)
    static func feed(_ bytes: [UInt8], inChunksOf chunk: Int, to splitter: inout ReasoningSplitter,
                     into sink: inout CountingSink, afterEach: (ReasoningSplitter) -> Void = { _ in }) {
        bytes.withUnsafeBytes { all in
            guard let base = all.baseAddress else { return }
            var i = 0
            while i < all.count {
                let size = min(chunk, all.count - i)
                splitter.feed(UnsafeRawBufferPointer(start: base + i, count: size), into: &sink)
                afterEach(splitter)
                i += size
            }
        }
    }

    static func generate(_ path: String, _ size: Int) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/bench/gen_stream.py").standardized.path
        let candidates = [script, "/work/shared/bench/gen_stream.py"]
        guard let gen = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            print("splitter: gen_stream.py not found; set STSCRIPT_BENCH_STREAM")
            return
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", gen, path, String(size)]
        try? p.run()
        p.waitUntilExit()
    }

    /// CPU time of this thread: less disturbed than wall time on a shared machine.
    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func maxResidentKB() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return usage.ru_maxrss
    }
}
