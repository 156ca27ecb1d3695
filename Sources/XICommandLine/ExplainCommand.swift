import ArgumentParser
import Foundation
import XIRuntime

/// `xi explain INSIGHT_ID`: everything behind one insight.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the goal, signals, events, conditions and weights behind an insight, and why each audience did or did not receive it."
    )

    /// The insight id (or a unique prefix).
    @Argument(help: "The insight's id, as printed in deliveries (ins_…), or a unique prefix of it.")
    var insight: String

    /// The configuration folder.
    @Option(help: "The folder holding xi.yaml.")
    var path: String = "."

    func run() throws {
        let runtime = try WorkspaceLoading.runtime(path)
        guard let explanation = try runtime.explain(insight: insight) else {
            StandardError.write("no insight '\(insight)' in \(runtime.store.path); list them in the inboxes under \(runtime.stateFolder)/inbox/")
            throw ExitCode(1)
        }
        let insight = explanation.insight
        var lines: [String] = []
        lines.append("insight \(insight.id): \(insight.status.rawValue), priority \(insight.priority), score \(Self.number(insight.score))")
        lines.append("goal      \(insight.goal) — \(explanation.goalName) (threshold \(Self.number(explanation.threshold)) within \(explanation.window))")
        lines.append("subject   \(insight.subject)")
        lines.append("opened    \(insight.openedAt); last evidence \(insight.updatedAt)")
        lines.append("why       \(insight.explanation)")
        if let recommendation = insight.recommendation { lines.append("do        \(recommendation)") }
        lines.append("")
        lines.append("priority rules (first that holds wins; none: low):")
        for rule in explanation.priorityRules { lines.append("  \(rule.priority.padding(toLength: 9, withPad: " ", startingAt: 0)) \(rule.condition)") }
        lines.append("")
        lines.append("evidence:")
        for item in explanation.evidence {
            var line = "  \(item.signal): weight \(Self.number(item.weight)) (selector weight \(Self.number(item.selectorWeight))"
            if let when = item.selectorWhen { line += ", when \(when)" }
            line += ")"
            lines.append(line)
            lines.append("      signal \(item.condition)")
            lines.append("      event  \(item.event) at \(item.time)" + (item.position.map { " from \($0)" } ?? ""))
            if let document = item.document { lines.append("             \(document.prefix(300))") }
        }
        lines.append("")
        lines.append("history:")
        for change in explanation.history { lines.append("  - \(change)") }
        lines.append("")
        lines.append("audiences:")
        for route in explanation.routes {
            let delivered = explanation.deliveries.filter { $0.delivery.audience == route.audience }
            var line = "  \(route.matches ? "✓" : "✗") \(route.audience) #\(route.subscription + 1) (\(route.action), \(route.cadence)): \(route.reason)"
            if route.matches {
                line += delivered.isEmpty ? " — not delivered yet" : " — " + delivered.map { "\($0.delivery.kind.rawValue) \($0.status.rawValue)" + ($0.lastError.map { " (\($0))" } ?? "") }.joined(separator: "; ")
            }
            lines.append(line)
        }
        print(lines.joined(separator: "\n"))
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}
