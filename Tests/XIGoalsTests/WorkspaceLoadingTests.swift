import Foundation
import Testing
import XIBuiltInPlugins
import XIGoals

@Suite("Loading a workspace from disk")
struct WorkspaceLoadingTests {
    /// A temporary workspace folder, removed when the test ends.
    final class TemporaryWorkspace {
        let root: String

        init() throws {
            root = NSTemporaryDirectory() + "xi-goals-tests-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        }

        func write(_ path: String, _ text: String) throws {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        func write(_ path: String, bytes: [UInt8]) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: root + "/" + path))
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test("every error in every file is reported in one run")
    func allErrorsInOneRun() throws {
        let workspace = try TemporaryWorkspace()
        let fixture = Fixture()
        try workspace.write("xi.yaml", fixture.runtime)
        try workspace.write("Goals/signals.yaml", fixture.signals)
        try workspace.write("Goals/a-retention.yaml", Fixture.goal.replacingOccurrences(of: "detractor", with: "detracter"))
        try workspace.write("Goals/b-broken.yaml", "goal: broken\nname: [\n")
        try workspace.write("Goals/c-copy.yaml", Fixture.goal.replacingOccurrences(of: "threshold: 6", with: "threshold: -6"))
        try workspace.write("Goals/d-empty.yaml", "")
        try workspace.write("Goals/e-bytes.yaml", bytes: Array("goal: x\n".utf8) + [0xC3, 0x28])
        try workspace.write("Audiences/team.yaml", Fixture.audience.replacingOccurrences(of: "webhook", with: "webhok"))
        let result = ConfigurationLoader(registry: BuiltInPlugins.registry).load(workspace: workspace.root)
        let located = result.errors.map { "\($0.file.replacingOccurrences(of: workspace.root + "/", with: "")):\($0.line ?? 0):\($0.column ?? 0)" }
        #expect(located == [
            "Goals/a-retention.yaml:6:15",
            "Goals/b-broken.yaml:3:1",
            "Goals/c-copy.yaml:8:12",
            "Goals/c-copy.yaml:1:7",  // also a duplicate of a-retention's id
            "Goals/d-empty.yaml:1:1",
            "Goals/e-bytes.yaml:2:1",
            "Audiences/team.yaml:5:21",
        ], "\(result.errors.map(\.description).joined(separator: "\n"))")
        #expect(result.files.count == 8)
        #expect(!result.isValid)
    }

    @Test("a goals folder with no goal files, and a missing xi.yaml")
    func emptyFolders() throws {
        let workspace = try TemporaryWorkspace()
        try FileManager.default.createDirectory(atPath: workspace.root + "/Goals", withIntermediateDirectories: true)
        try workspace.write("Goals/signals.yaml", Fixture().signals)
        let result = ConfigurationLoader(registry: BuiltInPlugins.registry).load(workspace: workspace.root)
        let messages = result.diagnostics.map { "\($0.file.replacingOccurrences(of: workspace.root + "/", with: "")): \($0.severity.rawValue): \($0.message)" }
        #expect(messages.contains("xi.yaml: error: file not found"))
        #expect(messages.contains("Goals/: error: no goal files (*.yaml) in this folder"))
        #expect(messages.contains("Audiences/: error: folder not found"))
        #expect(!result.isValid)
    }

    @Test("the workspace's folders come from xi.yaml")
    func foldersFromRuntime() throws {
        let workspace = try TemporaryWorkspace()
        let fixture = Fixture()
        try workspace.write("xi.yaml", "goals: config/goals\naudiences: config/teams\nsignals: config/catalogue.yaml\n" + fixture.runtime)
        try workspace.write("config/catalogue.yaml", fixture.signals)
        try workspace.write("config/goals/retention.yml", Fixture.goal)
        try workspace.write("config/teams/retention.yaml", Fixture.audience)
        let result = ConfigurationLoader(registry: BuiltInPlugins.registry).load(workspace: workspace.root)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        #expect(result.workspace.runtime.goalsFolder == "config/goals")
        #expect(result.summary == "1 goal, 2 signals, 1 audience, 1 subscription, 2 sources")
    }
}
