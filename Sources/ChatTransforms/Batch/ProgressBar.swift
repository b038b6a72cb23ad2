// A one-line progress display on stderr for batch runs: shown only when stderr is a terminal.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private let totalBytes: Int
    private let totalChats: Int
    private let started = Date()
    private var bytes = 0
    private var messages = 0
    private var chats = 0
    private var lastDraw = Date.distantPast
    private let lock = NSLock()

    /// `totalBytes`: the size of all inputs, for the ETA.
    public init(totalChats: Int, totalBytes: Int, enabled: Bool = isatty(2) == 1) {
        self.totalChats = totalChats
        self.totalBytes = max(1, totalBytes)
        self.enabled = enabled
    }

    /// Adds finished work; redraws at most ten times a second.
    public func advance(bytes: Int = 0, messages: Int = 0, chats: Int = 0) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        self.bytes += bytes
        self.messages += messages
        self.chats += chats
        let now = Date()
        if now.timeIntervalSince(lastDraw) >= 0.1 || self.chats == totalChats {
            lastDraw = now
            draw(now)
        }
    }

    /// Clears the line (call before printing results or at the end).
    public func finish() {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        write("\r\u{1B}[K")
    }

    private func draw(_ now: Date) {
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let fraction = min(1, Double(bytes) / Double(totalBytes))
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "") + String(repeating: " ", count: max(0, width - filled - 1))
        let rate = Double(messages) / elapsed
        let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let line = String(format: "\r[%@] %d/%d chats  %.0f messages/s  ETA %@\u{1B}[K", bar, chats, totalChats, rate,
                          Self.clock(eta))
        write(line)
    }

    private static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    private func write(_ text: String) { StandardError.write(text) }
}

public enum StandardError {
    public static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            #if canImport(Darwin)
            _ = Darwin.write(2, bytes.baseAddress, bytes.count)
            #else
            _ = Glibc.write(2, bytes.baseAddress, bytes.count)
            #endif
        }
    }
}
