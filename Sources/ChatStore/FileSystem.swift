// The few POSIX file operations the store needs, with errors that name the file.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A store operation that failed: what was attempted, on which path, and why.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    static func system(_ action: String, _ path: String) -> StoreError {
        StoreError("cannot \(action) \(path): \(String(cString: strerror(errno)))")
    }
}

/// Identity of a file's content on disk, to notice that another process replaced or changed it.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int

    static func of(path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let mtime = info.st_mtimespec
        #else
        let mtime = info.st_mtim
        #endif
        return FileIdentity(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int(info.st_size),
            modifiedSeconds: Int(mtime.tv_sec), modifiedNanoseconds: Int(mtime.tv_nsec))
    }
}

enum FileSystem {
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The whole file, or nil when it does not exist.
    static func read(_ path: String) throws(StoreError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .system("open", path)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .system("stat", path) }
        // Read into uninitialised memory (no zero-filling of large files first).
        let size = Int(info.st_size)
        var failure: StoreError?
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let n = Glibc_read(fd, buffer.baseAddress! + count, size - count)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failure = .system("read", path) }
                if n <= 0 { return }
                count += n
            }
        }
        if let failure { throw failure }
        var filled = bytes.count
        var probe = [UInt8](repeating: 0, count: 4096)
        while filled >= size {
            // The file may have grown since fstat: read on until the end.
            let n = probe.withUnsafeMutableBytes { Glibc_read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw .system("read", path) }
            if n == 0 { break }
            bytes.append(contentsOf: probe[0..<n])
            filled += n
        }
        return bytes
    }

    /// `count` bytes of a file from `offset` (fewer when the file is shorter).
    static func read(_ path: String, from offset: Int, count: Int) throws(StoreError) -> [UInt8] {
        guard count > 0 else { return [] }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system("open", path) }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { raw in pread(fd, raw.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw .system("read", path) }
            if n == 0 { break }
            done += n
        }
        bytes.removeLast(count - done)
        return bytes
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(StoreError) {
        var done = 0
        while done < bytes.count {
            let n = Glibc_write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw .system("write", path)
            }
            done += n
        }
    }

    static func fsyncDirectory(of path: String) throws(StoreError) {
        let dir = parent(of: path)
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .system("open folder", dir) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .system("sync folder", dir) }
    }

    /// Replaces `path` atomically: the chunks go to a temporary file beside it, which is synced and renamed over
    /// the target; then the folder is synced so the rename itself survives a crash.
    static func replaceAtomically(_ path: String, syncs: Bool = true,
                                  chunks: (inout ChunkWriter) throws(StoreError) -> Void) throws(StoreError)
    {
        let temp = temporaryPath(for: path)
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system("create", temp) }
        var writer = ChunkWriter(fd: fd, path: temp)
        do throws(StoreError) {
            try chunks(&writer)
            try writer.flush()
            if syncs { guard fsync(fd) == 0 else { throw StoreError.system("sync", temp) } }
        } catch {
            close(fd)
            unlink(temp)
            throw error
        }
        close(fd)
        guard rename(temp, path) == 0 else {
            unlink(temp)
            throw .system("replace", path)
        }
        if syncs { try fsyncDirectory(of: path) }
    }

    /// The temporary name used while replacing `path` (a leftover from a killed writer is removed on next open).
    static func temporaryPath(for path: String) -> String {
        let dir = parent(of: path)
        let name = String(path.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
        return (dir == "/" ? "" : dir) + "/." + name + ".stscript-tmp"
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    static func makeDirectories(_ path: String) throws(StoreError) {
        if isDirectory(path) { return }
        let up = parent(of: path)
        if up != path && up != "." && up != "/" { try makeDirectories(up) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw .system("create folder", path) }
    }

    static func listDirectory(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

/// Buffers output into large writes.
struct ChunkWriter {
    let fd: Int32
    let path: String
    var buffer: [UInt8] = []

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
        buffer.reserveCapacity(1 << 20)
    }

    mutating func write<Bytes: Sequence>(_ bytes: Bytes) throws(StoreError) where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func write(byte: UInt8) throws(StoreError) {
        buffer.append(byte)
    }

    mutating func flush() throws(StoreError) {
        guard !buffer.isEmpty else { return }
        let result = buffer.withUnsafeBytes { raw in
            Result { () throws(StoreError) in try FileSystem.writeAll(fd, raw, path: path) }
        }
        try result.get()
        buffer.removeAll(keepingCapacity: true)
    }
}

@inline(__always) func Glibc_read(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { read(fd, p, n) }
@inline(__always) func Glibc_write(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
