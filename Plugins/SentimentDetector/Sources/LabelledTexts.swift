import Foundation
import XIPluginAPI

/// Labelled texts read from a file, for training and checking sentiment models: CSV or
/// tab-separated (with a header row, or columns numbered from 1 without one), JSON lines, or a
/// JSON array of objects.
public struct LabelledTexts: Sendable {
    /// One example: its text, its label as written, and the line it starts on.
    public struct Example: Sendable {
        public var text: String
        public var label: String
        public var line: Int
    }

    /// How the file is laid out.
    public enum Format: String, Sendable, CaseIterable {
        case csv, tsv, jsonl, json

        /// The format a file name suggests: `.tsv` and `.txt` are tab-separated, `.jsonl` and
        /// `.ndjson` JSON lines, `.json` a JSON array; anything else CSV.
        public static func guess(from path: String) -> Format {
            switch (path as NSString).pathExtension.lowercased() {
            case "tsv", "txt", "tab": .tsv
            case "jsonl", "ndjson": .jsonl
            case "json": .json
            default: .csv
            }
        }
    }

    /// The examples, in file order.
    public var examples: [Example]
    /// Rows without the text or the label, with their line numbers (the first few).
    public var skipped: [(line: Int, reason: String)]
    /// How many rows were skipped in all.
    public var skippedCount: Int

    /// Reads `path`. `text` and `label` name the columns (members, for JSON), or number them
    /// from 1 when `header` is false. Throws ``SentimentModelError`` when the file cannot be read
    /// or a column does not exist; rows that lack a value are skipped and listed.
    public init(path: String, format: Format, text: String, label: String, header: Bool = true) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SentimentModelError("cannot read \(path): it does not exist or is not readable")
        }
        guard let content = String(data: data, encoding: .utf8) else {
            throw SentimentModelError("\(path) is not UTF-8 text; convert it (e.g. with iconv) and try again")
        }
        examples = []
        skipped = []
        skippedCount = 0
        switch format {
        case .csv, .tsv:
            let rows = DelimitedText.rows(content, delimiter: format == .csv ? "," : "\t")
            guard let first = rows.first else { throw SentimentModelError("\(path) is empty") }
            var textColumn: Int
            var labelColumn: Int
            if header {
                let names = first.fields.map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{FEFF}", with: "") }
                func column(_ name: String, _ role: String) throws -> Int {
                    guard let index = names.firstIndex(of: name) else {
                        throw SentimentModelError("\(path):1: no column '\(name)' for the \(role); its columns are \(names.joined(separator: ", "))")
                    }
                    return index
                }
                textColumn = try column(text, "text")
                labelColumn = try column(label, "label")
            } else {
                guard let textNumber = Int(text), let labelNumber = Int(label), textNumber >= 1, labelNumber >= 1 else {
                    throw SentimentModelError("without a header row, name the columns by number from 1 (e.g. --text 1 --label 2), not '\(text)' and '\(label)'")
                }
                textColumn = textNumber - 1
                labelColumn = labelNumber - 1
            }
            for row in rows.dropFirst(header ? 1 : 0) {
                if row.fields.count == 1 && row.fields[0].isEmpty { continue }
                guard textColumn < row.fields.count, labelColumn < row.fields.count else {
                    note(line: row.line, reason: "has \(row.fields.count) columns; the text or the label is missing")
                    continue
                }
                add(text: row.fields[textColumn], label: row.fields[labelColumn], line: row.line)
            }
        case .jsonl:
            for (index, line) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    note(line: index + 1, reason: "is not a JSON object")
                    continue
                }
                add(object, text: text, label: label, line: index + 1)
            }
        case .json:
            guard let array = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
                throw SentimentModelError("\(path) is not a JSON array of objects; for one object per line use --format jsonl")
            }
            for (index, object) in array.enumerated() { add(object, text: text, label: label, line: index + 1) }
        }
    }

    private mutating func add(_ object: [String: Any], text: String, label: String, line: Int) {
        guard let body = object[text] as? String else {
            note(line: line, reason: "has no text member '\(text)'")
            return
        }
        let value = object[label]
        let written: String? = switch value {
        case let string as String: string
        case let number as NSNumber: number.stringValue
        default: nil
        }
        guard let written else {
            note(line: line, reason: "has no label member '\(label)'")
            return
        }
        add(text: body, label: written, line: line)
    }

    private mutating func add(text: String, label: String, line: Int) {
        examples.append(Example(text: text, label: label.trimmingCharacters(in: .whitespaces), line: line))
    }

    private mutating func note(line: Int, reason: String) {
        skippedCount += 1
        if skipped.count < 5 { skipped.append((line, reason)) }
    }
}
