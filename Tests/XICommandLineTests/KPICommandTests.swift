import Foundation
import Testing

/// `xi kpis`: KPIs tallied by `xi run`, against an oracle computed from the example's own files.
@Suite("xi kpis")
struct KPICommandTests {
    /// The `xi kpis` row of a goal's metric, split into columns.
    static func row(_ goal: String, _ metric: String, in output: String) -> [String]? {
        output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
            .first { $0.count >= 2 && $0[0] == goal && $0[1] == metric }
    }

    @Test("KPIs match the example's files, with a status against the target, and a second run does not count again")
    func kpisAfterARun() throws {
        let workspace = try ExampleWorkspace()
        let run = try workspace.run()
        #expect(run.status == 0, "\(run.standardError)")
        let first = try CommandRunner.run(["kpis", workspace.folder.path])
        #expect(first.status == 0, "\(first.standardError)")

        // Oracle: the example's 60 days fit the 90-day window, so every complaint counts.
        let csv = try String(contentsOf: workspace.folder.appendingPathComponent("Examples/data/complaints.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let daysOpen = rows.compactMap { Int($0[7]) }
        let closed = 100 * Double(daysOpen.filter { $0 <= 56 }.count) / Double(daysOpen.count)
        let row = try #require(Self.row("duty_consumer_support", "complaints_closed_in_8_weeks", in: first.standardOutput), "\(first.standardOutput)")
        #expect(row[2] == String(format: "%.1f%%", closed).replacingOccurrences(of: ".0%", with: "%"))
        #expect(row.last == String(daysOpen.count))
        let expectedStatus = closed >= 95 ? "on track" : closed >= 85.5 ? "at risk" : "off track"
        // Columns: goal, metric, value, ">=", "95%", window, then the status (two words).
        #expect(row[6...7].joined(separator: " ") == expectedStatus)

        // NPS over the example's relationship surveys, a share over contacts, and a KPI without data.
        #expect(Self.row("retention", "nps", in: first.standardOutput) != nil)
        #expect(first.standardOutput.contains("on track") && first.standardOutput.contains("off track"))

        let again = try workspace.run()
        #expect(again.status == 0, "\(again.standardError)")
        let second = try CommandRunner.run(["kpis", workspace.folder.path])
        #expect(second.standardOutput == first.standardOutput)
    }

    @Test("before any run, every measured KPI has no data, and a note says to run xi run")
    func beforeARun() throws {
        let workspace = try ExampleWorkspace()
        let result = try CommandRunner.run(["kpis", workspace.folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("nothing tallied yet"))
        #expect(result.standardOutput.contains("no data"))
        #expect(!result.standardOutput.contains("on track"))
    }
}
