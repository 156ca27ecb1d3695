import Foundation
import Yams

/// One configuration file, read and composed into a YAML node tree that keeps every value's mark.
struct YAMLDocument {
    /// The file's name as diagnostics print it.
    var file: String
    /// The file's text.
    var text: String
    /// The root node, or nil when the file holds no document (empty, or only comments).
    var root: Node?

    /// Reads `data` as UTF-8 YAML. Invalid UTF-8, syntax errors and duplicate keys become
    /// diagnostics, and the result is nil.
    static func read(_ data: [UInt8], file: String, diagnostics: inout [Diagnostic]) -> YAMLDocument? {
        if let invalid = UTF8Validation.firstInvalidByte(in: data) {
            diagnostics.append(Diagnostic(
                file: file, line: invalid.line, column: invalid.column,
                message: "invalid UTF-8 at byte offset \(invalid.offset) (byte 0x\(String(invalid.byte, radix: 16, uppercase: true)))",
                hint: "save the file as UTF-8"))
            return nil
        }
        let text = String(decoding: data, as: UTF8.self)
        do {
            let root = try Yams.compose(yaml: text)
            return YAMLDocument(file: file, text: text, root: root)
        } catch let error as YamlError {
            diagnostics.append(diagnostic(for: error, file: file, text: text))
            return nil
        } catch {
            diagnostics.append(Diagnostic(file: file, line: 1, column: 1, message: "cannot read YAML: \(error)"))
            return nil
        }
    }

    /// Translates a Yams error into a located diagnostic.
    static func diagnostic(for error: YamlError, file: String, text: String) -> Diagnostic {
        func located(_ mark: Mark, _ message: String, _ context: YamlError.Context?) -> Diagnostic {
            var hint: String?
            if let context, !context.text.isEmpty {
                hint = "\(context.text) at line \(context.mark.line), column \(context.mark.column)"
            }
            return Diagnostic(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(message)", hint: hint)
        }
        switch error {
        case let .scanner(context, problem, mark, _):
            return located(mark, problem, context)
        case let .parser(context, problem, mark, _):
            return located(mark, problem, context)
        case let .composer(context, problem, mark, _):
            return located(mark, problem, context)
        case let .reader(problem, offset, _, _):
            let position = offset.map { UTF8Validation.lineAndColumn(ofByte: $0, in: Array(text.utf8)) } ?? (line: 1, column: 1)
            return Diagnostic(
                file: file, line: position.line, column: position.column,
                message: "invalid YAML: \(problem)" + (offset.map { " at byte offset \($0)" } ?? ""))
        case let .duplicatedKeysInMapping(duplicates, context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "duplicate key \(names) in the same mapping", hint: "keep one of them")
        default:
            return Diagnostic(file: file, line: 1, column: 1, message: "invalid YAML: \(error)")
        }
    }
}
