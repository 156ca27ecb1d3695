import ArgumentParser

/// `xi resolve`: an insight was acted on.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Resolve insights: they were acted on. Their evidence is settled: only evidence after them can raise a new insight for the same goal and subject.",
        discussion: "Run it between runs of `xi run`. An id may be shortened to an unambiguous prefix."
    )

    @OptionGroup var change: InsightStatusChange

    func run() throws {
        try change.apply(.resolved)
    }
}
