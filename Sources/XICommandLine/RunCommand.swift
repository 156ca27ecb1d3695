import ArgumentParser
import Foundation
import XIRuntime

/// `xi run`: the whole flow on the embedded store.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Read every source to its end, raise insights, deliver them to their audiences, and print what happened.",
        discussion: """
            State is kept in .xi/ beside xi.yaml (SQLite): a second run reads only what is new, and \
            running twice on the same input creates no new insight and sends nothing new. Records \
            that cannot be read go to .xi/dead-letter/<source>.jsonl with their position and reason. \
            Deliveries that could not be made stay in the outbox and are retried by the next run.
            """
    )

    /// The configuration folder.
    @Argument(help: "The folder holding xi.yaml, Goals/ and Audiences/.")
    var path: String = "."

    /// Quiet.
    @Flag(name: .shortAndLong, help: "Print only the summary, no progress line.")
    var quiet = false

    /// A backtest.
    @Flag(help: "Backtest: read every source from its beginning into a scratch store, send nothing, and print how many deliveries each audience would receive per day. The workspace's store is not touched.")
    var dryRun = false

    /// Stop early (testing crash recovery).
    @Option(help: .hidden)
    var stopAfterBatches: Int?

    /// Commit after this many records (testing many commits in one run).
    @Option(help: .hidden)
    var commitEvery: Int?

    func run() async throws {
        let scratch = dryRun ? FileManager.default.temporaryDirectory.appendingPathComponent("xi-dry-run-\(UUID().uuidString)").path : nil
        defer { if let scratch { try? FileManager.default.removeItem(atPath: scratch) } }
        let runtime = try WorkspaceLoading.runtime(path, dryRunFolder: scratch)
        let showProgress = !quiet && isatty(STDERR_FILENO) == 1
        if showProgress {
            runtime.progress = { records, rate, left, source in
                var line = "\r\u{1B}[K  \(records) records, \(Int(rate)) records/s — \(source)"
                if let left { line += left < 1 ? ", finishing" : ", about \(Int(left.rounded(.up))) s left" }
                StandardError.writeRaw(line)
            }
        }
        runtime.batchLimit = stopAfterBatches
        if let commitEvery { runtime.commitRecords = max(commitEvery, 1) }
        let summary: RunSummary
        do {
            summary = try await runtime.run()
        } catch {
            if showProgress { StandardError.writeRaw("\n") }
            StandardError.write("error: \(error)")
            throw ExitCode(1)
        }
        if showProgress { StandardError.writeRaw("\r\u{1B}[K") }
        print(RunReport(summary: summary, runtime: runtime).text)
        if runtime.isDryRun {
            let rows = try runtime.store.deliveriesByDay()
            print("")
            print(RunReport.dryRunTable(rows, audiences: runtime.workspace.audiences.map(\.id)))
        }
        // A failed source is a failed run for whoever schedules it, though everything else was done.
        if !summary.failedSources.isEmpty { throw ExitCode(3) }
    }
}
