import Yams

/// Maps a position inside a scalar's decoded value back to the file's line and column, through
/// the scalar's quoting, escapes, block indentation and line folding.
struct ScalarPositionMapper {
    /// The file's lines as Unicode scalars (without line breaks).
    let lines: [[Unicode.Scalar]]

    init(text: String) {
        var lines: [[Unicode.Scalar]] = [[]]
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                lines.append([])
            } else if scalar != "\r" {
                lines[lines.count - 1].append(scalar)
            }
        }
        self.lines = lines
    }

    /// The file position of the scalar at `offset` (0-based, in Unicode scalars) of `scalar`'s
    /// decoded value. Falls back to the scalar's start when the raw text cannot be aligned.
    func position(of offset: Int, in scalar: Node.Scalar) -> (line: Int, column: Int) {
        guard let mark = scalar.mark else { return (1, 1) }
        let start = (line: mark.line, column: mark.column)
        var cursor = Cursor(lines: lines, line: mark.line - 1, column: mark.column - 1)
        switch scalar.style {
        case .singleQuoted, .doubleQuoted:
            cursor.advance()  // The opening quote.
        case .literal, .folded:
            cursor.nextLine()  // The indicator line: `|`, `>-`, and any comment.
        default:
            break
        }
        let decoded = Array(scalar.string.unicodeScalars)
        var index = 0
        var skipped = 0
        while index < min(offset, decoded.count) {
            guard let raw = cursor.current else { return start }
            let wanted = decoded[index]
            if scalar.style == .doubleQuoted, raw == "\\" {
                if cursor.peek(1) == Cursor.lineEnd || cursor.peek(1) == nil {  // An escaped line break.
                    cursor.nextLine()
                    cursor.skipSpaces()
                    continue
                }
                cursor.advance(Self.escapeLength(cursor.peek(1) ?? "\\"))
                index += 1
                continue
            }
            if scalar.style == .singleQuoted, raw == "'", cursor.peek(1) == "'" {
                cursor.advance(2)
                index += 1
                continue
            }
            if raw == wanted {
                cursor.advance()
                index += 1
                skipped = 0
                continue
            }
            // Folded line breaks, indentation and trailing spaces have no scalar of their own.
            if raw == " " || raw == "\t" || raw == Cursor.lineEnd {
                if wanted == " " || wanted == "\n", raw == Cursor.lineEnd {
                    cursor.advance()
                    index += 1
                    continue
                }
                cursor.advance()
                skipped += 1
                if skipped > 10_000 { return start }
                continue
            }
            return start
        }
        // Land on the scalar itself, not on indentation before it.
        while let raw = cursor.current, raw == " " || raw == "\t" || raw == Cursor.lineEnd,
            index < decoded.count, decoded[index] != " ", decoded[index] != "\n" {
            cursor.advance()
        }
        return (cursor.line + 1, cursor.column + 1)
    }

    /// The raw length of a double-quoted escape whose letter is `letter`.
    static func escapeLength(_ letter: Unicode.Scalar) -> Int {
        switch letter {
        case "x": 4
        case "u": 6
        case "U": 10
        default: 2
        }
    }

    /// A position in the raw lines; line ends read as `lineEnd`.
    struct Cursor {
        static let lineEnd: Unicode.Scalar = "\n"
        let lines: [[Unicode.Scalar]]
        var line: Int
        var column: Int

        var current: Unicode.Scalar? { peek(0) }

        func peek(_ distance: Int) -> Unicode.Scalar? {
            guard line < lines.count else { return nil }
            let index = column + distance
            if index < lines[line].count { return lines[line][index] }
            if index == lines[line].count { return line + 1 < lines.count ? Self.lineEnd : nil }
            return nil
        }

        mutating func advance(_ count: Int = 1) {
            for _ in 0..<count {
                guard line < lines.count else { return }
                if column < lines[line].count {
                    column += 1
                } else {
                    nextLine()
                }
            }
        }

        mutating func nextLine() {
            line += 1
            column = 0
        }

        mutating func skipSpaces() {
            while let scalar = current, scalar == " " || scalar == "\t" { advance() }
        }
    }
}
