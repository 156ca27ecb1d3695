import XIExpression
import XIPluginAPI

/// Writes an ``Insight`` as the JSON its `Codable` conformance reads, directly: the store writes
/// one per changed insight per batch, and a general encoder costs several times more.
enum InsightDocument {
    static func encode(_ insight: Insight) -> String {
        var output = "{"
        func key(_ name: String) { output += "\"\(name)\":" }
        func string(_ text: String) { quoted(text, into: &output) }
        key("id"); string(insight.id); output += ","
        key("goal"); string(insight.goal); output += ","
        key("objective"); string(insight.objective); output += ","
        key("subject"); output += "{\"kind\":"; string(insight.subject.kind); output += ",\"id\":"; string(insight.subject.id); output += "},"
        key("score"); output += number(insight.score); output += ","
        key("priority"); string(insight.priority); output += ","
        key("status"); string(insight.status.rawValue); output += ","
        key("openedAt"); string(insight.openedAt.description); output += ","
        key("updatedAt"); string(insight.updatedAt.description); output += ","
        key("evidence"); output += "["
        for (index, item) in insight.evidence.enumerated() {
            if index > 0 { output += "," }
            output += "{\"signal\":"; string(item.signal)
            output += ",\"event\":"; string(item.event)
            output += ",\"time\":"; string(item.time.description)
            output += ",\"weight\":" + number(item.weight) + "}"
        }
        output += "],"
        key("explanation"); string(insight.explanation); output += ","
        if let recommendation = insight.recommendation { key("recommendation"); string(recommendation); output += "," }
        key("profile"); output += "{"
        for (index, name) in insight.profile.keys.sorted().enumerated() {
            if index > 0 { output += "," }
            string(name); output += ":"; string(insight.profile[name]!)
        }
        output += "}}"
        return output
    }

    static func number(_ value: Double) -> String {
        value.isFinite ? String(value) : "0"
    }

    static func quoted(_ text: String, into output: inout String) {
        JSONText.appendQuoted(text, to: &output)
    }
}
