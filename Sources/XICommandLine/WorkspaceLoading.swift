import XIBuiltInPlugins
import ArgumentParser
import Foundation
import XIGoals
import XIRuntime

/// Loading the configuration for commands that run it: every problem printed, exit 1 if any.
enum WorkspaceLoading {
    static func load(_ path: String) throws -> (workspace: Workspace, folder: String) {
        let folder = (path as NSString).standardizingPath
        let result = ConfigurationLoader(registry: BuiltInPlugins.registry).load(workspace: folder)
        for diagnostic in result.diagnostics { StandardError.write(diagnostic.description) }
        guard result.isValid else {
            StandardError.write("\(result.errors.count) error\(result.errors.count == 1 ? "" : "s") in the configuration; run `xi validate \(path)` after fixing them")
            throw ExitCode(1)
        }
        return (result.workspace, folder)
    }

    static func runtime(_ path: String, dryRunFolder: String? = nil) throws -> Runtime {
        let (workspace, folder) = try load(path)
        do {
            return try Runtime(workspace: workspace, folder: folder, factories: BuiltInPlugins.factories, dryRunFolder: dryRunFolder)
        } catch {
            StandardError.write("error: \(error)")
            throw ExitCode(1)
        }
    }
}
