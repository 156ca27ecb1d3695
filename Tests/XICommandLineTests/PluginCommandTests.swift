import Foundation
import Testing

/// `xi plugin new`, `xi plugin test` and `xi plugin docs`, as a plugin author uses them.
@Suite("xi plugin", .serialized)
struct PluginCommandTests {
    @Test("a Python plugin made by xi plugin new passes xi plugin test with no edits", arguments: ["source", "action"])
    func pythonScaffold(_ kind: String) throws {
        let folder = try CommandRunner.temporaryFolder()
        let made = try CommandRunner.run(["plugin", "new", "--kind", kind, "ticket-desk"], in: folder)
        #expect(made.status == 0, "\(made.standardError)")
        let plugin = folder.appendingPathComponent("ticket-desk")
        for file in ["main.py", "test_main.py", "plugin.yaml", "sample.yaml", "README.md"] {
            #expect(FileManager.default.fileExists(atPath: plugin.appendingPathComponent(file).path), "no \(file)")
        }
        let tested = try CommandRunner.run(["plugin", "test", "ticket-desk"], in: folder)
        #expect(tested.status == 0, "\(tested.standardOutput)\n\(tested.standardError)")
        #expect(tested.standardOutput.contains("✓ own tests"))
        #expect(tested.standardOutput.contains("✓ spec"))
        #expect(tested.standardOutput.contains("conformance (test kit)"))
        #expect(!tested.standardOutput.contains("✗"))
        // The README's options table is the spec's.
        #expect(try CommandRunner.run(["plugin", "docs", "ticket-desk"], in: folder).status == 0)
    }

    @Test("a Swift plugin made by xi plugin new builds and passes xi plugin test with no edits", arguments: ["source", "action", "detector"])
    func swiftScaffold(_ kind: String) throws {
        let folder = try CommandRunner.temporaryFolder()
        let made = try CommandRunner.run(["plugin", "new", "--kind", kind, "--lang", "swift", "desk", "--xi", CommandRunner.repositoryRoot.path], in: folder)
        #expect(made.status == 0, "\(made.standardError)")
        let tested = try CommandRunner.run(["plugin", "test", "desk"], in: folder)
        #expect(tested.status == 0, "\(tested.standardOutput.suffix(3000))\n\(tested.standardError.suffix(3000))")
        #expect(tested.standardOutput.contains("✓ own tests: swift test"))
    }

    @Test("xi plugin test reports what a broken plugin gets wrong, and fails")
    func brokenPlugin() throws {
        let folder = try CommandRunner.temporaryFolder()
        _ = try CommandRunner.run(["plugin", "new", "--kind", "source", "broken"], in: folder)
        let main = folder.appendingPathComponent("broken/main.py")
        // Events without the customer field, and a garbage line.
        let text = try String(contentsOf: main, encoding: .utf8)
            .replacingOccurrences(of: "send({\"type\": \"EVENT\", \"record\": record})", with: "send({\"type\": \"EVENT\", \"record\": {\"ticket_id\": record[\"ticket_id\"]}}); sys.stdout.write(\"oops\\n\")")
        try text.write(to: main, atomically: true, encoding: .utf8)
        try "kind: source\ncommand: [python3, main.py]\nconfig: { path: sample-data.jsonl }\nsubject: customer_id\ntime: opened_at\n"
            .write(to: folder.appendingPathComponent("broken/plugin.yaml"), atomically: true, encoding: .utf8)
        let tested = try CommandRunner.run(["plugin", "test", "broken"], in: folder)
        #expect(tested.status == 1)
        #expect(tested.standardOutput.contains("✗ read: 0 events, 10 rejected (line 1: missing subject field 'customer_id'; line 2: not a plugin message"), "\(tested.standardOutput)")
        #expect(tested.standardOutput.contains("check failed") || tested.standardOutput.contains("checks failed"))
    }

    @Test("xi plugin new refuses a Python detector and a bad name, saying what to do")
    func refusals() throws {
        let folder = try CommandRunner.temporaryFolder()
        let detector = try CommandRunner.run(["plugin", "new", "--kind", "detector", "--lang", "python", "effort"], in: folder)
        #expect(detector.status != 0)
        #expect(detector.standardError.contains("use --lang swift"))
        let name = try CommandRunner.run(["plugin", "new", "--kind", "source", "Ticket Desk"], in: folder)
        #expect(name.status != 0)
        #expect(name.standardError.contains("lower-case letters"))
    }

    @Test("every built-in plugin's README lists its options as its descriptor does; a stale table fails")
    func docsCannotDrift() throws {
        let current = try CommandRunner.run(["plugin", "docs", "--root", CommandRunner.repositoryRoot.path])
        #expect(current.status == 0, "\(current.standardError)")
        // A copy of the plugin folders with one table edited by hand.
        let copy = try CommandRunner.temporaryFolder()
        try FileManager.default.copyItem(at: CommandRunner.repositoryRoot.appendingPathComponent("Plugins"), to: copy.appendingPathComponent("Plugins"))
        let readme = copy.appendingPathComponent("Plugins/CSVSource/README.md")
        let edited = try String(contentsOf: readme, encoding: .utf8).replacingOccurrences(of: "| `quote` |", with: "| `quote_character` |")
        try edited.write(to: readme, atomically: true, encoding: .utf8)
        let stale = try CommandRunner.run(["plugin", "docs", "--root", copy.path])
        #expect(stale.status == 1)
        #expect(stale.standardError.contains("CSVSource/README.md: the options table differs"))
        #expect(try CommandRunner.run(["plugin", "docs", "--root", copy.path, "--write"]).status == 0)
        #expect(try CommandRunner.run(["plugin", "docs", "--root", copy.path]).status == 0)
    }
}
