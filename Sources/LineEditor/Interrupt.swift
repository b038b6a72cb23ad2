import CLibEdit
import Synchronization

/// Ctrl-C bookkeeping. The signal handler may only do a lock-free store, so the state is one global atomic.
public enum Interrupt {
    /// Set by the SIGINT handler; the editor and long-running work poll it.
    public static let requested = Atomic<Bool>(false)

    /// Installs `handler` for SIGINT without SA_RESTART, so a blocking terminal read returns EINTR
    /// instead of swallowing the key. The default handler only sets `requested`.
    public static func install(handler: @convention(c) (Int32) -> Void = { _ in
        Interrupt.requested.store(true, ordering: .relaxed)
    }) {
        _ = clibedit_install_sigint(handler)
    }

    /// Clears a pending request and tells whether there was one.
    @discardableResult
    public static func consume() -> Bool {
        requested.exchange(false, ordering: .relaxed)
    }
}
