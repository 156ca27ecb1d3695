import Foundation
import Yams

/// Reads values out of one file's YAML nodes, recording a located diagnostic for every problem
/// and carrying on, so one run reports all of a file's errors.
final class NodeDecoder {
    /// The file being read.
    let document: YAMLDocument
    /// The diagnostics found so far.
    var diagnostics: [Diagnostic] = []

    init(document: YAMLDocument) {
        self.document = document
    }

    /// Maps positions inside scalars back to the file; built on first use (errors only).
    lazy var positionMapper = ScalarPositionMapper(text: document.text)

    var file: String { document.file }

    /// The position of `node` (the start of a scalar, including its opening quote).
    func position(of node: Node) -> SourcePosition {
        guard let mark = node.mark else { return SourcePosition(file: file, line: 1, column: 1) }
        return SourcePosition(file: file, line: mark.line, column: mark.column)
    }

    /// Records an error at `node`.
    func error(_ node: Node, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(at: position(of: node), message: message, hint: hint))
    }

    /// Records an error at a position.
    func error(at position: SourcePosition, _ message: String, hint: String? = nil, excerpt: String? = nil) {
        diagnostics.append(Diagnostic(at: position, message: message, hint: hint, excerpt: excerpt))
    }

    /// Records a warning at `node`.
    func warning(_ node: Node, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(at: position(of: node), severity: .warning, message: message, hint: hint))
    }

    /// A short name of a node's YAML type, for "expected X, found Y" messages.
    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch node.tagName {
            case .null: return "null"
            case .bool: return "a boolean"
            case .int: return "an integer"
            case .float: return "a number"
            default:
                let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
                return "the string '\(text)'"
            }
        }
    }

    // MARK: Mappings

    /// Reads `node` as a mapping with string keys, checking them against `keys`.
    ///
    /// Unknown keys are reported with the nearest known key as a hint; missing required keys at
    /// the mapping's start. Returns nil (after reporting) when `node` is not a mapping.
    func mapping(_ node: Node, _ what: String, keys: AcceptedKeys) -> MappingReader? {
        guard case .mapping(let mapping) = node else {
            error(node, "expected \(what) as a mapping, found \(describe(node))")
            return nil
        }
        var reader = MappingReader(node: node)
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                error(keyNode, "keys in \(what) must be names, found \(describe(keyNode))")
                continue
            }
            let key = scalar.string
            if keys.open || keys.all.contains(key) {
                reader.entries.append((key, keyNode, value))
            } else {
                error(keyNode, "unknown key '\(key)' in \(what)", hint: NameSuggestion.hint(for: key, in: keys.all))
            }
        }
        for required in keys.required where reader[required] == nil {
            // A misspelt required key was already reported as unknown; say it is missing too.
            error(node, "missing required key '\(required)' in \(what)")
        }
        return reader
    }

    // MARK: Scalars

    /// The scalar text of `node`, or nil (after reporting) when it is not a non-null scalar.
    func string(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node, !node.isNull else {
            error(node, "expected \(what) as a string, found \(describe(node))")
            return nil
        }
        return scalar.string
    }

    /// A non-empty string.
    func nonEmptyString(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            error(node, "\(what) must not be empty")
            return nil
        }
        return text
    }

    /// A name: lower-case letters, digits, `_` and `-`, starting with a letter.
    func identifier(_ node: Node, _ what: String, allowHyphen: Bool = true) -> String? {
        guard let text = string(node, what) else { return nil }
        if !NameRules.isValidName(text, allowHyphen: allowHyphen) {
            let allowed = allowHyphen ? "lower-case letters, digits, '_' and '-'" : "lower-case letters, digits and '_'"
            error(node, "invalid \(what) '\(text)': use \(allowed), starting with a letter")
            return nil
        }
        return text
    }

    /// A number (integer or decimal).
    func number(_ node: Node, _ what: String) -> Double? {
        if case .scalar = node {
            let name = node.tagName
            if name == .int || name == .float, let value = node.float, value.isFinite { return value }
        }
        error(node, "expected \(what) as a number, found \(describe(node))")
        return nil
    }

    /// A number greater than zero.
    func positiveNumber(_ node: Node, _ what: String) -> Double? {
        guard let value = number(node, what) else { return nil }
        guard value > 0 else {
            error(node, "\(what) must be a positive number, found \(node.scalar?.string ?? String(value))")
            return nil
        }
        return value
    }

    /// An integer.
    func integer(_ node: Node, _ what: String) -> Int? {
        if case .scalar = node, node.tagName == .int, let value = node.int { return value }
        error(node, "expected \(what) as an integer, found \(describe(node))")
        return nil
    }

    /// A boolean (`true` or `false`).
    func boolean(_ node: Node, _ what: String) -> Bool? {
        if case .scalar = node, node.tagName == .bool, let value = node.bool { return value }
        error(node, "expected \(what) as true or false, found \(describe(node))")
        return nil
    }

    /// One of an enumeration's raw values, with a did-you-mean hint.
    func choice<Choice: RawRepresentable & CaseIterable>(_ node: Node, _ what: String, as type: Choice.Type) -> Choice?
    where Choice.RawValue == String {
        guard let text = string(node, what) else { return nil }
        if let value = Choice(rawValue: text) { return value }
        let names = Choice.allCases.map(\.rawValue)
        error(
            node, "unknown \(what) '\(text)'; expected one of \(names.joined(separator: ", "))",
            hint: NameSuggestion.hint(for: text, in: names))
        return nil
    }

    /// A duration such as `30d`, `24h`, `90m`, `45s` or `2w`.
    func duration(_ node: Node, _ what: String) -> TimeSpan? {
        guard let text = string(node, what) else { return nil }
        guard let span = TimeSpan(text) else {
            error(node, "invalid \(what) '\(text)': expected a duration such as 30d, 24h, 15m, 90s or 2w")
            return nil
        }
        guard span.seconds > 0 else {
            error(node, "\(what) must be longer than zero, found '\(text)'")
            return nil
        }
        return span
    }

    // MARK: Lists

    /// The elements of a list node, or nil (after reporting) when it is not a list.
    func list(_ node: Node, _ what: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            error(node, "expected \(what) as a list, found \(describe(node))")
            return nil
        }
        return Array(sequence)
    }

    /// A list of strings; a single string is accepted as a list of one.
    func stringList(_ node: Node, _ what: String, allowSingle: Bool = false) -> [(String, Node)]? {
        if allowSingle, case .scalar = node {
            return string(node, what).map { [($0, node)] }
        }
        guard let elements = list(node, what) else { return nil }
        return elements.compactMap { element in string(element, "each of \(what)").map { ($0, element) } }
    }
}

/// A mapping's entries, looked up by key.
struct MappingReader {
    /// The mapping node itself.
    var node: Node
    /// The accepted entries in file order.
    var entries: [(key: String, keyNode: Node, value: Node)] = []

    /// The value of `key`, or nil when absent.
    subscript(key: String) -> Node? {
        entries.first { $0.key == key }?.value
    }

    /// The value of `key` when present and not null.
    func value(_ key: String) -> Node? {
        guard let value = self[key] else { return nil }
        if value.isNull { return nil }
        return value
    }
}

extension Node {
    /// The node's resolved tag name (`Tag.name` is internal to Yams; its raw value is public).
    var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }

    /// Whether the node is a null scalar, decided without Yams's regular-expression tag resolution
    /// for the common case of a non-empty, non-null plain string (the hot path of loading).
    var isNull: Bool {
        guard case .scalar(let scalar) = self else { return false }
        guard scalar.style == .plain || scalar.style == .any else { return false }
        switch scalar.string {
        case "", "~", "null", "Null", "NULL": return tagName == .null
        default: return false
        }
    }
}
