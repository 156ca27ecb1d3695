import Foundation
import XIExpression
import XIGoals
import XIPluginAPI
import Yams

/// A plugin folder's `plugin.yaml`: what `xi plugin test` runs and how, written by `xi plugin new`.
///
/// ```yaml
/// kind: source                      # source | action | detector
/// command: [python3, main.py]       # how xi starts it (relative to this folder)
/// build: swift build               # optional: run before testing
/// test: python3 -m unittest         # the plugin's own tests (detectors: swift test)
/// config: { path: sample-data.jsonl }
/// # sources: how records become events, as in xi.yaml
/// event: ticket
/// subject: { customer: customer_id }
/// time: opened_at
/// id: ticket_id
/// fields: { channel: string, severity: int }
/// ```
struct PluginManifest {
    var name: String
    var kind: PluginCategory
    var command: [String]
    var build: String?
    var test: String?
    var config: ConfigurationValue
    var settings: SourceSettings?

    /// Reads `folder/plugin.yaml`; throws a message saying what is wrong and where.
    static func load(folder: String) throws -> PluginManifest {
        let path = folder + "/plugin.yaml"
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ValidationFailure("\(path): no plugin.yaml (xi plugin new writes one: kind, command, config and, for sources, the field mapping)")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ValidationFailure("\(path): not valid YAML: \(error)")
        }
        guard let mapping = node?.mapping else { throw ValidationFailure("\(path): expected a mapping (kind, command, config, …)") }
        func scalar(_ key: String) -> String? { mapping[key]?.scalar?.string }
        func location(_ key: String) -> String {
            guard let mark = mapping[key]?.mark ?? node?.mark else { return path }
            return "\(path):\(mark.line):\(mark.column)"
        }
        let name = (folder as NSString).lastPathComponent
        guard let kindText = scalar("kind"), let kind = PluginCategory(rawValue: kindText) else {
            throw ValidationFailure("\(location("kind")): 'kind' must be source, action or detector")
        }
        var command: [String] = []
        if let list = mapping["command"]?.sequence {
            command = list.compactMap { $0.scalar?.string }
        } else if let text = scalar("command") {
            command = text.split(separator: " ").map(String.init)
        }
        if command.isEmpty && kind != .detector {
            throw ValidationFailure("\(location("command")): 'command' is required: the program and its arguments, such as [python3, main.py]")
        }
        var manifest = PluginManifest(
            name: name, kind: kind, command: command, build: scalar("build"), test: scalar("test"),
            config: mapping["config"].map(ConfigurationValue.init(yaml:)) ?? .mapping([:]), settings: nil)
        if kind == .source {
            var subjects: [(kind: String, field: String)] = []
            if let field = scalar("subject") {
                subjects = [("customer", field)]
            } else if let entries = mapping["subject"]?.mapping {
                subjects = entries.compactMap { key, value in
                    guard let kind = key.scalar?.string, let field = value.scalar?.string else { return nil }
                    return (kind, field)
                }
            }
            guard !subjects.isEmpty else {
                throw ValidationFailure("\(location("subject")): a source needs 'subject': the record field holding the customer id, or { customer: field }")
            }
            var fields: [(name: String, type: ValueType)] = []
            for (key, value) in mapping["fields"]?.mapping ?? [:] {
                guard let field = key.scalar?.string, let typeName = value.scalar?.string, let type = ValueType(parsing: typeName) else {
                    throw ValidationFailure("\(location("fields")): each field needs a type (string, int, double, bool, timestamp, list(string), …)")
                }
                fields.append((field, type))
            }
            let event = scalar("event") ?? "event"
            manifest.settings = SourceSettings(
                name: name, eventKind: event, subjectFields: subjects, timeField: scalar("time"), timeFormat: scalar("time_format"),
                textField: scalar("text"), idField: scalar("id"), schema: EventSchema(source: name, kind: event, fields: fields))
        }
        return manifest
    }
}

/// A failure to report to the user as it is.
struct ValidationFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
