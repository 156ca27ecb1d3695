import ArgumentParser

/// `xi ack`: someone took an insight.
struct AcknowledgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Acknowledge insights: someone has taken them. Escalation stops, and the time to acknowledge is recorded for the time_to_acknowledge KPI.",
        discussion: "Run it between runs of `xi run`. An id may be shortened to an unambiguous prefix."
    )

    @OptionGroup var change: InsightStatusChange

    func run() throws {
        try change.apply(.acknowledged)
    }
}
