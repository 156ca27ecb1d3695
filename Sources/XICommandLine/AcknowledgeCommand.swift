import ArgumentParser

/// `xi ack`: someone took an insight.
struct AcknowledgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Acknowledge insights: someone has taken them. Escalation stops, and the time to acknowledge is recorded for the time_to_acknowledge KPI.",
        discussion: "Run it between runs of `xi run`. An id may be shortened to an unambiguous prefix."
    )

    @Argument(help: "The insights' ids (ins_…), or unique prefixes of them.")
    var insights: [String]

    @Option(help: "The folder holding xi.yaml.")
    var path: String = "."

    @Option(help: "Who acknowledges them (written into each insight's history).")
    var by: String?

    @Option(help: "A note for the history.")
    var note: String?

    func run() throws {
        try InsightStatusChange.run(path: path, ids: insights, to: .acknowledged, by: by, note: note)
    }
}
