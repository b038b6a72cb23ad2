import Foundation

/// Runs work on a thread with a large stack (1 GiB reserved, committed only as used), so deeply nested closures —
/// which the parser and evaluator handle by recursion — cannot overflow a small caller stack.
public enum DeepStack {
    private final class Box<T>: @unchecked Sendable {
        var value: T?
    }

    private final class Work<T>: @unchecked Sendable {
        var body: (() -> T)?
        init(_ body: @escaping () -> T) { self.body = body }
    }

    public static let stackSize = 1 << 30

    /// Runs `body` on a fresh large-stack thread and waits for it. The caller blocks meanwhile, so non-Sendable
    /// state handed over is never touched by two threads at once.
    public static func run<T>(_ body: () -> T) -> T {
        withoutActuallyEscaping(body) { escapable in
            let box = Box<T>()
            let work = Work(escapable)
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                box.value = work.body?()
                // Drop the closure before signalling: it must not outlive this call.
                work.body = nil
                done.signal()
            }
            thread.stackSize = stackSize
            thread.start()
            done.wait()
            return box.value!
        }
    }

    /// True when this thread is one `run` started (no need to hop again).
    public static var isOnDeepStack: Bool {
        Thread.current.stackSize >= stackSize
    }
}
