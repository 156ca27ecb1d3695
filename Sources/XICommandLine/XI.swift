import ArgumentParser
import XIRuntime

/// The `xi` command: goals as code, a condition playground, and the matcher's outside view.
@main
struct XI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xi",
        abstract: "xi — experience improvement: goals as code, signals, insights, and actions.",
        discussion: """
            Goals (Goals/*.yaml) say what the business wants; the signal catalogue says what to listen \
            for; audiences (Audiences/*.yaml) say who acts on which insight. See README.md.
            """,
        subcommands: XI.subcommands
    )

    /// Sets the allocator up before any thread allocates, then runs the command.
    static func main() async {
        Runtime.configureAllocator()
        await main(nil)
    }
}
