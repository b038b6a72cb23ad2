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

/// The rollback record for one in-place rewrite of a file's tail: which file, where the tail began, and the old
/// tail bytes. Written and synced before the file is touched; cleared once the new tail is synced.
struct TailJournal {
    let path: String

    init(folder: String) { path = folder + "/.stscript-journal" }

    private static let magic = Array("stscript-journal 1\n".utf8)
    private static let end = Array("\nend\n".utf8)

    /// Rewrites `target` from byte `offset` on with `newTail`, atomically with respect to a crash.
    func rewriteTail(of target: String, from offset: Int, oldTail: ArraySlice<UInt8>, newTail: [UInt8])
        throws(StoreError)
    {
        let journal = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard journal >= 0 else { throw .system("open journal", path) }
        defer { close(journal) }
        var record = TailJournal.magic
        record.append(contentsOf: Array("\(target)\n\(offset)\n\(oldTail.count)\n".utf8))
        record.append(contentsOf: oldTail)
        record.append(contentsOf: TailJournal.end)
        guard ftruncate(journal, 0) == 0 else { throw .system("clear journal", path) }
        let wrote = record.withUnsafeBytes { raw in
            Result { () throws(StoreError) in try FileSystem.writeAll(journal, raw, path: path) }
        }
        try wrote.get()
        guard fsync(journal) == 0 else { throw .system("sync journal", path) }

        let file = open(target, O_WRONLY | O_CLOEXEC)
        guard file >= 0 else { throw .system("open", target) }
        defer { close(file) }
        guard ftruncate(file, off_t(offset)) == 0, lseek(file, off_t(offset), SEEK_SET) >= 0 else {
            throw .system("truncate", target)
        }
        let appended = newTail.withUnsafeBytes { raw in
            Result { () throws(StoreError) in try FileSystem.writeAll(file, raw, path: target) }
        }
        try appended.get()
        guard fsync(file) == 0 else { throw .system("sync", target) }

        guard ftruncate(journal, 0) == 0, fsync(journal) == 0 else { throw .system("clear journal", path) }
    }

    /// Undoes a tail rewrite that a killed writer left unfinished. Call with the store lock held, before reading.
    func recover() throws(StoreError) {
        guard let record = try FileSystem.read(path), !record.isEmpty else { return }
        defer {
            let fd = open(path, O_RDWR | O_CLOEXEC)
            if fd >= 0 {
                _ = ftruncate(fd, 0)
                _ = fsync(fd)
                close(fd)
            }
        }
        // An incomplete record means the writer died before touching the target: nothing to undo.
        guard record.starts(with: TailJournal.magic), record.count >= TailJournal.magic.count + TailJournal.end.count,
            Array(record.suffix(TailJournal.end.count)) == TailJournal.end
        else { return }
        var cursor = TailJournal.magic.count
        func line() -> String? {
            guard let newline = record[cursor...].firstIndex(of: 0x0A) else { return nil }
            let text = String(decoding: record[cursor..<newline], as: UTF8.self)
            cursor = newline + 1
            return text
        }
        guard let target = line(), let offset = line().flatMap({ Int($0) }), let length = line().flatMap({ Int($0) }),
            cursor + length + TailJournal.end.count == record.count
        else { return }
        let oldTail = record[cursor..<(cursor + length)]
        let file = open(target, O_WRONLY | O_CLOEXEC)
        guard file >= 0 else { return }
        defer { close(file) }
        guard ftruncate(file, off_t(offset)) == 0, lseek(file, off_t(offset), SEEK_SET) >= 0 else {
            throw .system("restore", target)
        }
        let restored = Array(oldTail).withUnsafeBytes { raw in
            Result { () throws(StoreError) in try FileSystem.writeAll(file, raw, path: target) }
        }
        try restored.get()
        guard fsync(file) == 0 else { throw .system("sync", target) }
    }
}
