import ArgumentParser
import Foundation
import XIReport
import XIRuntime

/// `xi report`: the HTML page for CX programme owners.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML page: per goal the KPIs against their targets with trends, insights and top signals; deliveries per audience over time; listening-post coverage.",
        discussion: """
            The page has no script and no external asset (inline CSS and SVG), so it can be mailed or \
            archived as it is. It reads what `xi run` stored in .xi/; run that first.
            """
    )

    /// The configuration folder.
    @Argument(help: "The folder holding xi.yaml.")
    var path: String = "."

    /// Where the page goes.
    @Option(name: .shortAndLong, help: "The HTML file to write.")
    var out: String = "report.html"

    func run() throws {
        let started = ContinuousClock.now
        let runtime = try WorkspaceLoading.runtime(path)
        let data = try runtime.reportData()
        if data.sourceEvents.isEmpty {
            StandardError.write("note: the store in \(runtime.stateFolder) holds no events yet; run `xi run` first — the page shows no data")
        }
        let html = HTMLReport.render(data)
        do {
            try html.write(toFile: out, atomically: true, encoding: .utf8)
        } catch {
            StandardError.write("error: cannot write \(out): \(error.localizedDescription); check that its folder exists and is writable")
            throw ExitCode(1)
        }
        let seconds = (ContinuousClock.now - started).inSeconds
        print("report: \(out) (\(html.utf8.count / 1024) KB) — \(data.workspace.goals.count) goals, \(data.kpis.count) KPIs (\(KPIResult.statusSummary(data.kpis))), in \(String(format: "%.2f", seconds)) s")
    }
}
