import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import XIBuiltInPlugins
import XIGoals
import XIReport
import XIRuntime

/// `xi report`: a self-contained page, structurally checked (the browser check is
/// `scripts/check-report-in-browser.py`, which CI runs with Debian's Chromium).
@Suite("xi report")
struct ReportCommandTests {
    @Test("the page is self-contained, has a section per goal with every KPI, well-formed SVG charts, and escapes text")
    func report() throws {
        let workspace = try ExampleWorkspace()
        // A goal name with markup in it must come out as text.
        try workspace.edit("Goals/retention.yaml", replacing: "name: Keep customers who show signs of leaving", with: "name: \"Keep customers <b>leaving</b> & more\"")
        let run = try workspace.run()
        #expect(run.status == 0, "\(run.standardError)")
        let out = workspace.folder.appendingPathComponent("report.html").path
        let result = try CommandRunner.run(["report", workspace.folder.path, "--out", out])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("report: \(out)"))
        let html = try String(contentsOfFile: out, encoding: .utf8)

        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
        // Self-contained: no script, no external asset, no link out of the page.
        for forbidden in ["<script", " src=", "href=\"http", "@import", "url(", "<link"] {
            #expect(!html.contains(forbidden), "the page contains \(forbidden)")
        }
        // A section per goal, with each of its KPIs and a status.
        let goals = try FileManager.default.contentsOfDirectory(atPath: workspace.folder.appendingPathComponent("Goals").path)
            .filter { $0.hasSuffix(".yaml") && $0 != "signals.yaml" }
        #expect(goals.count == 10)
        for id in ["retention", "share_of_wallet", "agent_coaching", "cost_to_serve", "vulnerable_customers"] {
            #expect(html.contains("<section class=\"goal\" id=\"goal-\(id)\">"), "no section for \(id)")
        }
        for metric in ["nps", "churn_rate", "first_contact_resolution", "average_handle_seconds", "csat", "time_to_resolve_days", "products_per_customer"] {
            #expect(html.contains("<h4>\(metric) <span class=\"status "), "no KPI card for \(metric)")
        }
        #expect(html.contains("Keep customers &lt;b&gt;leaving&lt;/b&gt; &amp; more"))
        #expect(!html.contains("<b>leaving</b>"))
        // Audiences and listening posts.
        for audience in ["retention-team", "retention-leads", "compliance", "account-managers", "product", "contact-centre-coaching"] {
            #expect(html.contains("<td>\(audience)</td>"), "no row for audience \(audience)")
        }
        for source in ["surveys", "contacts", "complaints", "accounts", "web"] {
            #expect(html.contains("<tr><td>\(source) <span class=\"muted\">"), "no row for source \(source)")
        }
        // Every chart is well-formed XML.
        let charts = html.components(separatedBy: "<svg").dropFirst().map { "<svg" + $0.components(separatedBy: "</svg>")[0] + "</svg>" }
        #expect(charts.count > 20)
        for chart in charts {
            let parser = XMLParser(data: Data(chart.replacingOccurrences(of: "<svg ", with: "<svg xmlns=\"http://www.w3.org/2000/svg\" ").utf8))
            #expect(parser.parse(), "a chart is not well-formed: \(chart.prefix(200))")
        }
    }

    @Test("a folder that cannot be written to gets a clear message")
    func unwritable() throws {
        let workspace = try ExampleWorkspace()
        let result = try CommandRunner.run(["report", workspace.folder.path, "--out", "/nonexistent-folder/report.html"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("cannot write /nonexistent-folder/report.html"))
    }

    /// The example's page, made at a fixed time, against `Golden/report.html`. After a change to the
    /// page that is meant, write the new one with `XI_UPDATE_GOLDEN=1 swift test --filter ReportCommandTests`
    /// and look at it (`scripts/check-report-in-browser.py` renders it) before committing it.
    @Test("the example's page is the golden one")
    func golden() throws {
        let workspace = try ExampleWorkspace()
        #expect(try workspace.run().status == 0)
        let result = ConfigurationLoader(registry: BuiltInPlugins.registry).load(workspace: workspace.folder.path)
        #expect(result.isValid)
        let runtime = try Runtime(workspace: result.workspace, folder: workspace.folder.path, factories: BuiltInPlugins.factories)
        let moment = Date(timeIntervalSince1970: 1_772_755_200)  // 2026-03-06T00:00:00Z, the day after the example's data
        let html = HTMLReport.render(try runtime.reportData(now: moment), generatedAt: moment)
            .replacingOccurrences(of: workspace.folder.lastPathComponent, with: "example")
        let golden = CommandRunner.repositoryRoot.appendingPathComponent("Tests/XICommandLineTests/Golden/report.html")
        if ProcessInfo.processInfo.environment["XI_UPDATE_GOLDEN"] != nil {
            try html.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        if html != expected {
            let lines = html.split(separator: "\n", omittingEmptySubsequences: false)
            let wanted = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(lines, wanted).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(lines.count, wanted.count)
            Issue.record("the page differs from Golden/report.html from line \(first + 1): \(lines.dropFirst(first).first.map { String($0.prefix(300)) } ?? "(end)")")
        }
    }
}
