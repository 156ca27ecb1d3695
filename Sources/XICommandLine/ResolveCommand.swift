import ArgumentParser

/// `xi resolve`: an insight was acted on.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Resolve insights: they were acted on. Their evidence is settled: only evidence after them can raise a new insight for the same goal and subject.",
        discussion: "Run it between runs of `xi run`. An id may be shortened to an unambiguous prefix."
    )

    @Argument(help: "The insights' ids (ins_…), or unique prefixes of them.")
    var insights: [String]

    @Option(help: "The folder holding xi.yaml.")
    var path: String = "."

    @Option(help: "Who resolves them (written into each insight's history).")
    var by: String?

    @Option(help: "A note for the history: what was done.")
    var note: String?

    func run() throws {
        try InsightStatusChange.run(path: path, ids: insights, to: .resolved, by: by, note: note)
    }
}
