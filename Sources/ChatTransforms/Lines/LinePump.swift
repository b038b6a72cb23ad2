// Reads a file descriptor line by line in constant memory and writes every line back out, either as the input
// bytes themselves (runs of untouched lines leave in one write straight from the read buffer) or replaced.
import Dispatch
import Foundation
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

    /// Writes `parts` in order with gathered writes (after anything buffered), straight from where they are.
    public func write(gathering parts: [UnsafeRawBufferPointer]) throws {
        try flush()
        var vector: [iovec] = []
        vector.reserveCapacity(parts.count)
        for part in parts where part.count > 0 {
            guard let base = part.baseAddress else { continue }
            vector.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: base), iov_len: part.count))
        }
        var first = 0
        while first < vector.count {
            let count = min(vector.count - first, 1024)  // IOV_MAX
            let written = vector.withUnsafeBufferPointer { Glibc_writev(fd, $0.baseAddress! + first, Int32(count)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw IOError("write failed")
            }
            if written == 0 { throw IOError("write failed") }
            // Skip the parts written whole; a part written in part continues where the write stopped.
            var left = written
            while left > 0 && first < vector.count {
                if left >= vector[first].iov_len {
                    left -= vector[first].iov_len
                    first += 1
                } else {
                    vector[first].iov_base = vector[first].iov_base.map { $0 + left }
                    vector[first].iov_len -= left
                    left = 0
                }
            }
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

/// A buffer of input holding whole lines in its first `count` bytes (and the start of the next line after them).
final class Block: @unchecked Sendable {
    private(set) var buffer: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// Bytes read into the buffer.
    var filled = 0
    /// Bytes of whole lines (up to and including the last line break, or everything at the end of input).
    var count = 0
    /// The block's place in the input (0, 1, …), which the writer keeps.
    var sequence = 0
    /// Output bytes of changed lines, kept with the block between uses (its capacity is reused).
    var spareArena: [UInt8] = []
    /// A window of the input file mapped in place of the buffer: the mapping, and where the lines start in it.
    private var mapping: (base: UnsafeMutableRawPointer, length: Int, lines: UnsafeMutableRawPointer)?

    init(capacity: Int) {
        self.capacity = capacity
        self.buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        unmap()
        buffer.deallocate()
    }

    var lines: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: mapping?.lines ?? buffer, count: count) }

    /// Holds `count` bytes of lines at `lines` inside a mapping (given back by `unmap` or when the block goes).
    func hold(mapping base: UnsafeMutableRawPointer, length: Int, lines: UnsafeMutableRawPointer, count: Int) {
        unmap()
        mapping = (base, length, lines)
        self.count = count
        filled = count
    }

    func unmap() {
        if let (base, length, _) = mapping { munmap(base, length) }
        mapping = nil
    }

    func grow() {
        let larger = max(capacity * 2, 1 << 16)
        let bigger = UnsafeMutableRawPointer.allocate(byteCount: larger, alignment: 16)
        bigger.copyMemory(from: buffer, byteCount: filled)
        buffer.deallocate()
        buffer = bigger
        capacity = larger
    }
}

/// A blocking queue between the reading, working and writing threads.
final class Channel<Item>: @unchecked Sendable {
    private var items: [Item] = []
    private var lock = pthread_mutex_t()
    private let available = DispatchSemaphore(value: 0)

    init() { pthread_mutex_init(&lock, nil) }
    deinit { pthread_mutex_destroy(&lock) }

    func send(_ item: Item) {
        pthread_mutex_lock(&lock)
        items.append(item)
        pthread_mutex_unlock(&lock)
        available.signal()
    }

    func receive() -> Item {
        available.wait()
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return items.removeFirst()
    }
}

/// Reads a file descriptor in blocks of whole lines on a thread of its own, so reading, working on a block and
/// writing the previous one overlap. Memory: `depth` blocks (each grows only to hold a line longer than it).
/// A regular file is not read at all but mapped, a block-sized window at a time (the lines are worked on where the
/// page cache holds them: no copy, no buffer); a file that shrinks while it is being mapped is not supported.
final class BlockReader: @unchecked Sendable {
    private let input: Int32
    private let blockSize: Int
    let free = Channel<Block>()
    let full = Channel<Result<Block, IOError>?>()
    /// For a regular file: its size and the offset of the next line to map.
    private var mapped: (size: Int, position: Int)?

    init(input: Int32, blockSize: Int = 2 << 20, depth: Int = 4) {
        self.input = input
        self.blockSize = blockSize
        var status = stat()
        if ProcessInfo.processInfo.environment["STSCRIPT_PIPE_MMAP"] != "0", fstat(input, &status) == 0,
           status.st_mode & S_IFMT == S_IFREG, status.st_size > 0 {  // (files of /proc say 0 and still hold bytes)
            let position = lseek(input, 0, SEEK_CUR)
            if position >= 0 {
                mapped = (Int(status.st_size), Int(position))
                BlockReader.reportShrinkingFiles()
            }
        }
        for _ in 0..<depth { free.send(Block(capacity: mapped == nil ? blockSize + blockSize / 2 : 0)) }
    }

