// Trailing whitespace the shaper holds until it knows whether more text follows.

/// A run of held whitespace: up to 16 bytes inline (the usual case: a space or a newline at a chunk's end),
/// longer runs in an array.
@usableFromInline
struct HeldSpaces: Sendable {
    @usableFromInline var inline: (UInt64, UInt64) = (0, 0)
    @usableFromInline var count = 0
    @usableFromInline var overflow: [UInt8] = []

    @inlinable init() {}

    @inlinable var isEmpty: Bool { count == 0 }

    @inlinable @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        if n == 0 { return }
        if overflow.isEmpty && count + n <= 16 {
            let at = count, src = bytes.baseAddress.unsafelyUnwrapped
            // A few bytes: a plain loop beats a memmove call.
            withUnsafeMutableBytes(of: &inline) { dst in
                let d = dst.baseAddress.unsafelyUnwrapped + at
                for j in 0..<n { d.storeBytes(of: src.load(fromByteOffset: j, as: UInt8.self), toByteOffset: j, as: UInt8.self) }
            }
            count += n
            return
        }
        appendLong(bytes)
    }

    /// Holds one space (0x20).
    @inlinable @inline(__always)
    mutating func appendSpace() {
        if overflow.isEmpty && count < 16 {
            let at = count
            withUnsafeMutableBytes(of: &inline) { $0.storeBytes(of: 0x20, toByteOffset: at, as: UInt8.self) }
            count &+= 1
            return
        }
        appendSpaceLong()
    }

    @inlinable @inline(never)
    mutating func appendSpaceLong() {
        withUnsafeBytes(of: UInt8(0x20)) { appendLong($0) }
    }

    @inlinable @inline(never)
    mutating func appendLong(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        if overflow.isEmpty {
            let copy = inline
            let c = count
            withUnsafeBytes(of: copy) { overflow.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0..<c])) }
        }
        overflow.append(contentsOf: bytes)
        count += n
    }

    /// Hands the held bytes to `body` and forgets them.
    @inlinable
    mutating func drain(_ body: (UnsafeRawBufferPointer) -> Void) {
        if count == 0 { return }
        if overflow.isEmpty {
            let c = count
            withUnsafeBytes(of: &inline) { body(UnsafeRawBufferPointer(rebasing: $0[0..<c])) }
        } else {
            overflow.withUnsafeBytes { body($0) }
            overflow.removeAll(keepingCapacity: true)
        }
        count = 0
    }

    @inlinable
    mutating func clear() {
        count = 0
        if !overflow.isEmpty { overflow.removeAll(keepingCapacity: true) }
    }
}
