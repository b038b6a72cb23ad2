// Whitespace held back until the splitter knows whether more text follows, and the edge trimming built on it.

/// Held whitespace: up to 16 bytes inline (the usual case: a space or a newline at a chunk's end); longer
/// stretches in an array where a run of one repeated byte is kept as a count after its first 8 bytes.
///
/// Memory: O(1) for any run of one byte (a model stuck printing newlines or spaces), otherwise at most the
/// held bytes themselves. No representation can be bounded for every input without changing the output:
/// the held bytes are emitted verbatim if text follows, so all of them must be known.
@usableFromInline
struct HeldSpaces: Sendable {
    @usableFromInline var inline: (UInt64, UInt64) = (0, 0)
    /// How many bytes are held (logically, however they are stored).
    @usableFromInline var count = 0
    /// The long form: `raw` bytes with `repeats` inserted, each `count` copies of `byte` before `raw[at]`.
    @usableFromInline var raw: [UInt8] = []
    @usableFromInline var repeats: [(at: Int, byte: UInt8, count: Int)] = []
    /// The last byte held and how many times in a row (the long form only).
    @usableFromInline var lastByte: UInt8 = 0
    @usableFromInline var lastRun = 0
    @usableFromInline var isLong = false

    @inlinable init() {}

    @inlinable var isEmpty: Bool { count == 0 }

    @inlinable @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        if n == 0 { return }
        if !isLong && count &+ n <= 16 {
            let at = count, src = bytes.baseAddress.unsafelyUnwrapped
            // A few bytes: a plain loop beats a memmove call.
            withUnsafeMutableBytes(of: &inline) { dst in
                let d = dst.baseAddress.unsafelyUnwrapped + at
                for j in 0..<n { d.storeBytes(of: src.load(fromByteOffset: j, as: UInt8.self), toByteOffset: j, as: UInt8.self) }
            }
            count &+= n
            return
        }
        appendLong(bytes)
    }

    /// Holds one space (0x20).
    @inlinable @inline(__always)
    mutating func appendSpace() {
        if !isLong && count < 16 {
            let at = count
            withUnsafeMutableBytes(of: &inline) { $0.storeBytes(of: 0x20, toByteOffset: at, as: UInt8.self) }
            count &+= 1
            return
        }
        appendSpaceLong()
    }

    /// Sets an empty run to `count` (0 or 1) spaces.
    @inlinable @inline(__always)
    mutating func setSingleSpace(_ count: Int) {
        inline.0 = 0x20
        self.count = count
    }

    @inlinable @inline(never)
    mutating func appendSpaceLong() {
        withUnsafeBytes(of: UInt8(0x20)) { appendLong($0) }
    }

    @usableFromInline @inline(never)
    mutating func appendLong(_ bytes: UnsafeRawBufferPointer) {
        if !isLong {
            isLong = true
            let held = inline, c = count
            count = 0
            lastRun = 0
            withUnsafeBytes(of: held) { appendBytes(UnsafeRawBufferPointer(rebasing: $0[0..<c])) }
        }
        appendBytes(bytes)
    }

    mutating func appendBytes(_ bytes: UnsafeRawBufferPointer) {
        for b in bytes {
            if count > 0 && b == lastByte {
                lastRun += 1
            } else {
                lastByte = b
                lastRun = 1
            }
            count += 1
            // The first 8 bytes of a run stay raw; the rest is one count.
            if lastRun <= 8 {
                raw.append(b)
            } else if let last = repeats.last, last.at == raw.count {
                repeats[repeats.count - 1].count += 1
            } else {
                repeats.append((raw.count, b, 1))
            }
        }
    }

    /// Hands the held bytes to `body` (in one or more slices) and forgets them.
    @inlinable
    mutating func drain(_ body: (UnsafeRawBufferPointer) -> Void) {
        if count == 0 { return }
        if !isLong {
            let c = count
            withUnsafeBytes(of: &inline) { body(UnsafeRawBufferPointer(rebasing: $0[0..<c])) }
            count = 0
            return
        }
        drainLong(body)
    }

    @usableFromInline
    mutating func drainLong(_ body: (UnsafeRawBufferPointer) -> Void) {
        raw.withUnsafeBytes { raw in
            var from = 0
            for r in repeats {
                if r.at > from { body(UnsafeRawBufferPointer(rebasing: raw[from..<r.at])) }
                from = r.at
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { run in
                    run.initialize(repeating: r.byte)
                    var left = r.count
                    while left > 0 {
                        let k = min(left, 256)
                        body(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(run)[0..<k]))
                        left -= k
                    }
                }
            }
            if raw.count > from { body(UnsafeRawBufferPointer(rebasing: raw[from...])) }
        }
        clear()
    }

    @inlinable
    mutating func clear() {
        count = 0
        if isLong { clearLong() }
    }

    @usableFromInline
    mutating func clearLong() {
        isLong = false
        raw.removeAll(keepingCapacity: raw.capacity <= 4096)
        repeats.removeAll(keepingCapacity: repeats.capacity <= 256)
        lastRun = 0
    }
}

/// One channel's edges: leading whitespace dropped, trailing whitespace held until more text follows (and
/// dropped if the channel ends first). Shared by the marker and Harmony splitters.
@usableFromInline
struct EdgeTrim: Sendable {
    /// No text has gone out yet: whitespace here is leading.
    @usableFromInline var leading = true
    @usableFromInline var held = HeldSpaces()

    @inlinable init() {}

    /// Starts a new channel (a new block): leading again, nothing held.
    @inlinable
    mutating func reset() {
        leading = true
        held.clear()
    }

    /// Passes `buf[from..<to]` to `emit` with the edges trimmed; `dropLeading: false` keeps leading
    /// whitespace (only the trailing edge is held). Returns how many bytes went to `emit`.
    @inlinable @inline(__always)
    mutating func pass(_ buf: UnsafeRawBufferPointer, _ from: Int, _ to: Int, dropLeading: Bool = true,
                       _ emit: (UnsafeRawBufferPointer) -> Void) -> Int {
        var a = from
        if leading && dropLeading {
            while a < to && isASCIISpace(buf[a]) { a += 1 }
            if a == to { return 0 }
            leading = false
        }
        var t = to
        while t > a && isASCIISpace(buf[t - 1]) { t -= 1 }
        if t == a {
            held.append(UnsafeRawBufferPointer(rebasing: buf[a..<to]))
            return 0
        }
        let sent = held.count + t - a
        if !held.isEmpty { held.drain(emit) }
        emit(UnsafeRawBufferPointer(rebasing: buf[a..<t]))
        if t < to { held.append(UnsafeRawBufferPointer(rebasing: buf[t..<to])) }
        return sent
    }
}
