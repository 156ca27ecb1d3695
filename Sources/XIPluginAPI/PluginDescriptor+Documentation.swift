extension PluginDescriptor {
    /// The marker that opens a README's generated options table for this plugin.
    public var documentationMarker: String {
        "<!-- options of \(category.rawValue) '\(kind)': generated from the plugin's descriptor by `xi plugin docs --write`; edit the plugin, not this table -->"
    }

    /// The marker that closes a generated options table.
    public static let documentationEndMarker = "<!-- end of options -->"

    /// The options as a Markdown table — option, type, default, meaning — from the descriptor, so
    /// a README cannot drift from the code. A summary's "(default X)" becomes the default column.
    public var optionsTable: String {
        var lines = ["| option | type | default | meaning |", "|---|---|---|---|"]
        for option in options {
            var type = option.kind.rawValue
            if option.required { type += ", required" }
            if option.secret { type += ", secret (`${ENV_VAR}`)" }
            let (meaning, defaultValue) = Self.splitDefault(option.summary)
            lines.append("| `\(option.name)` | \(type) | \(defaultValue.map { "`\($0)`" } ?? "—") | \(Self.escape(meaning)) |")
        }
        if options.isEmpty { lines.append("| — | | | no options |") }
        return lines.joined(separator: "\n")
    }

    /// "Records per batch (default 4096)." → ("Records per batch.", "4096").
    static func splitDefault(_ summary: String) -> (String, String?) {
        guard let start = summary.range(of: " (default "), let end = summary[start.upperBound...].firstIndex(of: ")") else {
            return (summary, nil)
        }
        let value = String(summary[start.upperBound..<end])
        let meaning = String(summary[..<start.lowerBound]) + String(summary[summary.index(after: end)...])
        return (meaning, value)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}

extension OptionSchema {
    /// The marker that opens a README's options table generated from an external plugin's spec.
    public static let documentationMarker = "<!-- options: generated from the plugin's spec by `xi plugin docs --write`; edit the spec, not this table -->"

    /// The top-level options as a Markdown table — option, type, default, meaning.
    public var optionsTable: String {
        var lines = ["| option | type | default | meaning |", "|---|---|---|---|"]
        for property in properties {
            var type = property.type
            if property.required { type += ", required" }
            if property.secret { type += ", secret (`${ENV_VAR}`)" }
            lines.append("| `\(property.name)` | \(type) | \(property.defaultValue.map { "`\($0)`" } ?? "—") | \(PluginDescriptor.escape(property.summary)) |")
        }
        if properties.isEmpty { lines.append("| — | | | no options |") }
        return lines.joined(separator: "\n")
    }
}

/// Replacing a generated section of a README between its markers.
public enum GeneratedSection {
    /// `text` with the lines between the line holding `marker` and the next `end` replaced by
    /// `content`; nil when the marker or the end is missing.
    public static func replacing(in text: String, marker: String, end: String, with content: String) -> String? {
        guard let start = text.range(of: marker), let close = text.range(of: end, range: start.upperBound..<text.endIndex) else { return nil }
        return String(text[..<start.upperBound]) + "\n" + content + "\n" + String(text[close.lowerBound...])
    }
}
