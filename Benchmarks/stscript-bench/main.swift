// Benchmarks for the hot paths. Each area registers itself in `benchmarks`; run with
// `swift run -c release stscript-bench [NAME…]`.
let benchmarks: [(name: String, run: () -> Void)] = []
    + jsCompatBenchmarks
    + ScriptBenchmarks.all
    + [("splitter", SplitterBench.run)]
    + promptBenchmarks()
    + macroBenchmarks
    + StoreBench.all
    + StoreLoopBench.all
let wanted = Set(CommandLine.arguments.dropFirst())
for bench in benchmarks where wanted.isEmpty || wanted.contains(bench.name) {
    bench.run()
}
