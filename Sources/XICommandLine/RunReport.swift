import Foundation
import XIRuntime

/// The summary `xi run` prints, written for someone seeing xi for the first time.
struct RunReport {
    let summary: RunSummary
    let runtime: Runtime

    var text: String {
        var lines: [String] = []
        let read = summary.eventsRead.values.reduce(0, +)
        let rejected = summary.rejected.values.reduce(0, +)
        lines.append("xi run: \(runtime.workspace.runtime.sources.count) sources, \(runtime.workspace.goals.count) goals, \(runtime.workspace.audiences.count) audiences; state in \(runtime.store.path)")
        lines.append("")
        lines.append("events read       \(read)" + Self.breakdown(summary.eventsRead))
        if rejected > 0 {
            lines.append("records rejected  \(rejected)" + Self.breakdown(summary.rejected) + " — see " + summary.deadLetterFiles.values.sorted().joined(separator: ", "))
        } else {
            lines.append("records rejected  0")
        }
        lines.append("signals           \(summary.signals.values.reduce(0, +))" + Self.breakdown(summary.signals))
        let opened = summary.insightsOpened.values.flatMap(\.values).reduce(0, +)
        lines.append("insights opened   \(opened)")
        for goal in summary.insightsOpened.keys.sorted() {
            let priorities = summary.insightsOpened[goal]!
            let text = ["critical", "high", "medium", "low"].compactMap { name in priorities[name].map { "\(name) \($0)" } }.joined(separator: ", ")
            lines.append("  \(goal.padding(toLength: 28, withPad: " ", startingAt: 0)) \(text)")
        }
        lines.append("insights updated  \(summary.insightsUpdated); expired \(summary.insightsExpired); escalated \(summary.escalations)")
        lines.append("deliveries        \(summary.deliveriesCreated.values.reduce(0, +)) new, \(summary.delivered.values.reduce(0, +)) delivered in this run")
        let audiences = Set(summary.deliveriesCreated.keys).union(summary.delivered.keys).union(summary.pending.keys).union(summary.failed.keys)
        for audience in audiences.sorted() {
            var parts = ["\(summary.delivered[audience] ?? 0) delivered"]
            if let pending = summary.pending[audience] { parts.append("\(pending.count) pending" + (pending.reason.map { " (\($0))" } ?? "")) }
            if let failed = summary.failed[audience] { parts.append("\(failed) refused") }
            lines.append("  \(audience.padding(toLength: 28, withPad: " ", startingAt: 0)) " + parts.joined(separator: ", "))
        }
        let pending = summary.pending.values.reduce(0) { $0 + $1.count }
        lines.append("pending           \(pending)" + (pending > 0 ? " (the next run retries them)" : ""))
        if !summary.warnings.isEmpty {
            lines.append("")
            lines.append("notes:")
            for warning in summary.warnings { lines.append("  - " + warning) }
        }
        lines.append("")
        lines.append("time              " + summary.phases.map { String(format: "%@ %.2f s", $0.name, $0.seconds) }.joined(separator: ", "))
        lines.append(String(format: "finished in %.2f s. Inspect an insight with `xi explain ID`; inboxes are in %@/inbox/.", summary.seconds, runtime.stateFolder))
        return lines.joined(separator: "\n")
    }

    static func breakdown(_ counts: [String: Int]) -> String {
        guard !counts.isEmpty else { return "" }
        let top = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let shown = top.prefix(6).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "  (" + shown + (top.count > 6 ? ", …" : "") + ")"
    }
}
