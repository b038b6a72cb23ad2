// Compiled regexes by source text, so a regex script or command used on every message compiles once
// (SillyTavern keeps a similar cache of 1000 entries).

import Foundation

public final class JSRegexCache: @unchecked Sendable {
    // Guarded by `lock`; entries are immutable regexes (or nil for text that is not a valid regex).
    private let lock = NSLock()
    private var entries: [String: JSRegex?] = [:]
    private var order: [String] = []
    private let capacity: Int

    public static let shared = JSRegexCache(capacity: 1000)

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// `JSRegex.fromSillyTavernString(input)`, compiled once per distinct input.
    public func sillyTavern(_ input: String) -> JSRegex? {
        lock.lock()
        if let cached = entries[input] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let regex = JSRegex.fromSillyTavernString(input)
        lock.lock()
        defer { lock.unlock() }
        if entries.updateValue(regex, forKey: input) == nil {
            order.append(input)
            if order.count > capacity {
                entries.removeValue(forKey: order.removeFirst())
            }
        }
        return regex
    }
}
