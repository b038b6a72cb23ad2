// swift-tools-version:6.0
// stscript — SillyTavern's STscript outside the browser, with first-class reasoning support.
// Stages (see docs/architecture.md): syntax → runtime → store / reasoning / prompt → line editor → CLI.
import PackageDescription

let package = Package(
    name: "stscript",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "stscript", targets: ["stscript"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        // JavaScript semantics every stage shares: Number() parsing and printing, ECMAScript regexes,
        // JSON with key order and number spelling preserved, written as JSON.stringify writes it.
        .target(name: "JSCompat"),
        // SillyTavern's macro engine ({{…}}): templates split once, evaluated against an environment.
        .target(name: "MacroEngine", dependencies: ["JSCompat"]),
        // Lexer + parser → syntax tree with source ranges; diagnostics. Knows commands only through a table.
        .target(name: "STScriptSyntax"),
        // SillyTavern data folder: settings.json, chats/*.jsonl — lossless, atomic, locked.
        .target(name: "ChatStore", dependencies: ["JSCompat", "Reasoning"]),
        // Reasoning splitter for every model family, one-shot and streaming; the thinking data model.
        .target(name: "Reasoning", dependencies: ["JSCompat"]),
        // SillyTavern regex scripts (placements, depth, trim strings, {{match}}).
        .target(name: "RegexScripts", dependencies: ["JSCompat"]),
        // Chat → prompt messages, call flows, provider request bodies and reasoning effort.
        .target(name: "PromptAssembly", dependencies: ["ChatStore", "MacroEngine", "RegexScripts", "Reasoning", "JSCompat"]),
        // Evaluator, scopes, pipe, and the command families.
        .target(name: "STScriptRuntime", dependencies: [
            "STScriptSyntax", "MacroEngine", "ChatStore", "Reasoning", "RegexScripts", "PromptAssembly", "JSCompat",
        ], swiftSettings: [
            // The evaluator's loop touches class fields constantly; runtime exclusivity checks cost ~10% there.
            .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
        ]),
        // libedit (Debian: libedit-dev) through a module map and a shim of inline wrappers.
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"]), .brew(["libedit"])]),
        .target(name: "LineEditor", dependencies: ["CLibEdit"]),
        // Chat-wide transforms over JSONL streams: pipe mode (byte-level fast path), batch over folders, export.
        .target(name: "ChatTransforms", dependencies: ["JSCompat", "ChatStore", "Reasoning", "RegexScripts", "STScriptRuntime"]),
        // The command-line program: repl (default), run, check, think, prompt, pipe, export.
        .executableTarget(name: "stscript", dependencies: [
            "STScriptSyntax", "STScriptRuntime", "ChatStore", "Reasoning", "PromptAssembly", "RegexScripts",
            "MacroEngine", "LineEditor", "JSCompat", "ChatTransforms",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Benchmarks of the hot paths (not tests): `swift run -c release stscript-bench --help`.
        .executableTarget(name: "stscript-bench", dependencies: [
            "STScriptSyntax", "STScriptRuntime", "ChatStore", "Reasoning", "JSCompat", "PromptAssembly", "MacroEngine",
        ], path: "Benchmarks/stscript-bench"),

        .testTarget(name: "JSCompatTests", dependencies: ["JSCompat"]),
        .testTarget(name: "MacroEngineTests", dependencies: ["MacroEngine"], resources: [.copy("Resources")]),
        .testTarget(name: "STScriptSyntaxTests", dependencies: ["STScriptSyntax", "STScriptRuntime"]),
        .testTarget(name: "STScriptRuntimeTests", dependencies: ["STScriptRuntime", "STScriptSyntax", "ChatStore"]),
        .testTarget(name: "ChatStoreTests", dependencies: ["ChatStore", "chatstore-writer"]),
        // A child process for the store's crash (SIGKILL) and two-writer tests.
        .executableTarget(name: "chatstore-writer", dependencies: ["ChatStore", "JSCompat"], path: "Tests/ChatStoreWriter"),
        .testTarget(name: "ReasoningTests", dependencies: ["Reasoning", "JSCompat"]),
        .testTarget(name: "RegexScriptsTests", dependencies: ["RegexScripts"]),
        .testTarget(name: "PromptAssemblyTests", dependencies: ["PromptAssembly", "ChatStore", "Reasoning", "JSCompat"]),
        .testTarget(name: "ChatTransformsTests", dependencies: ["ChatTransforms", "Reasoning", "RegexScripts", "JSCompat"], resources: [.copy("Golden")]),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor"]),
        // Runs the built binary: conformance cases from ../shared, golden files, the REPL under a pty.
        .testTarget(name: "CLITests", dependencies: ["stscript"], exclude: ["Conformance"]),
    ]
)

// Release binaries carry the Swift runtime and Foundation (what `--static-swift-stdlib` does): without it, start-up
// is dominated by binding the shared libraries' symbols. Modules are compiled against the static SDK too, so their
// link dependencies name the static libraries.
let staticRuntimeInRelease: [SwiftSetting] = [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + staticRuntimeInRelease
    if target.type == .executable {
        target.linkerSettings = (target.linkerSettings ?? []) + [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]
    }
}
