/// An insertion-ordered string-keyed map for the handful of entries scopes and variable stores usually hold:
/// a linear scan (small-string comparison, no hashing) until it grows, then a hash index on top.
struct SmallMap<Value> {
    private(set) var keys: [String] = []
    private(set) var values: [Value] = []
    private var index: [String: Int]?

    private static var indexThreshold: Int { 12 }

    var isEmpty: Bool { keys.isEmpty }
    var count: Int { keys.count }

    @inline(__always) func position(of key: String) -> Int? {
        if let index { return index[key] }
        for i in keys.indices where keys[i] == key { return i }
        return nil
    }

    subscript(key: String) -> Value? {
        guard let i = position(of: key) else { return nil }
        return values[i]
    }

    // Mutating only so that a map stored in a class is searched in place: a plain read copies the map
    // (retaining and releasing its arrays) around every key comparison.

    /// Where `key` is, searched in place.
    @inline(__always) mutating func find(_ key: String) -> Int? { position(of: key) }

    /// The value of `key`, searched in place.
    @inline(__always) mutating func lookup(_ key: String) -> Value? {
        guard let i = position(of: key) else { return nil }
        return values[i]
    }

    /// Changes the value of `key` in place; nil when the key is absent.
    @inline(__always) mutating func update<Result>(_ key: String, _ change: (inout Value) -> Result) -> Result? {
        guard let i = position(of: key) else { return nil }
        return change(&values[i])
    }

    /// Sets or adds (a new key goes to the end).
    mutating func set(_ key: String, _ value: Value) {
        if let i = position(of: key) {
            values[i] = value
            return
        }
        keys.append(key)
        values.append(value)
        if index != nil {
            index![key] = keys.count - 1
        } else if keys.count > SmallMap.indexThreshold {
            var built: [String: Int] = [:]
            for (i, k) in keys.enumerated() { built[k] = i }
            index = built
        }
    }

    /// Removes a key; true when it was there.
    @discardableResult
    mutating func remove(_ key: String) -> Bool {
        guard let i = position(of: key) else { return false }
        keys.remove(at: i)
        values.remove(at: i)
        if index != nil {
            var built: [String: Int] = [:]
            for (j, k) in keys.enumerated() { built[k] = j }
            index = built
        }
        return true
    }
}
