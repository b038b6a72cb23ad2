/// An insertion-ordered string-keyed map for the handful of entries scopes and variable stores usually hold:
/// a linear scan (small-string comparison, no hashing) until it grows, then an open-addressing index on top,
/// hashed with a cheap byte hash (the standard `Hasher` cost more than the rest of a loop's variable update).
struct SmallMap<Value> {
    private(set) var keys: [String] = []
    private(set) var values: [Value] = []
    /// Past the threshold: a power-of-two table of ASCII key positions + 1 (0 = empty), at most half full.
    private var slots: [Int32] = []
    /// Positions of keys that are not ASCII, kept out of `slots`: String equality treats canonically equivalent
    /// text as equal (`K` and the Kelvin sign), which a byte hash cannot see, so these are compared one by one.
    private var unhashed: [Int] = []

    private static var indexThreshold: Int { 12 }

    var isEmpty: Bool { keys.isEmpty }
    var count: Int { keys.count }

    @inline(__always) func position(of key: String) -> Int? {
        if slots.isEmpty { return scan(for: key) }
        guard let hash = SmallMap.asciiHash(key) else { return scan(for: key) }
        let mask = slots.count - 1
        var slot = hash & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            if keys[entry - 1] == key { return entry - 1 }
            slot = (slot + 1) & mask
        }
        for i in unhashed where keys[i] == key { return i }
        return nil
    }

    @inline(__always) private func scan(for key: String) -> Int? {
        for i in keys.indices where keys[i] == key { return i }
        return nil
    }

    /// FNV-1a over the UTF-8 bytes with a final mix (the low bits pick the slot); nil for text that is not ASCII.
    @inline(__always) private static func asciiHash(_ key: String) -> Int? {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var seen: UInt8 = 0
        for byte in key.utf8 {
            seen |= byte
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        if seen >= 0x80 { return nil }
        h ^= h >> 32
        h &*= 0xd6e8_feb8_6659_fd93
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }

    /// Rebuilds the index for the current keys (none while the map is small).
    private mutating func reindex() {
        unhashed = []
        guard keys.count > SmallMap.indexThreshold else {
            slots = []
            return
        }
        var capacity = 32
        while capacity < keys.count * 2 { capacity *= 2 }
        slots = Array(repeating: 0, count: capacity)
        for i in keys.indices { index(i) }
    }

    /// Adds the key at `position` to the index.
    private mutating func index(_ position: Int) {
        guard let hash = SmallMap.asciiHash(keys[position]) else {
            unhashed.append(position)
            return
        }
        let mask = slots.count - 1
        var slot = hash & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(truncatingIfNeeded: position + 1)
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
        if slots.isEmpty || keys.count * 2 > slots.count {
            if keys.count > SmallMap.indexThreshold { reindex() }
        } else {
            index(keys.count - 1)
        }
    }

    /// Removes a key; true when it was there.
    @discardableResult
    mutating func remove(_ key: String) -> Bool {
        guard let i = position(of: key) else { return false }
        keys.remove(at: i)
        values.remove(at: i)
        if !slots.isEmpty { reindex() }
        return true
    }
}
