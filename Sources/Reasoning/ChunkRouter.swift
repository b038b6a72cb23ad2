// Chunk plumbing shared by the splitters: hold back an unfinished marker, join it with the next chunk.

/// A byte router that can consume a prefix of a buffer and leave the rest (an unfinished marker) for later.
@usableFromInline
protocol ChunkRouter {
    var held: [UInt8] { get set }
    /// How much of a new chunk to join with held bytes before going back to the chunk itself.
    var window: Int { get }
    /// Routes `buf` and returns how many bytes it consumed; with `final` it must consume everything.
    mutating func route<S: SplitSink>(_ buf: UnsafeRawBufferPointer, final: Bool, into sink: inout S) -> Int
}

extension ChunkRouter {
    /// Feeds one chunk. Without held bytes the chunk is routed in place (no copy); otherwise the held bytes
    /// and the first `window` bytes of the chunk are joined in a small scratch buffer first.
    @inlinable
    mutating func feedChunk<S: SplitSink>(_ chunk: UnsafeRawBufferPointer, into sink: inout S) {
        var rest = chunk[...]
        while !held.isEmpty {
            if rest.isEmpty { return }
            let take = min(rest.count, window)
            let h = held.count
            // The join lives on the stack: no array juggling (retain/release) per small chunk.
            withUnsafeTemporaryAllocation(byteCount: h + take, alignment: 1) { tmp in
                held.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: tmp[0..<h]).copyMemory(from: $0) }
                UnsafeMutableRawBufferPointer(rebasing: tmp[h...])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: rest.prefix(take)))
                held.removeAll(keepingCapacity: true)
                let joined = UnsafeRawBufferPointer(tmp)
                let used = route(joined, final: false, into: &sink)
                if used < joined.count { held.append(contentsOf: UnsafeRawBufferPointer(rebasing: joined[used...])) }
            }
            rest = rest.dropFirst(take)
        }
        if rest.isEmpty { return }
        let tail = UnsafeRawBufferPointer(rebasing: rest)
        let used = route(tail, final: false, into: &sink)
        if used < tail.count { held.append(contentsOf: UnsafeRawBufferPointer(rebasing: tail[used...])) }
    }

    /// Routes whatever is held as the end of the input.
    @usableFromInline
    mutating func finishChunks<S: SplitSink>(into sink: inout S) {
        var last = held
        held = []
        let used = last.withUnsafeBytes { route($0, final: true, into: &sink) }
        assert(used == last.count, "a final pass consumes everything")
        last.removeAll()
    }
}
