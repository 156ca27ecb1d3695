import ArgumentParser
import Foundation
import XIPluginAPI
import XIRuntime

/// What `xi ack` and `xi resolve` share: their arguments, and changing the status of insights in
/// the store, saying what happened.
struct InsightStatusChange: ParsableArguments {
    @Argument(help: "The insights' ids (ins_…), or unique prefixes of them.")
    var insights: [String]

    @Option(help: "The folder holding xi.yaml.")
    var path: String = "."

    @Option(help: "Who did it (written into each insight's history).")
    var by: String?

    @Option(help: "A note for the history: what was done.")
    var note: String?

    /// Moves the insights to `status`; exits 1 when any could not be moved (the others are).
    func apply(_ status: InsightStatus) throws {
        let runtime = try WorkspaceLoading.runtime(path)
        let changes = try runtime.changeStatus(of: insights, to: status, by: by, note: note)
        var failed = 0
        for change in changes {
            if let problem = change.problem {
                failed += 1
                StandardError.write("error: \(change.id): \(problem)")
            } else {
                print("\(change.id): \(change.from?.rawValue ?? "?") → \(status.rawValue)")
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
