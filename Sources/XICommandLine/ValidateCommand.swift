import XIBuiltInPlugins
import ArgumentParser
import XIGoals

/// `xi validate [PATH]`: loads and checks a configuration tree and prints a summary or every error.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check xi.yaml, the signal catalogue, goals and audiences; print every error.",
        discussion: """
            PATH is the folder holding xi.yaml (default: the current directory); the goals and \
            audiences folders and the signal catalogue are those xi.yaml names (default Goals/, \
            Audiences/ and Goals/signals.yaml). Errors print as file:line:column: error: message. \
            Exits 0 when the configuration is valid (warnings allowed), 1 otherwise.
            """
    )

    /// The workspace folder.
    @Argument(help: "The folder holding xi.yaml.")
    var path: String = "."

    /// Whether to list the files read.
    @Flag(name: .shortAndLong, help: "List the files read.")
    var verbose = false

    func run() throws {
        let result = ConfigurationLoader(registry: BuiltInPlugins.registry).load(workspace: path)
        for diagnostic in result.diagnostics {
            StandardError.write(diagnostic.description)
        }
        if result.isValid {
            print("valid: \(result.summary)")
            let shown = verbose ? result.files : Array(result.files.prefix(20))
            print("read \(result.files.count) file\(result.files.count == 1 ? "" : "s"):")
            for file in shown { print("  \(file)") }
            if shown.count < result.files.count { print("  … and \(result.files.count - shown.count) more (--verbose lists all)") }
            if !result.warnings.isEmpty { print("\(result.warnings.count) warning\(result.warnings.count == 1 ? "" : "s")") }
        } else {
            let errors = result.errors.count
            let warnings = result.warnings.count
            StandardError.write(
                "\(errors) error\(errors == 1 ? "" : "s")" + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : "")
                    + " in \(result.files.count) file\(result.files.count == 1 ? "" : "s")")
            throw ExitCode(1)
        }
    }
}