    /// Reading a mapped file that another program shrinks raises SIGBUS: say so and exit 1 instead of dying
    /// with a bus error. Outputs to files are temporary until renamed, so nothing is written over a chat.
    static func reportShrinkingFiles() {
        signal(SIGBUS) { _ in
            let message: StaticString = "stscript pipe: an input file shrank while it was read (another program changed it); stopped, nothing was renamed over a chat\n"
            _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
            _exit(1)
        }
    }

    /// Starts reading; blocks arrive on `full` (nil at the end); give each back on `free` once written.
    func start() {
        let thread = Thread { [self] in self.readAll() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func readAll() {
        var previous: Block? = nil
        var sequence = 0
        while true {
            let block = free.receive()
            switch fill(block, after: previous) {
            case .failure(let error):
                full.send(.failure(error))
                full.send(nil)
                return
            case .success(let eof):
                if block.count > 0 {
                    block.sequence = sequence
                    sequence += 1
                    full.send(.success(block))
                } else {
                    free.send(block)
                }
                if eof { full.send(nil); return }
            }
            previous = block
        }
    }

    /// Fills `block` with the next whole lines (the unfinished line of `previous` first); returns whether the
    /// input ended. `previous` must not be refilled before this returns.
    func fill(_ block: Block, after previous: Block?) -> Result<Bool, IOError> {
        if mapped != nil { return map(block) }
        block.filled = 0
        block.count = 0
        if let previous, previous.filled > previous.count {
            let carry = previous.filled - previous.count
            while block.capacity < carry + blockSize { block.grow() }
            block.buffer.copyMemory(from: previous.buffer + previous.count, byteCount: carry)
            block.filled = carry
        }
        var eof = false
        var want = blockSize
        while true {
            while !eof && block.filled < want {
                if block.capacity - block.filled < blockSize / 4 { block.grow() }
                let n = Glibc_read(input, block.buffer + block.filled, block.capacity - block.filled)
                if n < 0 {
                    if errno == EINTR { continue }
                    return .failure(IOError("read failed"))
                }
                if n == 0 { eof = true } else { block.filled += n }
            }
            if eof { block.count = block.filled; return .success(true) }
            let base = block.buffer.assumingMemoryBound(to: UInt8.self)
            var k = block.filled - 1
            while k >= 0 && base[k] != 0x0A { k -= 1 }
            if k >= 0 { block.count = k + 1; return .success(false) }
            want = block.filled + blockSize  // a line longer than a block: read on
        }
    }
}

extension BlockReader {
    /// `fill` for a regular file: maps the next window of whole lines into `block` (pages populated up front).
    private func map(_ block: Block) -> Result<Bool, IOError> {
        block.unmap()
        block.filled = 0
        block.count = 0
        guard let (size, position) = mapped else { return .success(true) }
        if position >= size { return .success(true) }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let aligned = position & ~(page - 1), skew = position - aligned
        var want = blockSize
        while true {
            let length = min(skew + want, size - aligned)
            let start = mmap(nil, length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, input, off_t(aligned))
            guard let start, start != MAP_FAILED else {
                // A file that cannot be mapped is read from here on.
                mapped = nil
                guard lseek(input, off_t(position), SEEK_SET) >= 0 else { return .failure(IOError("read failed")) }
                return fill(block, after: nil)
            }
            let lines = start + skew
            var count = length - skew
            if aligned + length < size {
                // Whole lines only: up to the last line break in the window (a longer line takes a wider window).
                let bytes = UnsafeRawPointer(lines).assumingMemoryBound(to: UInt8.self)
                var k = count - 1
                while k >= 0 && bytes[k] != 0x0A { k -= 1 }
                if k < 0 {
                    munmap(start, length)
                    want *= 2
                    continue
                }
                count = k + 1
            }
            block.hold(mapping: start, length: length, lines: lines, count: count)
            mapped = (size, position + count)
            if position + count >= size {
                // As reading would: the descriptor ends up past what was consumed.
                lseek(input, off_t(size), SEEK_SET)
                return .success(true)
            }
            return .success(false)
        }
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

@inline(__always) private func Glibc_writev(_ fd: Int32, _ v: UnsafePointer<iovec>, _ n: Int32) -> Int {
    #if canImport(Darwin)
    return Darwin.writev(fd, v, n)
    #else
    return Glibc.writev(fd, v, n)
    #endif
}

@inline(__always) private func Glibc_read(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int {
    #if canImport(Darwin)
    return Darwin.read(fd, p, n)
    #else
    return Glibc.read(fd, p, n)
    #endif
}
