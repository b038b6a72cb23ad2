import Foundation
import XCTest

/// Runs `stscript` on a pseudo-terminal, as a user at a terminal would: the child gets its own session with the
/// terminal as controlling tty, so Ctrl-C sent as a byte raises SIGINT in it. Reads feed a `ReplScreen`.
final class ReplPseudoTerminal {
    let master: Int32
    let pid: pid_t
    private(set) var screen: ReplScreen
    private(set) var exitStatus: Int32?
    /// Every byte the program wrote, escapes included.
    private(set) var output: [UInt8] = []

    /// Longest wait for the screen to show something; generous because CI machines are slow. Not a speed check.
    static let patience: TimeInterval = 30

    init(binary: String, arguments: [String] = [], environment: [String: String], width: Int = 100, height: Int = 40) throws {
        screen = ReplScreen(width: width, height: height)
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0, let slavePath = Self.unlockedTerminalPath(master) else {
            throw XCTSkip("no pseudo-terminal available")
        }
        self.master = master
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclose(&actions, master)
        // Opened after setsid (glibc runs file actions after it), so the terminal becomes the controlling tty.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(0x80))    // POSIX_SPAWN_SETSID (a GNU extension)

        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, binary, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            close(master)
            throw NSError(domain: "ReplPseudoTerminal", code: Int(spawned), userInfo: [NSLocalizedDescriptionKey: "posix_spawn failed"])
        }
        pid = child
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    /// unlockpt + ptsname, which Swift's Glibc module does not import: the same two ioctls the C library makes.
    private static func unlockedTerminalPath(_ master: Int32) -> String? {
        var unlock: Int32 = 0
        var number: UInt32 = 0
        let setLock: UInt = 0x4004_5431, getNumber: UInt = 0x8004_5430   // TIOCSPTLCK, TIOCGPTN (Linux)
        guard ioctl(master, setLock, &unlock) == 0, ioctl(master, getNumber, &number) == 0 else { return nil }
        return "/dev/pts/\(number)"
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Types text (or control keys) as the user would. Unless the keys go to a running script, waits first until
    /// the line editor reads keys: libedit draws its prompt before it leaves cooked mode, and a key arriving in
    /// that gap is taken by the terminal driver (^D as end of file, echoed text), which no person is fast enough to hit.
    func type(_ text: String, toRunningScript: Bool = false) {
        if !toRunningScript { waitFor("the line editor reading keys") { _ in self.isEditing } }
        var bytes = Array(text.utf8)
        while !bytes.isEmpty {
            let written = write(master, bytes, bytes.count)
            if written > 0 { bytes.removeFirst(written) } else if errno != EAGAIN && errno != EINTR { return }
            drain()
        }
    }

    /// Types `line` and Enter, then waits for the next prompt (the first one or a continuation).
    func enter(_ line: String, file: StaticString = #filePath, sourceLine: UInt = #line) {
        type(line)
        let linesBefore = screen.lineFeeds
        type(Self.enter)
        waitFor("the next prompt after \"\(line)\"", file: file, line: sourceLine) { screen in
            screen.lineFeeds > linesBefore && self.isEditing
                && (screen.cursorLine.hasSuffix("> ") || screen.cursorLine.hasSuffix("... "))
        }
    }

    /// The terminal is in the editor's raw mode (no line buffering): libedit is reading keys.
    var isEditing: Bool {
        var settings = termios()
        return tcgetattr(master, &settings) == 0 && settings.c_lflag & tcflag_t(ICANON) == 0
    }

    static let enter = "\r", tab = "\t", ctrlC = "\u{03}", ctrlD = "\u{04}", ctrlU = "\u{15}", up = "\u{1B}[A"

    /// Reads what the program wrote so far into the screen.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(master, &buffer, buffer.count)
            guard count > 0 else { return }
            output += buffer[0..<count]
            screen.feed(Array(buffer[0..<count]))
        }
    }

    /// Waits until `condition` holds for the screen; fails the test with the screen shown if it never does.
    @discardableResult
    func waitFor(_ what: String, file: StaticString = #filePath, line: UInt = #line,
                 _ condition: (ReplScreen) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(Self.patience)
        while Date() < deadline {
            drain()
            if condition(screen) { return true }
            usleep(20_000)
        }
        XCTFail("screen never showed \(what); it shows:\n\(screen.text)", file: file, line: line)
        return false
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    func waitFor(text: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        waitFor("\"\(text)\"", file: file, line: line) { $0.text.contains(text) }
    }

    /// Waits for the program to exit and returns its status (nil if it was killed by a signal or never exits).
    func waitForExit() -> Int32? {
        let deadline = Date().addingTimeInterval(Self.patience)
        while Date() < deadline {
            drain()
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                drain()
                let exited = (status & 0x7F) == 0
                exitStatus = exited ? (status >> 8) & 0xFF : -1
                return exited ? exitStatus : nil
            }
            usleep(20_000)
        }
        return nil
    }
}
