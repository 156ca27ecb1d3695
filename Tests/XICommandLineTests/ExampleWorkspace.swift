import Foundation
import XIBuiltInPlugins
import XIGoals
import XIRuntime
import XIStore

/// A copy of the bundled example in a temporary folder (configuration and data), to run and to
/// break at will, and helpers to read what a run left in it.
struct ExampleWorkspace {
    let folder: URL

    init() throws {
        folder = try CommandRunner.temporaryFolder()
        for item in ["xi.yaml", "Goals", "Audiences", "Examples"] {
            try FileManager.default.copyItem(
                at: CommandRunner.repositoryRoot.appendingPathComponent(item), to: folder.appendingPathComponent(item))
        }
    }

    /// Runs `xi run` here.
    func run(environment: [String: String] = [:]) throws -> CommandRunner.Result {
        try CommandRunner.run(["run", folder.path, "--quiet"], environment: environment)
    }

    /// The workspace's runtime, on its store (after a run: the store that run left).
    func runtime() throws -> Runtime {
        let result = ConfigurationLoader(registry: BuiltInPlugins.registry).load(workspace: folder.path)
        guard result.isValid else { throw CocoaError(.fileReadCorruptFile) }
        return try Runtime(workspace: result.workspace, folder: folder.path, factories: BuiltInPlugins.factories)
    }

    /// Every stored insight as it stands now: open and acknowledged ones made again from their
    /// evidence (``Runtime/current(_:)``), the others as stored.
    func currentInsights() throws -> [StoredInsight] {
        let runtime = try runtime()
        return try runtime.current(runtime.store.insights())
    }

    /// Replaces text in a file of the workspace.
    func edit(_ path: String, replacing old: String, with new: String) throws {
        let url = folder.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        precondition(text.contains(old), "\(path) does not contain \(old)")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    /// The JSON lines of a file under `.xi/`, parsed.
    func lines(_ path: String) throws -> [[String: Any]] {
        let url = folder.appendingPathComponent(".xi").appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        return try data.split(separator: 0x0A).map { line in
            try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] ?? [:]
        }
    }

    /// The inbox files of every audience.
    func inboxFiles() throws -> [String] {
        let inbox = folder.appendingPathComponent(".xi/inbox")
        return try FileManager.default.contentsOfDirectory(atPath: inbox.path).sorted()
    }

    /// A number printed on the summary line that starts with `label`.
    static func count(_ label: String, in summary: String) -> Int? {
        guard let line = summary.split(separator: "\n").first(where: { $0.hasPrefix(label) }) else { return nil }
        return Int(line.dropFirst(label.count).split(separator: " ").first ?? "")
    }
}
