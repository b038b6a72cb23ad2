/// One way to finish the word under the cursor.
public struct CompletionCandidate: Equatable, Sendable {
    /// The whole word as it should read once completed (it starts with the word typed so far).
    public var text: String
    /// Typed after `text` when this is the only candidate: a space after a finished word, nothing after `rule=`.
    public var terminator: String

    public init(_ text: String, terminator: String = " ") {
        self.text = text
        self.terminator = terminator
    }
}

/// The candidates for the text before the cursor, and which part of that text they replace.
public struct Completions: Equatable, Sendable {
    /// The end of the text before the cursor that the candidates complete (e.g. `reas` in `/reas`).
    public var word: String
    public var candidates: [CompletionCandidate]

    public init(word: String, candidates: [CompletionCandidate]) {
        self.word = word
        self.candidates = candidates.filter { $0.text.hasPrefix(word) }
    }

    public static let none = Completions(word: "", candidates: [])

    /// What Tab inserts at the cursor: the rest of a unique candidate plus its terminator, or the part every
    /// candidate shares beyond what is typed; nil when Tab cannot add anything.
    public var insertion: String? {
        if candidates.count == 1, let only = candidates.first {
            return String(only.text.dropFirst(word.count)) + only.terminator
        }
        let shared = Completions.longestCommonPrefix(candidates.map(\.text))
        return shared.count > word.count ? String(shared.dropFirst(word.count)) : nil
    }

    static func longestCommonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// The candidates laid out in columns for a terminal `width` characters wide, one string per row.
    public func listing(width: Int) -> [String] {
        let names = candidates.map(\.text)
        guard let longest = names.map(\.count).max() else { return [] }
        let columnWidth = longest + 2
        let columns = max(1, width / columnWidth)
        let rows = (names.count + columns - 1) / columns
        return (0..<rows).map { row in
            var line = ""
            for column in 0..<columns {
                let index = column * rows + row
                guard index < names.count else { break }
                let name = names[index]
                let isLast = column == columns - 1 || (column + 1) * rows + row >= names.count
                line += isLast ? name : name + String(repeating: " ", count: columnWidth - name.count)
            }
            return line
        }
    }
}
