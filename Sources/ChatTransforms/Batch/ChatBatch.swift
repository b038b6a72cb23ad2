// Many chats at once: `stscript pipe --in DIR --out DIR` and `stscript run FILE.st --chat GLOB`. Chats are
// independent, so N workers take them one at a time; one chat failing never stops the others.
import Dispatch
import Foundation

/// The outcome for one chat of a batch.
public struct ChatOutcome: Sendable {
    public var path: String
    public var report: PipeReport?
    /// Why the chat failed; nil when it succeeded.
    public var failure: String?

    public init(path: String, report: PipeReport? = nil, failure: String? = nil) {
        self.path = path
        self.report = report
        self.failure = failure
    }

    public var succeeded: Bool { failure == nil }
}

public enum ChatBatch {
    /// Runs `work` on every item with up to `jobs` at a time; `done` is called (serially) as each one finishes.
    /// Returns the outcomes in the order of `items`.
    public static func run(_ items: [String], jobs: Int, work: @escaping @Sendable (String) -> ChatOutcome,
                           done: @escaping @Sendable (ChatOutcome) -> Void) -> [ChatOutcome] {
        let results = Results(count: items.count)
        let next = Counter()
        let workers = max(1, min(jobs, items.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.take()
                guard index < items.count else { return }
                let outcome = work(items[index])
                results.set(index, outcome, then: done)
            }
        }
        return results.all()
    }

    /// The `.jsonl` files under `folder`, recursively, sorted, as paths relative to it.
    public static func chatFiles(in folder: String) throws -> [String] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw TransformError("\(folder) is not a folder")
        }
        guard let walker = fm.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(".jsonl") { found.append(relative) }
        }
        return found.sorted()
    }

    /// Expands a glob with `*`, `?`, `[…]` and `**` (any number of folders), sorted. A pattern without any of
    /// them names one file.
    public static func expand(glob pattern: String) -> [String] {
        guard isGlob(pattern) else { return [pattern] }
        let absolute = pattern.hasPrefix("/")
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var matches: [String] = []
        walk(absolute ? "/" : "", parts[...], into: &matches)
        return matches.sorted()
    }

    public static func isGlob(_ pattern: String) -> Bool {
        pattern.contains("*") || pattern.contains("?") || pattern.contains("[")
    }

    private static func walk(_ base: String, _ parts: ArraySlice<String>, into matches: inout [String]) {
        let fm = FileManager.default
        guard let part = parts.first else {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: base, isDirectory: &isDir), !isDir.boolValue { matches.append(base) }
            return
        }
        let rest = parts.dropFirst()
        func join(_ name: String) -> String { base.isEmpty ? name : (base.hasSuffix("/") ? base + name : base + "/" + name) }
        if part == "**" {
            walk(base, rest, into: &matches)  // zero folders
            for name in (try? fm.contentsOfDirectory(atPath: base.isEmpty ? "." : base))?.sorted() ?? [] {
                var isDir: ObjCBool = false
                let path = join(name)
                if !name.hasPrefix("."), fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                    walk(path, parts, into: &matches)
                }
            }
        } else if isGlob(part) {
            for name in (try? fm.contentsOfDirectory(atPath: base.isEmpty ? "." : base))?.sorted() ?? []
            where !(name.hasPrefix(".") && !part.hasPrefix(".")) && GlobPattern.matches(Array(part.unicodeScalars), Array(name.unicodeScalars)) {
                walk(join(name), rest, into: &matches)
            }
        } else {
            let path = join(part)
            if fm.fileExists(atPath: path) { walk(path, rest, into: &matches) }
        }
    }

    private final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func take() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value - 1 }
    }

    private final class Results: @unchecked Sendable {
        private var outcomes: [ChatOutcome?]
        private let lock = NSLock()
        init(count: Int) { outcomes = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ outcome: ChatOutcome, then done: (ChatOutcome) -> Void) {
            lock.lock(); defer { lock.unlock() }
            outcomes[index] = outcome
            done(outcome)
        }
        func all() -> [ChatOutcome] { lock.lock(); defer { lock.unlock() }; return outcomes.map { $0! } }
    }
}

/// One path segment's glob: `*` any run, `?` one character, `[abc]` / `[a-z]` / `[!x]` a set.
enum GlobPattern {
    static func matches(_ p: [Unicode.Scalar], _ s: [Unicode.Scalar]) -> Bool {
        // Iterative with one backtrack point for the last `*` (no recursion on user input).
        var pi = 0, si = 0
        var star = -1, starS = 0
        while si < s.count {
            if pi < p.count, p[pi] == "*" {
                star = pi; starS = si; pi += 1
            } else if pi < p.count, let (ok, next) = single(p, pi, s[si]), ok {
                pi = next; si += 1
            } else if star >= 0 {
                pi = star + 1; starS += 1; si = starS
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// Whether pattern element at `i` matches `c`, and where the next element starts; nil at a `*`.
    private static func single(_ p: [Unicode.Scalar], _ i: Int, _ c: Unicode.Scalar) -> (Bool, Int)? {
        switch p[i] {
        case "?": return (true, i + 1)
        case "[":
            var j = i + 1
            var negate = false
            if j < p.count, p[j] == "!" || p[j] == "^" { negate = true; j += 1 }
            var found = false
            var first = true
            while j < p.count, p[j] != "]" || first {
                first = false
                if j + 2 < p.count, p[j + 1] == "-", p[j + 2] != "]" {
                    if p[j].value <= c.value && c.value <= p[j + 2].value { found = true }
                    j += 3
                } else {
                    if p[j] == c { found = true }
                    j += 1
                }
            }
            guard j < p.count else { return (p[i] == c, i + 1) }  // no closing bracket: a literal `[`
            return (found != negate, j + 1)
        default:
            return (p[i] == c, i + 1)
        }
    }
}
