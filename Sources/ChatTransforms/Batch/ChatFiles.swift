// One chat file through the pipe, written next to its destination first and renamed into place when complete.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ChatPipe {
    /// Transforms the chat at `input` into `output` (folders created as needed; `output` may be `input`).
    public func transform(file input: String, to output: String, threads: Int = 1,
                          progress: ((PipeReport) -> Void)? = nil) throws -> PipeReport {
        let inFD = open(input, O_RDONLY)
        guard inFD >= 0 else { throw TransformError("cannot open \(input): \(String(cString: strerror(errno)))") }
        defer { close(inFD) }
        return try WholeFile.write(to: output) { outFD in
            try run(input: inFD, output: outFD, threads: threads, progress: progress)
        }
    }
}

/// Chats written whole or not at all: into a temporary file beside the destination, fsynced, renamed over it.
enum WholeFile {
    static func write<R>(to output: String, _ body: (Int32) throws -> R) throws -> R {
        let folder = (output as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let temporary = output + ".stscript-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let outFD = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard outFD >= 0 else { throw TransformError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        do {
            let result = try body(outFD)
            guard fsync(outFD) == 0, close(outFD) == 0 else { throw IOError("cannot write \(output)") }
            guard rename(temporary, output) == 0 else { throw IOError("cannot rename into \(output)") }
            return result
        } catch {
            close(outFD)
            unlink(temporary)
            throw error
        }
    }

    static func write(_ bytes: [UInt8], to output: String) throws {
        try write(to: output) { fd in
            let writer = OutputWriter(fd: fd)
            try writer.write(bytes)
            try writer.flush()
        }
    }
}
