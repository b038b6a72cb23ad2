// One writer at a time per data folder, and a rollback journal that makes in-place tail rewrites (appending
// messages, changing the last ones) atomic: a writer killed half-way leaves the file as it was before.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Folders this process holds locked: a second lock from the same process would wait for itself forever.
private let lockedInThisProcess = Mutex<Set<String>>([])

/// An exclusive `flock` on `<folder>/.stscript.lock`, held from loading to committing, so two stscript processes
/// never lose each other's changes. The kernel drops it when the process dies.
final class StoreLock {
    let path: String
    private var fd: Int32 = -1

    init(folder: String) { path = folder + "/.stscript.lock" }

    var isHeld: Bool { fd >= 0 }

    func acquire() throws(StoreError) {
        guard fd < 0 else { return }
        let claimed = lockedInThisProcess.withLock { held in held.insert(path).inserted }
        guard claimed else {
            throw StoreError("the data folder is already open in this process (\(path))")
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let error = StoreError.system("open lock file", path)
            unclaim()
            throw error
        }
        while flock(descriptor, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let error = StoreError.system("lock", path)
            close(descriptor)
            unclaim()
            throw error
        }
        fd = descriptor
    }

    func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
        unclaim()
    }

    private func unclaim() {
        _ = lockedInThisProcess.withLock { held in held.remove(path) }
    }

    deinit { release() }
}

/// The record of one in-place rewrite of a file's tail: which file (and inode), where the tail begins, the old
/// tail's bytes and the new tail's length and checksum. It is synced before the file is touched. After a crash
/// the rewrite is finished (the new tail is all there) or undone (the old tail is put back), never left torn;
/// so the record can be cleared lazily, without a second sync.
struct TailJournal {
    let path: String
    /// Sync to disk (off only for benchmarks of the code path itself; a killed process is safe either way).
    var syncs = true

    init(folder: String) { path = folder + "/.stscript-journal" }

    private static let magic = Array("stscript-journal 2\n".utf8)
    private static let end = Array("\nend\n".utf8)

    /// Rewrites `target` from byte `offset` on with `newTail`, atomically with respect to a crash.
    func rewriteTail(of target: String, from offset: Int, oldTail: ArraySlice<UInt8>, newTail: [UInt8])
        throws(StoreError)
    {
        guard let identity = FileIdentity.of(path: target) else { throw .system("stat", target) }
        let created = !FileSystem.exists(path)
        let journal = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard journal >= 0 else { throw .system("open journal", path) }
        defer { close(journal) }
        var record = TailJournal.magic
        let fields = [target, String(identity.inode), String(offset), String(oldTail.count), String(newTail.count),
                      String(TailJournal.checksum(newTail[...]))]
        record.append(contentsOf: Array((fields.joined(separator: "\n") + "\n").utf8))
        record.append(contentsOf: oldTail)
        record.append(contentsOf: TailJournal.end)
        guard ftruncate(journal, 0) == 0, lseek(journal, 0, SEEK_SET) == 0 else { throw .system("clear journal", path) }
        let wrote = record.withUnsafeBytes { raw in
            Result { () throws(StoreError) in try FileSystem.writeAll(journal, raw, path: path) }
        }
        try wrote.get()
        if syncs {
            guard fsync(journal) == 0 else { throw .system("sync journal", path) }
            if created { try FileSystem.fsyncDirectory(of: path) }
        }

        try replaceTail(of: target, from: offset, with: newTail)
        // Not synced: a record left behind is recognised as finished by the checksum.
        _ = ftruncate(journal, 0)
    }

    /// Clears the record for good (before a file is replaced by rename, which the record does not describe).
    func clear() throws(StoreError) {
        guard FileSystem.exists(path) else { return }
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw .system("open journal", path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .system("stat", path) }
        guard info.st_size > 0 else { return }
        guard ftruncate(fd, 0) == 0 else { throw .system("clear journal", path) }
        if syncs { guard fsync(fd) == 0 else { throw .system("sync journal", path) } }
    }

    /// Finishes or undoes a tail rewrite that a killed writer left behind. Call with the store lock held, before
    /// reading.
    func recover() throws(StoreError) {
        guard let record = try FileSystem.read(path), !record.isEmpty else { return }
        // An incomplete record means the writer died before touching the target: nothing to undo.
        guard record.starts(with: TailJournal.magic), record.count >= TailJournal.magic.count + TailJournal.end.count,
            Array(record.suffix(TailJournal.end.count)) == TailJournal.end
        else { return try clear() }
        var cursor = TailJournal.magic.count
        func line() -> String? {
            guard let newline = record[cursor...].firstIndex(of: 0x0A) else { return nil }
            let text = String(decoding: record[cursor..<newline], as: UTF8.self)
            cursor = newline + 1
            return text
        }
        guard let target = line(), let inode = line().flatMap({ UInt64($0) }), let offset = line().flatMap({ Int($0) }),
            let oldLength = line().flatMap({ Int($0) }), let newLength = line().flatMap({ Int($0) }),
            let newChecksum = line().flatMap({ UInt64($0) }),
            cursor + oldLength + TailJournal.end.count == record.count,
            let identity = FileIdentity.of(path: target), identity.inode == inode
        else { return try clear() }
        if identity.size == offset + newLength,
            TailJournal.checksum(try FileSystem.read(target, from: offset, count: newLength)[...]) == newChecksum
        {
            return try clear()  // the rewrite had finished
        }
        try replaceTail(of: target, from: offset, with: Array(record[cursor..<(cursor + oldLength)]))
        try clear()
    }

    /// Cuts `target` at `offset` and writes `tail` there (synced when `syncs`).
    private func replaceTail(of target: String, from offset: Int, with tail: [UInt8]) throws(StoreError) {
        let file = open(target, O_WRONLY | O_CLOEXEC)
        guard file >= 0 else { throw .system("open", target) }
        defer { close(file) }
        guard ftruncate(file, off_t(offset)) == 0, lseek(file, off_t(offset), SEEK_SET) >= 0 else {
            throw .system("truncate", target)
        }
        let wrote = tail.withUnsafeBytes { raw in
            Result { () throws(StoreError) in try FileSystem.writeAll(file, raw, path: target) }
        }
        try wrote.get()
        if syncs { guard fsync(file) == 0 else { throw .system("sync", target) } }
    }

    /// FNV-1a, 64 bits: enough to tell a finished tail from a torn one.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
