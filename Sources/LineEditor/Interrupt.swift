import CLibEdit
import Foundation
import Synchronization

/// Ctrl-C bookkeeping. The signal handler may only do async-signal-safe work, so it sets one global atomic and
/// writes a byte to a pipe; a watcher thread reads the pipe and runs the caller's action outside the handler.
public enum Interrupt {
    /// Set by the SIGINT handler; the editor polls it and `consume()` clears it.
    public static let requested = Atomic<Bool>(false)
    /// The write end of the watcher's pipe, or -1 when nobody watches.
    private static let wakeDescriptor = Atomic<Int32>(-1)

    /// Installs the SIGINT handler without SA_RESTART, so a blocking terminal read returns EINTR instead of
    /// swallowing the key. `onInterrupt`, when given, runs on a watcher thread after each Ctrl-C (e.g. to
    /// cancel a running script).
    public static func install(onInterrupt: (@Sendable () -> Void)? = nil) {
        if let onInterrupt {
            var ends: [Int32] = [0, 0]
            if pipe(&ends) == 0 {
                wakeDescriptor.store(ends[1], ordering: .relaxed)
                let readEnd = ends[0]
                let watcher = Thread {
                    var byte: UInt8 = 0
                    while true {
                        let count = read(readEnd, &byte, 1)
                        if count == 1 { onInterrupt() } else if count < 0 && errno == EINTR { continue } else { return }
                    }
                }
                watcher.start()
            }
        }
        _ = clibedit_install_sigint { _ in
            Interrupt.requested.store(true, ordering: .relaxed)
            let descriptor = Interrupt.wakeDescriptor.load(ordering: .relaxed)
            if descriptor >= 0 {
                let savedErrno = errno          // the interrupted read reports EINTR through errno
                var byte: UInt8 = 1
                _ = write(descriptor, &byte, 1)
                errno = savedErrno
            }
        }
    }

    /// Clears a pending request and tells whether there was one.
    @discardableResult
    public static func consume() -> Bool {
        requested.exchange(false, ordering: .relaxed)
    }
}
