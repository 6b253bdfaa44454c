/// Preformatted help text (the WAL format's tables and paragraphs) reflowed to fit 80
/// columns. ArgumentParser wraps help at the terminal width (80 when not a terminal) with no
/// regard to indentation, which scatters table rows; text that already fits is left alone.
enum HelpText {
    static let widthMax = 79

    /// Lines are joined into paragraphs where a line continues at the previous line's text
    /// column; each paragraph is then rewrapped with its continuations at that column.
    static func wrapped(_ text: String) -> String {
        var paragraphs: [Paragraph] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let next = Paragraph(line)
            if let last = paragraphs.last, next.continues(last) {
                paragraphs[paragraphs.count - 1].words += next.words
            } else {
                paragraphs.append(next)
            }
        }
        return paragraphs.flatMap { $0.lines() }.joined(separator: "\n")
    }

    private struct Paragraph {
        /// The indent, and for a table row its label and the spaces after it.
        let head: Substring
        var words: [Substring]
        let isTableRow: Bool

        init(_ line: Substring) {
            let indent = line.prefix { $0 == " " }.count
            let gap = line.dropFirst(indent).ranges(of: "  ").max { Self.gapWidth(line, $0) < Self.gapWidth(line, $1) }
            isTableRow = gap != nil
            let textStart = gap.map { line[$0.lowerBound...].firstIndex { $0 != " " } ?? line.endIndex }
            head = line[..<(textStart ?? line.index(line.startIndex, offsetBy: indent))]
            words = line[head.endIndex...].split(separator: " ")
        }

        /// The length of the run of spaces that starts with `range`.
        private static func gapWidth(_ line: Substring, _ range: Range<Substring.Index>) -> Int {
            line[range.lowerBound...].prefix { $0 == " " }.count
        }

        /// A line that is not a row of its own, starting where the previous one's text does.
        func continues(_ previous: Paragraph) -> Bool {
            !isTableRow && !words.isEmpty && !previous.words.isEmpty && head.count == previous.head.count
        }

        func lines() -> [String] {
            let indent = String(repeating: " ", count: head.count)
            var lines: [String] = []
            var current = String(head)
            for word in words {
                if current.count > head.count, current.count + 1 + word.count > HelpText.widthMax {
                    lines.append(current)
                    current = indent
                }
                current += (current.count > head.count ? " " : "") + word
            }
            return lines + [current]
        }
    }
}
