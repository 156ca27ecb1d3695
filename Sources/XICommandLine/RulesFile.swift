import Foundation
import Yams

/// A rules file for `xi match`: a YAML list of `{id, when}` entries.
///
/// ```yaml
/// - id: unhappy-gold
///   when: kind == "survey" && nps <= 6 && segment in ["gold", "platinum"]
/// ```
struct RulesFile {
    /// One rule and where its condition is written.
    struct Rule {
        var id: String
        var condition: String
        /// Line and column of the first character of the condition's text in the file.
        var line: Int
        var column: Int
        /// Whether the condition is a quoted or plain scalar on one line, so that its own
        /// columns map onto the file's.
        var mapsColumns: Bool
    }

    var path: String
    var rules: [Rule]

    /// Loads and checks the structure of the file; every problem is collected in `problems`.
    static func load(path: String, problems: inout [String]) -> RulesFile? {
        guard let data = FileManager.default.contents(atPath: path) else {
            problems.append("\(path): cannot read the rules file (does it exist?)")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let offset = firstInvalidUTF8Offset(Array(data))
            problems.append("\(path): the file is not valid UTF-8 (first bad byte at offset \(offset)); save it as UTF-8")
            return nil
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            problems.append("\(path): \(Self.describe(error))")
            return nil
        } catch {
            problems.append("\(path): \(error)")
            return nil
        }
        guard let root else {
            problems.append("\(path):1:1: the rules file is empty; write a list of rules like `- id: r1` / `  when: nps <= 6`")
            return nil
        }
        guard case .sequence(let sequence) = root else {
            problems.append("\(path):\(position(root)): the rules file must be a list of rules (`- id: r1` / `  when: ...`)")
            return nil
        }
        var rules: [Rule] = []
        rules.reserveCapacity(sequence.count)
        var seen: [String: Int] = [:]
        for (index, item) in sequence.enumerated() {
            guard case .mapping(let mapping) = item else {
                problems.append("\(path):\(position(item)): rule #\(index + 1) must be a mapping with `id` and `when`")
                continue
            }
            var id: String?
            var condition: (text: String, node: Node)?
            for (keyNode, valueNode) in mapping {
                let key = keyNode.string ?? ""
                switch key {
                case "id":
                    guard case .scalar(let scalar) = valueNode else {
                        problems.append("\(path):\(position(valueNode)): rule #\(index + 1): `id` must be a string")
                        continue
                    }
                    id = scalar.string
                case "when":
                    guard case .scalar(let scalar) = valueNode else {
                        problems.append("\(path):\(position(valueNode)): rule #\(index + 1): `when` must be a string holding a condition")
                        continue
                    }
                    condition = (scalar.string, valueNode)
                default:
                    let hint = key.lowercased().hasPrefix("i") ? "id" : "when"
                    problems.append("\(path):\(position(keyNode)): rule #\(index + 1): unknown key '\(key)' (did you mean '\(hint)'?); a rule has `id` and `when`")
                }
            }
            let name = id ?? "#\(index + 1)"
            guard let id else {
                problems.append("\(path):\(position(item)): rule #\(index + 1) has no `id`")
                continue
            }
            guard let condition else {
                problems.append("\(path):\(position(item)): rule '\(name)' has no `when` condition")
                continue
            }
            if let first = seen[id] {
                problems.append("\(path):\(position(item)): rule id '\(id)' is used twice (first by rule #\(first + 1)); ids must be unique")
                continue
            }
            seen[id] = index
            let mark = condition.node.mark
            var line = mark?.line ?? 0
            var column = mark?.column ?? 0
            var mapsColumns = false
            if case .scalar(let scalar) = condition.node {
                switch scalar.style {
                case .plain:
                    mapsColumns = !condition.text.contains("\n")
                case .singleQuoted, .doubleQuoted:
                    mapsColumns = !condition.text.contains("\n")
                    column += 1
                case .literal, .folded:
                    line += 1
                    column = 0
                default:
                    break
                }
            }
            rules.append(Rule(id: id, condition: condition.text, line: line, column: column, mapsColumns: mapsColumns))
        }
        return RulesFile(path: path, rules: rules)
    }

    static func position(_ node: Node) -> String {
        guard let mark = node.mark else { return "1:1" }
        return "\(mark.line):\(mark.column)"
    }

    static func describe(_ error: YamlError) -> String {
        let text = "\(error)"
        return "invalid YAML: \(text)"
    }

    /// The byte offset of the first byte that is not valid UTF-8.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput, .error: return offset
            }
        }
    }
}
