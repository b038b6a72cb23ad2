import CLibEdit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lines the user entered, kept by libedit (Up / Down, Ctrl-R) and mirrored in a file.
/// Consecutive duplicates are dropped; the file is rewritten after every entry so a crash loses nothing.
public final class CommandHistory {
    let handle: OpaquePointer      // History *
    public let file: String?

    /// Opens a history of at most `limit` entries, loading `file` when it exists.
    public init?(file: String?, limit: Int = 1000) {
        guard let handle = history_init() else { return nil }
        self.handle = handle
        self.file = file
        _ = clibedit_history_setsize(handle, Int32(limit))
        _ = clibedit_history_setunique(handle, 1)
        if let file { _ = clibedit_history_load(handle, file) }
    }

    deinit { history_end(handle) }

    /// Adds `line` (blank lines are not worth recalling) and saves the file.
    public func add(_ line: String) {
        guard !line.allSatisfy(\.isWhitespace) else { return }
        _ = clibedit_history_enter(handle, line)
        save()
    }

    public func save() {
        guard let file else { return }
        _ = clibedit_history_save(handle, file)
    }

    /// All entries, oldest first.
    public var entries: [String] {
        var lines: [String] = []
        var entry = clibedit_history_oldest(handle)
        while let current = entry {
            lines.append(String(cString: current))
            entry = clibedit_history_newer(handle)
        }
        return lines
    }

    /// `$XDG_STATE_HOME/<app>/history`, or `~/.local/state/<app>/history`; creates the folder. Nil without a home.
    public static func defaultFile(app: String, environment: [String: String]) -> String? {
        let stateHome: String
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            stateHome = xdg
        } else if let home = environment["HOME"], !home.isEmpty {
            stateHome = home + "/.local/state"
        } else {
            return nil
        }
        let folder = stateHome + "/" + app
        guard makeFolders(folder) else { return nil }
        return folder + "/history"
    }

    private static func makeFolders(_ path: String) -> Bool {
        var built = ""
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o700) != 0 && errno != EEXIST { return false }
        }
        return true
    }
}
