// Reads a file descriptor line by line in constant memory and writes every line back out, either as the input
// bytes themselves (runs of untouched lines leave in one write straight from the read buffer) or replaced.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public struct IOError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ what: String) { description = "\(what): \(String(cString: strerror(errno)))" }
}

/// Buffered writes to a file descriptor; large pieces bypass the buffer.
public final class OutputWriter {
    private let fd: Int32
    private var buffer: UnsafeMutableRawPointer
    private let capacity: Int
    private var used = 0

    public init(fd: Int32, capacity: Int = 1 << 20) {
        self.fd = fd
        self.capacity = capacity
        self.buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { buffer.deallocate() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if used + bytes.count <= capacity {
            (buffer + used).copyMemory(from: base, byteCount: bytes.count)
            used += bytes.count
            return
        }
        try flush()
        if bytes.count >= capacity / 2 {
            try writeAll(base, bytes.count)
        } else {
            buffer.copyMemory(from: base, byteCount: bytes.count)
            used = bytes.count
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    public func write(byte: UInt8) throws {
        if used == capacity { try flush() }
        buffer.storeBytes(of: byte, toByteOffset: used, as: UInt8.self)
        used += 1
    }

    public func flush() throws {
        guard used > 0 else { return }
        try writeAll(UnsafeRawPointer(buffer), used)
        used = 0
    }

    private func writeAll(_ start: UnsafeRawPointer, _ count: Int) throws {
        var done = 0
        while done < count {
            let n = Glibc_write(fd, start + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError("write failed")
            }
            done += n
        }
    }
}

/// Reads a file descriptor in large blocks that end on a line break (the last block may end without one), so
/// blocks can be cut into pieces and worked on in parallel. Memory stays at two blocks plus the longest line.
public final class BlockReader {
    private let input: Int32
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private let blockSize: Int
    private var filled = 0
    private var eof = false

    public init(input: Int32, blockSize: Int = 4 << 20) {
        self.input = input
        self.blockSize = blockSize
        self.capacity = blockSize * 2
        self.buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// Calls `body` with each block of whole lines; the bytes are valid only during the call.
    public func forEachBlock(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var want = blockSize
        while true {
            // Fill up to at least one block (or the end of input).
            while !eof && filled < want {
                if capacity - filled < blockSize / 2 { grow() }
                let n = Glibc_read(input, buffer + filled, capacity - filled)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw IOError("read failed")
                }
                if n == 0 { eof = true } else { filled += n }
            }
            if filled == 0 { return }
            let base = UnsafePointer<UInt8>(buffer.assumingMemoryBound(to: UInt8.self))
            var cut = filled
            if !eof {
                // Up to and including the last line break; the rest waits for more input.
                var k = filled - 1
                while k >= 0 && base[k] != 0x0A { k -= 1 }
                if k < 0 {
                    want = filled + blockSize  // one line longer than a block: read on
                    continue
                }
                cut = k + 1
                want = blockSize
            }
            try body(UnsafeRawBufferPointer(start: buffer, count: cut))
            if cut < filled { buffer.copyMemory(from: buffer + cut, byteCount: filled - cut) }
            filled -= cut
            if eof && filled == 0 { return }
        }
    }

    private func grow() {
        let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
        bigger.copyMemory(from: buffer, byteCount: filled)
        buffer.deallocate()
        buffer = bigger
        capacity *= 2
    }
}

// The C functions under names that do not collide with the methods above.
@inline(__always) private func Glibc_write(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Darwin)
    return Darwin.write(fd, p, n)
    #else
    return Glibc.write(fd, p, n)
    #endif
}

@inline(__always) private func Glibc_read(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int {
    #if canImport(Darwin)
    return Darwin.read(fd, p, n)
    #else
    return Glibc.read(fd, p, n)
    #endif
}
