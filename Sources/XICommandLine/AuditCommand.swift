import XIBuiltInPlugins
import ArgumentParser
import XIRuntime

/// `xi audit`: configuration that is valid but does nothing.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Find sources that feed no goal, goals with signals no source can produce, audiences without subscriptions, and subscriptions that can never match."
    )

    /// The configuration folder.
    @Argument(help: "The folder holding xi.yaml.")
    var path: String = "."

    func run() throws {
        let (workspace, _) = try WorkspaceLoading.load(path)
        let findings = WorkspaceAudit.findings(in: workspace, available: BuiltInPlugins.available)
        if findings.isEmpty {
            print("audit: nothing found — every source feeds a goal, every signal has a producer, every subscription can match")
            return
        }
        for finding in findings { print(finding.description) }
        print("\(findings.count) finding\(findings.count == 1 ? "" : "s")")
    }
}
