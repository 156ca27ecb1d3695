import ArgumentParser
import XIRuntime

/// `xi kpis`: each goal's KPIs against their targets, from what `xi run` has tallied.
struct KPIsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpis",
        abstract: "Show each goal's KPIs over their windows against their targets: on track, at risk or off track.",
        discussion: """
            `xi run` tallies the KPIs a goal measures (those with `on`) per day of event time into the \
            store; this prints each over its window ending after the newest day tallied. At risk means \
            the target is missed by at most a tenth of it.
            """
    )

    /// The configuration folder.
    @Argument(help: "The folder holding xi.yaml.")
    var path: String = "."

    func run() throws {
        let runtime = try WorkspaceLoading.runtime(path)
        let results = try runtime.kpiResults(points: 1)
        if try runtime.store.kpiDays().isEmpty {
            StandardError.write("note: nothing tallied yet in \(runtime.stateFolder); run `xi run` first")
        }
        guard !results.isEmpty else {
            print("kpis: no goal declares a KPI")
            return
        }
        let rows = [["goal", "metric", "value", "target", "window", "status", "events"]] + results.map { result in
            [result.goal, result.kpi.metric, result.formattedValue, result.kpi.target.description, result.window.text, result.status.rawValue,
             result.kpi.measurement == nil ? "" : String(Int64(result.count))]
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print(zip(row, widths).map { $0.0.padding(toLength: $0.1, withPad: " ", startingAt: 0) }.joined(separator: "  ").trimmingTrailingSpaces())
        }
        print(KPIResult.statusSummary(results))
    }
}

extension String {
    /// The string without spaces at its end.
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
