/// A small terminal screen for tests: applies the bytes a program writes (text, CR/LF/BS/TAB, the cursor and
/// erase escapes libedit uses) and shows the visible text, like `tmux capture-pane` would.
struct ReplScreen {
    let width: Int
    let height: Int
    private(set) var rows: [[Character]]
    private var row = 0
    private var column = 0
    private var pendingWrap = false
    private var pendingBytes: [UInt8] = []     // an incomplete UTF-8 sequence or escape
    /// Line feeds so far: tells a new line from the old one when both look the same.
    private(set) var lineFeeds = 0

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        rows = Array(repeating: Array(repeating: " ", count: width), count: height)
    }

    /// The screen's lines with trailing blanks removed, and trailing empty lines dropped.
    var text: String {
        var lines = rows.map { String($0).replacingTrailingSpaces() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// The cursor's line up to the cursor: what the user sees before the place they type next.
    var cursorLine: String { String(rows[row][0..<column]) }

    mutating func feed(_ bytes: [UInt8]) {
        pendingBytes += bytes
        var i = 0
        let b = pendingBytes
        while i < b.count {
            let byte = b[i]
            if byte == 0x1B {
                guard let used = escape(b, at: i) else { break }   // incomplete: wait for more bytes
                i += used
                continue
            }
            if byte < 0x20 || byte == 0x7F {
                control(byte)
                i += 1
                continue
            }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            guard i + length <= b.count else { break }
            put(Character(String(decoding: b[i..<(i + length)], as: UTF8.self)))
            i += length
        }
        pendingBytes = Array(b[i...])
    }

    private mutating func control(_ byte: UInt8) {
        switch byte {
        case 0x0D: column = 0; pendingWrap = false
        case 0x0A: lineFeed()
        case 0x08: column = max(0, column - 1); pendingWrap = false
        case 0x09: column = min(width - 1, (column / 8 + 1) * 8)
        default: break                                  // bell and others show nothing
        }
    }

    private mutating func put(_ character: Character) {
        if pendingWrap {
            column = 0
            lineFeed()
            pendingWrap = false
        }
        rows[row][column] = character
        if column == width - 1 { pendingWrap = true } else { column += 1 }
    }

    private mutating func lineFeed() {
        lineFeeds += 1
        pendingWrap = false
        if row == height - 1 {
            rows.removeFirst()
            rows.append(Array(repeating: " ", count: width))
        } else {
            row += 1
        }
    }

    /// Applies the escape sequence at `start`; returns its length, or nil when it is not complete yet.
    private mutating func escape(_ b: [UInt8], at start: Int) -> Int? {
        guard start + 1 < b.count else { return nil }
        guard b[start + 1] == UInt8(ascii: "[") else {
            return 2                                     // ESC 7, ESC 8, ESC =, ESC >: nothing visible
        }
        var j = start + 2
        while j < b.count, !(0x40...0x7E).contains(b[j]) { j += 1 }
        guard j < b.count else { return nil }
        let parameterText = String(decoding: b[(start + 2)..<j], as: UTF8.self)
        let isPrivate = parameterText.hasPrefix("?")
        let numbers = parameterText.drop(while: { $0 == "?" }).split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        let first = numbers.first.flatMap { $0 } ?? 0
        let count = max(1, first)
        pendingWrap = false
        switch isPrivate ? 0 : b[j] {
        case UInt8(ascii: "A"): row = max(0, row - count)
        case UInt8(ascii: "B"): row = min(height - 1, row + count)
        case UInt8(ascii: "C"): column = min(width - 1, column + count)
        case UInt8(ascii: "D"): column = max(0, column - count)
        case UInt8(ascii: "G"): column = min(width - 1, count - 1)
        case UInt8(ascii: "H"), UInt8(ascii: "f"):
            row = min(height - 1, max(1, first) - 1)
            let second = numbers.count > 1 ? (numbers[1] ?? 1) : 1
            column = min(width - 1, max(1, second) - 1)
        case UInt8(ascii: "K"):
            let range = first == 1 ? 0...column : first == 2 ? 0...(width - 1) : column...(width - 1)
            for c in range { rows[row][c] = " " }
        case UInt8(ascii: "J"):
            if first == 2 {
                rows = Array(repeating: Array(repeating: " ", count: width), count: height)
            } else {
                for c in column..<width { rows[row][c] = " " }
                for r in (row + 1)..<height { rows[r] = Array(repeating: " ", count: width) }
            }
        case UInt8(ascii: "P"):
            let n = min(count, width - column)
            rows[row].removeSubrange(column..<(column + n))
            rows[row] += Array(repeating: " ", count: n)
        case UInt8(ascii: "@"):
            let n = min(count, width - column)
            rows[row].insert(contentsOf: Array(repeating: " ", count: n), at: column)
            rows[row].removeLast(n)
        case UInt8(ascii: "X"):
            for c in column..<min(width, column + count) { rows[row][c] = " " }
        default: break                                   // colours, modes: nothing to draw
        }
        return j - start + 1
    }
}

private extension String {
    func replacingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
