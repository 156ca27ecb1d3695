import ArgumentParser
import Foundation
import XIBuiltInPlugins
import XIGoals
import XIPluginAPI
import XIRuntime

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
        var pluginProblems = 0
        if result.isValid {
            pluginProblems = checkExternalPlugins(result.workspace, folder: path)
        }
        if result.isValid && pluginProblems == 0 {
            print("valid: \(result.summary)")
            let shown = verbose ? result.files : Array(result.files.prefix(20))
            print("read \(result.files.count) file\(result.files.count == 1 ? "" : "s"):")
            for file in shown { print("  \(file)") }
            if shown.count < result.files.count { print("  … and \(result.files.count - shown.count) more (--verbose lists all)") }
            if !result.warnings.isEmpty { print("\(result.warnings.count) warning\(result.warnings.count == 1 ? "" : "s")") }
        } else {
            let errors = result.errors.count + pluginProblems
            let warnings = result.warnings.count
            StandardError.write(
                "\(errors) error\(errors == 1 ? "" : "s")" + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : "")
                    + " in \(result.files.count) file\(result.files.count == 1 ? "" : "s")")
            throw ExitCode(1)
        }
    }

    /// External plugins (`kind: process`): each program's `spec`, and the `config` checked against
    /// it, as `xi run` does before reading anything. Returns the number of errors printed.
    private func checkExternalPlugins(_ workspace: Workspace, folder: String) -> Int {
        let factories = Dictionary(BuiltInPlugins.factories.map { ("\($0.descriptor.category.rawValue)/\($0.descriptor.kind)", $0) }, uniquingKeysWith: { first, _ in first })
        let environment = ProcessInfo.processInfo.environment
        let root = PluginCommand.absolute(folder)
        var errors = 0
        func check(_ key: String, name: String, options: [String: ConfigurationValue], settings: SourceSettings?, position: String) {
            guard let factory = factories[key] else { return }
            let context = PluginContext(name: name, options: options, configurationFolder: root, stateFolder: NSTemporaryDirectory() + "xi-validate", environment: environment)
            do {
                _ = try factory.make(context, settings)
            } catch {
                StandardError.write("\(position): error: \((error as? PluginError)?.message ?? "\(error)")")
                errors += 1
            }
        }
        for source in workspace.runtime.sources where source.kind == "process" {
            var options = source.options
            options["validate_spec"] = .boolean(true)
            check("source/process", name: source.name, options: options, settings: Runtime.settings(for: source), position: "\(source.position)")
        }
        for audience in workspace.audiences {
            for (index, subscription) in audience.subscriptions.enumerated() where subscription.action.kind == "process" {
                check("action/process", name: "\(audience.id)/\(index)-process", options: subscription.action.options, settings: nil, position: "\(subscription.action.position)")
            }
        }
        return errors
    }
}
