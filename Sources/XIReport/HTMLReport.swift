import Foundation
import XIGoals
import XIRuntime

/// `xi report`: one self-contained HTML page (inline CSS and SVG, no script, no external asset)
/// for CX programme owners — per goal the KPIs against their targets with trends, insights and
/// top signals; insight volumes per audience over time; and the listening posts' coverage.
public enum HTMLReport {
    /// The page for `data`, stamped `generatedAt`.
    public static func render(_ data: ReportData, generatedAt: Date = Date()) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="xi report">
            <title>xi report — \(HTMLText.escape(title(of: data)))</title>
            <style>\(style)</style>
            </head>
            <body>

            """
        let end = data.kpis.first?.end
        let stamp = ISO8601DateFormatter().string(from: generatedAt)
        html += "<header><h1>Experience report</h1><p>Workspace <code>\(HTMLText.escape(title(of: data)))</code>"
        if let end { html += " · data up to \(HTMLText.date(ofDay: end - 1))" }
        html += " · generated \(HTMLText.escape(stamp)) by xi</p></header>\n"
        html += "<nav><a href=\"#summary\">Summary</a>" + data.workspace.goals.map { " · <a href=\"#goal-\(HTMLText.escape($0.id))\">\(HTMLText.escape($0.name))</a>" }.joined()
            + " · <a href=\"#audiences\">Audiences</a> · <a href=\"#coverage\">Listening posts</a></nav>\n<main>\n"
        html += summary(data)
        for goal in data.workspace.goals { html += section(goal, data) }
        html += audiences(data)
        html += coverage(data)
        html += "</main>\n<footer>Made by <code>xi report</code> from the store in <code>.xi/</code>. Days are UTC days of event time.</footer>\n</body>\n</html>\n"
        return html
    }

    static func title(of data: ReportData) -> String {
        URL(fileURLWithPath: data.folder).lastPathComponent
    }

    /// A status as a coloured badge.
    static func badge(_ status: KPIStatus) -> String {
        let name = status.rawValue.replacingOccurrences(of: " ", with: "-")
        return "<span class=\"status \(name)\">\(HTMLText.escape(status.rawValue))</span>"
    }

    /// Every KPI's status in one table, and the insights per goal.
    static func summary(_ data: ReportData) -> String {
        var html = "<section id=\"summary\"><h2>Summary</h2>"
        html += "<p class=\"totals\">" + KPIResult.statusCounts(data.kpis).map { "\(badge($0.status)) \($0.count)" }.joined(separator: " ") + "</p>"
        html += "<table><thead><tr><th>Goal</th><th>KPI</th><th class=\"number\">Value</th><th>Target</th><th>Window</th><th>Status</th><th class=\"number\">Open insights</th></tr></thead><tbody>"
        var open: [String: Int] = [:]
        for row in data.insightCounts where row.status == "open" || row.status == "acknowledged" { open[row.goal, default: 0] += row.count }
        for goal in data.workspace.goals {
            let kpis = data.kpis.filter { $0.goal == goal.id }
            let rows = max(1, kpis.count)
            html += "<tr><td rowspan=\"\(rows)\"><a href=\"#goal-\(HTMLText.escape(goal.id))\">\(HTMLText.escape(goal.name))</a></td>"
            if kpis.isEmpty { html += "<td colspan=\"5\" class=\"muted\">no KPI declared</td>" }
            for (index, kpi) in kpis.enumerated() {
                if index > 0 { html += "<tr>" }
                html += "<td>\(HTMLText.escape(kpi.kpi.metric))</td><td class=\"number\">\(HTMLText.escape(kpi.formattedValue))</td><td class=\"nowrap\">\(HTMLText.escape(kpi.kpi.target.description))</td><td>\(HTMLText.escape(kpi.window.text))</td><td>\(badge(kpi.status))</td>"
                if index == 0 { html += "<td rowspan=\"\(rows)\" class=\"number\">\(HTMLText.count(open[goal.id] ?? 0))</td>" }
                html += "</tr>"
            }
            if kpis.isEmpty { html += "<td class=\"number\">\(HTMLText.count(open[goal.id] ?? 0))</td></tr>" }
        }
        return html + "</tbody></table></section>\n"
    }

    /// One goal: KPIs with trends, insights by priority and status, insights opened over time, top signals.
    static func section(_ goal: Goal, _ data: ReportData) -> String {
        var html = "<section class=\"goal\" id=\"goal-\(HTMLText.escape(goal.id))\"><h2>\(HTMLText.escape(goal.name))</h2>"
        html += "<p class=\"meta\"><code>\(HTMLText.escape(goal.id))</code> · \(HTMLText.escape(goal.objective.rawValue)) · owner \(HTMLText.escape(goal.owner)) · window \(HTMLText.escape(goal.window.text)) · threshold \(HTMLText.escape(KPIResult.format(goal.threshold)))</p>"
        if let description = goal.description { html += "<p>\(HTMLText.escape(description))</p>" }
        let kpis = data.kpis.filter { $0.goal == goal.id }
        if !kpis.isEmpty {
            html += "<h3>KPIs</h3><div class=\"cards\">"
            for kpi in kpis {
                html += "<div class=\"card\"><h4>\(HTMLText.escape(kpi.kpi.metric)) \(badge(kpi.status))</h4>"
                html += "<p class=\"value\">\(HTMLText.escape(kpi.formattedValue)) <span class=\"muted\">target \(HTMLText.escape(kpi.kpi.target.description)) · \(HTMLText.escape(kpi.window.text)) window"
                if let measure = kpi.kpi.measurement?.measure { html += " · \(HTMLText.count(Int(kpi.count))) " + (measure == .timeToAcknowledge ? "acknowledged" : "events") }
                html += "</span></p>"
                if let description = kpi.kpi.description { html += "<p class=\"muted\">\(HTMLText.escape(description))</p>" }
                if kpi.kpi.measurement != nil {
                    html += SVGChart.line(
                        points: kpi.trend.map(\.value), labels: kpi.trend.map { HTMLText.date(ofDay: $0.day) },
                        target: kpi.kpi.target.value, unit: kpi.isPercentage ? "%" : "", title: "\(kpi.kpi.metric) over its \(kpi.window.text) window, by day")
                } else {
                    html += "<p class=\"muted\">Not measured: add <code>on</code> and <code>value</code> to the KPI.</p>"
                }
                html += "</div>"
            }
            html += "</div>"
        }
        // Insights by priority and status.
        let rows = data.insightCounts.filter { $0.goal == goal.id }
        html += "<h3>Insights</h3>"
        if rows.isEmpty {
            html += "<p class=\"muted\">No insight yet.</p>"
        } else {
            let statuses = ["open", "acknowledged", "resolved", "expired"]
            html += "<table><thead><tr><th>Priority</th>" + statuses.map { "<th class=\"number\">\($0)</th>" }.joined() + "</tr></thead><tbody>"
            for priority in Priority.allCases.map(\.rawValue) {
                let cells = statuses.map { status in rows.filter { $0.priority == priority && $0.status == status }.reduce(0) { $0 + $1.count } }
                guard cells.contains(where: { $0 > 0 }) else { continue }
                html += "<tr><td>\(priority)</td>" + cells.map { "<td class=\"number\">\(HTMLText.count($0))</td>" }.joined() + "</tr>"
            }
            html += "</tbody></table>"
            let opened = data.insightsOpened.filter { $0.goal == goal.id }
            if let first = opened.map(\.day).min(), let last = opened.map(\.day).max() {
                let days = Array(first...last)
                var byDay: [Int64: Int] = [:]
                for row in opened { byDay[row.day, default: 0] += row.count }
                html += SVGChart.stackedBars(
                    labels: days.map(HTMLText.date(ofDay:)), series: [("insights opened", days.map { byDay[$0] ?? 0 })],
                    title: "Insights opened per day for \(goal.id)", height: 120)
            }
        }
        // Top signals: the evidence counted toward the goal.
        var bySignal: [String: Int] = [:]
        let prefix = goal.id + "/"
        for row in data.evidence where row.key.hasPrefix(prefix) { bySignal[String(row.key.dropFirst(prefix.count)), default: 0] += row.count }
        if !bySignal.isEmpty {
            let top = bySignal.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(8).map { (name: $0.key, count: $0.value) }
            html += "<h3>Top signals</h3><p class=\"muted\">Evidence counted toward this goal, over all the data read.</p>"
            html += SVGChart.bars(Array(top), title: "Top signals for \(goal.id)")
        }
        return html + "</section>\n"
    }

    /// Deliveries per audience over time.
    static func audiences(_ data: ReportData) -> String {
        var html = "<section id=\"audiences\"><h2>Insight volumes per audience</h2>"
        guard !data.deliveries.isEmpty else { return html + "<p class=\"muted\">Nothing delivered yet.</p></section>\n" }
        let days = data.deliveries.compactMap { HTMLText.day(ofDate: $0.day) }
        guard let first = days.min(), let last = days.max() else { return html + "</section>\n" }
        let range = Array(first...last)
        let names = data.workspace.audiences.map(\.id)
        var counts: [String: [Int64: Int]] = [:]
        for row in data.deliveries {
            guard let day = HTMLText.day(ofDate: row.day) else { continue }
            counts[row.audience, default: [:]][day, default: 0] += row.insights + row.digests
        }
        html += "<p class=\"muted\">Deliveries per day of event time: an immediate delivery on the day its insight opened, a digest on its period's first day.</p>"
        html += SVGChart.stackedBars(
            labels: range.map(HTMLText.date(ofDay:)), series: names.map { name in (name, range.map { counts[name]?[$0] ?? 0 }) }, title: "Deliveries per audience per day")
        html += "<table><thead><tr><th>Audience</th><th class=\"number\">Insights delivered one by one</th><th class=\"number\">Digests</th></tr></thead><tbody>"
        for name in names {
            let rows = data.deliveries.filter { $0.audience == name }
            html += "<tr><td>\(HTMLText.escape(name))</td><td class=\"number\">\(HTMLText.count(rows.reduce(0) { $0 + $1.insights }))</td><td class=\"number\">\(HTMLText.count(rows.reduce(0) { $0 + $1.digests }))</td></tr>"
        }
        return html + "</tbody></table></section>\n"
    }

    /// Each source: its events over time, rejections, days without events, and the goals it feeds.
    static func coverage(_ data: ReportData) -> String {
        var html = "<section id=\"coverage\"><h2>Listening posts</h2>"
        html += "<table><thead><tr><th>Source</th><th>Events</th><th class=\"number\">Read</th><th class=\"number\">Rejected</th><th>First day</th><th>Last day</th><th class=\"number\">Silent days</th><th>Feeds goals</th><th>Events per day</th></tr></thead><tbody>"
        let workspace = data.workspace
        for source in workspace.runtime.sources {
            let rows = data.sourceEvents.filter { $0.key == source.name }
            let total = rows.reduce(0) { $0 + $1.count }
            let first = rows.map(\.day).min(), last = rows.map(\.day).max()
            var silent = 0
            var perDay: [Int] = []
            if let first, let last {
                var byDay: [Int64: Int] = [:]
                for row in rows { byDay[row.day, default: 0] += row.count }
                perDay = (first...last).map { byDay[$0] ?? 0 }
                silent = perDay.filter { $0 == 0 }.count
            }
            let goals = feeds(source.event, workspace: workspace)
            html += "<tr><td>\(HTMLText.escape(source.name)) <span class=\"muted\">\(HTMLText.escape(source.kind))</span></td><td>\(HTMLText.escape(source.event))</td>"
            html += "<td class=\"number\">\(HTMLText.count(total))</td><td class=\"number\">\(HTMLText.count(data.rejected[source.name] ?? 0))</td>"
            html += "<td class=\"nowrap\">\(first.map(HTMLText.date(ofDay:)) ?? "—")</td><td class=\"nowrap\">\(last.map(HTMLText.date(ofDay:)) ?? "—")</td><td class=\"number\">\(silent)</td>"
            html += "<td>" + (goals.isEmpty ? "<span class=\"status off-track\">none</span>" : goals.map(HTMLText.escape).joined(separator: ", ")) + "</td><td>"
            if !perDay.isEmpty {
                html += SVGChart.line(points: perDay.map { Double($0) }, labels: [], target: nil, unit: "", title: "\(source.name): events per day", width: 160, height: 40)
            }
            html += "</td></tr>"
        }
        return html + "</tbody></table></section>\n"
    }

    /// The goals a kind of event feeds: through the signals read from it.
    static func feeds(_ kind: String, workspace: Workspace) -> [String] {
        let signals = Set(workspace.catalogue.signals.filter { signal in
            switch signal.detection {
            case .condition(let eventKind, _, _): eventKind == kind
            case .detector(_, let kinds, _): kinds.isEmpty || kinds.contains(kind)
            }
        }.map(\.id))
        return workspace.goals.filter { goal in goal.signals.contains { signals.contains($0.signal) } }.map(\.id)
    }

    /// The page's style: light, print-friendly, no web font.
    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1d1d1f;margin:0;background:#f6f7f9}
        header,nav,main,footer{max-width:1100px;margin:0 auto;padding:0 20px}
        header h1{margin:24px 0 4px;font-size:26px}header p,footer{color:#555}
        nav{padding-bottom:12px}nav a{color:#0060a0;text-decoration:none}
        section{background:#fff;border:1px solid #e1e4e8;border-radius:8px;padding:16px 20px;margin:16px 0}
        h2{margin:0 0 6px;font-size:20px}h3{font-size:15px;margin:18px 0 6px}h4{margin:0 0 4px;font-size:14px}
        .meta,.muted{color:#666}.muted{font-size:12px}code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px}
        table{border-collapse:collapse;width:100%;margin:8px 0}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top}
        th{font-weight:600;color:#444;background:#fafbfc}.number{text-align:right;font-variant-numeric:tabular-nums}.nowrap,td.number{white-space:nowrap}
        .status{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
        .on-track{background:#dff3e4;color:#116329}.at-risk{background:#fff1c2;color:#7a4d00}.off-track{background:#ffe0de;color:#a40e26}
        .no-data,.not-measured{background:#eceef1;color:#555}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:12px}
        .card{border:1px solid #e1e4e8;border-radius:6px;padding:10px 12px}.value{font-size:22px;font-weight:600;margin:2px 0}.value span{font-size:12px;font-weight:400}
        svg.chart{width:100%;max-width:360px;height:auto;display:block}svg.chart.wide{max-width:100%}
        td svg.chart{max-width:160px}
        .axis{stroke:#bbb;stroke-width:1}.target{stroke:#a40e26;stroke-width:1;stroke-dasharray:4 3}
        .series{fill:none;stroke:#0072B2;stroke-width:2}.dot{fill:#0072B2}
        .tick,.label{font-size:10px;fill:#555}.legend span{margin-right:12px;font-size:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
        footer{padding:8px 20px 32px;font-size:12px}
        @media print{body{background:#fff}section{break-inside:avoid;border:none}}
        """
}
