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
        if runtime.isDryRun {
            lines.append("xi run --dry-run: \(runtime.workspace.runtime.sources.count) sources, \(runtime.workspace.goals.count) goals, \(runtime.workspace.audiences.count) audiences; every source read from its beginning into a scratch store; nothing sent")
        } else {
            lines.append("xi run: \(runtime.workspace.runtime.sources.count) sources, \(runtime.workspace.goals.count) goals, \(runtime.workspace.audiences.count) audiences; state in \(runtime.store.path)")
        }
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
        if runtime.isDryRun {
            lines.append("deliveries        \(summary.deliveriesCreated.values.reduce(0, +)) would be sent" + Self.breakdown(summary.deliveriesCreated))
            lines.append("")
            lines.append("time              " + summary.phases.map { String(format: "%@ %.2f s", $0.name, $0.seconds) }.joined(separator: ", "))
            lines.append(String(format: "finished in %.2f s. Nothing was sent, and the workspace's store was not touched.", summary.seconds))
            return lines.joined(separator: "\n")
        }
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
        if let kpis = try? runtime.kpiResults(points: 1), !kpis.isEmpty {
            lines.append("kpis              \(KPIResult.statusSummary(kpis)) — see `xi kpis` or `xi report`")
        }
        if !summary.failedSources.isEmpty {
            lines.append("")
            lines.append("sources that failed (the others were read; the next run starts these from their last checkpoint):")
            for (source, reason) in summary.failedSources.sorted(by: { $0.key < $1.key }) { lines.append("  - \(source): \(reason)") }
        }
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

    /// The backtest's table: per day (event time, UTC), what each audience would receive —
    /// immediate deliveries, and digests as `+Nd` — then the total and the mean per calendar day
    /// from the first listed day to the last.
    static func dryRunTable(_ rows: [(day: String, audience: String, insights: Int, digests: Int)], audiences: [String]) -> String {
        guard !rows.isEmpty else { return "no audience would receive anything" }
        let days = Array(Set(rows.map(\.day))).sorted()
        var cells: [String: [String: (insights: Int, digests: Int)]] = [:]
        for row in rows { cells[row.day, default: [:]][row.audience] = (row.insights, row.digests) }
        let columns = audiences.filter { audience in rows.contains { $0.audience == audience } }
        func cell(_ value: (insights: Int, digests: Int)?) -> String {
            guard let value, value.insights + value.digests > 0 else { return "." }
            return value.digests > 0 ? "\(value.insights)+\(value.digests)d" : "\(value.insights)"
        }
        let width = max(10, columns.map(\.count).max() ?? 0) + 2
        func pad(_ text: String, _ length: Int) -> String { text.count >= length ? text + " " : text.padding(toLength: length, withPad: " ", startingAt: 0) }
        var lines = ["deliveries per day (event time, UTC; N+Md: N insights and M digests)", pad("day", 12) + columns.map { pad($0, width) }.joined()]
        for day in days { lines.append(pad(day, 12) + columns.map { pad(cell(cells[day]?[$0]), width) }.joined()) }
        var totals: [String: (insights: Int, digests: Int)] = [:]
        for row in rows {
            let total = totals[row.audience] ?? (0, 0)
            totals[row.audience] = (total.insights + row.insights, total.digests + row.digests)
        }
        lines.append(pad("total", 12) + columns.map { pad(cell(totals[$0]), width) }.joined())
        // The mean over every calendar day from the first to the last listed, quiet days included.
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        var calendarDays = Double(days.count)
        if let first = formatter.date(from: days.first!), let last = formatter.date(from: days.last!) {
            calendarDays = (last.timeIntervalSince(first) / 86_400).rounded() + 1
        }
        lines.append(pad("per day", 12) + columns.map { audience in
            let total = totals[audience] ?? (0, 0)
            return pad(String(format: "%.1f", Double(total.insights + total.digests) / calendarDays), width)
        }.joined())
        return lines.joined(separator: "\n")
    }

    static func breakdown(_ counts: [String: Int]) -> String {
        guard !counts.isEmpty else { return "" }
        let top = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let shown = top.prefix(6).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "  (" + shown + (top.count > 6 ? ", …" : "") + ")"
    }
}
