import Foundation
import Mustache
import XIPluginAPI

/// A Mustache template that turns a delivery into a request body: a Slack message, a Teams card,
/// a ticket. Each audience's subscription can give its own (`template`, `digest_template`).
///
/// What a template sees: the delivery's body as the audience's lens lets it out — for an insight
/// `id`, `goal`, `priority`, `score`, `recommend`, `explanation`, `evidence.summary`, `subject.id`,
/// `profile.*` (the fields the lens allows); for a digest `audience`, `period`, `count` and
/// `insights` (a list of those) — and `delivery`: `id`, `audience`, `kind`, `attempt`,
/// `is_digest`. In a JSON template (the default for these actions), `{{value}}` is escaped for a
/// JSON string, so text from customers cannot break the body; `{{{value}}}` is not escaped.
public struct MessageTemplate: Sendable {
    /// The template's text, as given.
    public let text: String
    /// Whether the output is JSON (values escaped for JSON strings, the result checked).
    public let isJSON: Bool
    private let template: MustacheTemplate

    /// Parses `text`. Throws ``PluginError`` naming `option` when it does not parse, or when a JSON
    /// template does not give JSON for a sample insight and a sample digest.
    public init(_ text: String, json: Bool, option: String, plugin: String) throws(PluginError) {
        Self.registerJSON
        self.text = text
        isJSON = json
        do {
            template = try MustacheTemplate(string: (json ? "{{% CONTENT_TYPE: JSON}}" : "") + text)
        } catch {
            throw PluginError("option '\(option)' of '\(plugin)' is not a valid Mustache template: \(error)")
        }
        if json {
            for sample in [Self.sampleInsight, Self.sampleDigest] {
                let output = render(sample)
                guard JSONValidator.isValid(Array(output.utf8)) else {
                    throw PluginError("option '\(option)' of '\(plugin)' does not give JSON for a sample \(sample.kind.rawValue): \(output.prefix(160))…")
                }
            }
        }
    }

    /// The body for `delivery`.
    public func render(_ delivery: Delivery) -> String {
        let context = delivery.templateContext
        return template.render(context)
    }

    /// Escapes text for the inside of a JSON string.
    struct JSONStringContent: MustacheContentType {
        func escapeText(_ text: String) -> String {
            String(JSONText.quoted(text).dropFirst().dropLast())
        }
    }

    private static let registerJSON: Void = { MustacheContentTypes.register(JSONStringContent(), named: "JSON") }()

    static let sampleInsight = Delivery(
        id: "ins_sample/retention-team/0-slack", audience: "retention-team", action: "retention-team/0-slack", kind: .insight, insights: ["ins_sample"],
        body: #"{"id":"ins_sample","goal":"retention","priority":"high","score":9.5,"recommend":"Call \"today\"","explanation":"a line\nand another","evidence":{"summary":"detractor ×1"},"subject":{"id":"C-1"},"profile":{"tier":"gold"}}"#)
    static let sampleDigest = Delivery(
        id: "digest/retention-team/0-slack/2026-03-01", audience: "retention-team", action: "retention-team/0-slack", kind: .digest,
        insights: ["ins_a", "ins_b"],
        body: #"{"audience":"retention-team","period":"2026-03-01T00:00:00Z","count":2,"insights":[{"id":"ins_a","goal":"retention","priority":"high","score":9,"subject":{"id":"C-1"}},{"id":"ins_b","goal":"retention","priority":"low","score":6,"subject":{"id":"C-2"}}]}"#)
}
