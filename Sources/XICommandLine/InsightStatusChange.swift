import ArgumentParser
import Foundation
import XIPluginAPI
import XIRuntime

/// What `xi ack` and `xi resolve` share: change the status of insights in the store and say what happened.
enum InsightStatusChange {
    static func run(path: String, ids: [String], to status: InsightStatus, by person: String?, note: String?) throws {
        let runtime = try WorkspaceLoading.runtime(path)
        let changes = try runtime.store.changeStatus(of: ids, to: status, by: person, note: note)
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
