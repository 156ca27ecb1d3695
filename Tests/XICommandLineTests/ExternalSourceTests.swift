import Foundation
import Testing

/// A source plugin in Python that reads a JSON-lines file and writes it as xi's protocol: a STATE
/// every 100 lines, an ERROR for a line that is not JSON, and exit status 4 at `crash_at`.
private let contactsPlugin = #"""
import json, sys
arguments = sys.argv[1:]
if arguments[0] == "spec":
    print(json.dumps({"type": "SPEC", "spec": {"type": "object", "required": ["path"],
        "properties": {"path": {"type": "string"}, "crash_at": {"type": "integer"}}}}))
    sys.exit(0)
config = json.load(open(arguments[arguments.index("--config") + 1]))
state = json.load(open(arguments[arguments.index("--state") + 1])) if "--state" in arguments else {"line": 0}
lines = open(config["path"]).read().splitlines()
for number in range(state["line"], len(lines)):
    if number == config.get("crash_at", -1):
        sys.stderr.write("lost the connection to the ticket system\n")
        sys.exit(4)
    try:
        record = json.loads(lines[number])
    except ValueError:
        print(json.dumps({"type": "ERROR", "message": "line %d is not JSON" % (number + 1)}))
        continue
    print(json.dumps({"type": "EVENT", "record": record}))
    if (number + 1) % 100 == 0:
        print(json.dumps({"type": "STATE", "value": {"line": number + 1}}))
print(json.dumps({"type": "STATE", "value": {"line": len(lines)}}))
"""#

/// The count of one source in the summary's `events read` line (`(contacts 777, …)`).
private func eventsRead(_ source: String, in summary: String) -> Int {
    guard let line = summary.split(separator: "\n").first(where: { $0.hasPrefix("events read") }),
          let range = line.range(of: "\(source) ") else { return 0 }
    return Int(line[range.upperBound...].prefix { $0.isNumber }) ?? 0
}

/// A Singer tap installed from PyPI (`tap-jsonl`): `XI_TAP_JSONL`, else on PATH.
private let tapJSONL: String? = {
    if let path = ProcessInfo.processInfo.environment["XI_TAP_JSONL"], FileManager.default.isExecutableFile(atPath: path) { return path }
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let candidate = "\(folder)/tap-jsonl"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}()

/// `xi run` with external source plugins: real child processes, a real store.
@Suite("xi run with external sources", .serialized)
struct ExternalSourceTests {
    private func workspace(crashAt: Int) throws -> ExampleWorkspace {
        let workspace = try ExampleWorkspace()
        try FileManager.default.createDirectory(at: workspace.folder.appendingPathComponent("plugins"), withIntermediateDirectories: true)
        try contactsPlugin.write(to: workspace.folder.appendingPathComponent("plugins/contacts.py"), atomically: true, encoding: .utf8)
        try workspace.edit("xi.yaml", replacing: "  - name: contacts\n    kind: jsonl\n    path: Examples/data/contacts.jsonl\n", with: """
              - name: contacts
                kind: process
                options:
                  command: [python3, plugins/contacts.py]
                  config: { path: Examples/data/contacts.jsonl, crash_at: \(crashAt) }
                  restarts: 1
                  restart_backoff: 0s

            """)
        return workspace
    }

    @Test("a plugin that keeps crashing is given up: the other sources are read, the run exits 3, and the next run resumes it")
    func failingPluginDoesNotStopTheRun() throws {
        let baseline = try ExampleWorkspace().run()
        let expected = eventsRead("contacts", in: baseline.standardOutput)
        #expect(expected > 500)

        let workspace = try workspace(crashAt: 350)
        let first = try workspace.run()
        #expect(first.status == 3, "\(first.standardError)")
        #expect(first.standardOutput.contains("sources that failed"))
        #expect(first.standardOutput.contains("contacts: the plugin exited with status 4 after 1 restart"), "\(first.standardOutput)")
        #expect(first.standardError.contains("lost the connection to the ticket system"))
        #expect(eventsRead("surveys", in: first.standardOutput) > 0)
        let before = eventsRead("contacts", in: first.standardOutput)
        #expect(before > 300 && before < expected)

        // Fixed: the next run starts the plugin from its last state and reads the rest, once.
        try workspace.edit("xi.yaml", replacing: "crash_at: 350", with: "crash_at: -1")
        let second = try workspace.run()
        #expect(second.status == 0, "\(second.standardError)")
        #expect(before + eventsRead("contacts", in: second.standardOutput) == expected)
        let third = try workspace.run()
        #expect(ExampleWorkspace.count("events read", in: third.standardOutput) == 0)
        #expect(third.standardOutput.contains("deliveries        0 new"))
    }

    @Test("a config that does not match the plugin's spec stops the run before anything is read")
    func specMismatch() throws {
        let workspace = try workspace(crashAt: -1)
        try workspace.edit("xi.yaml", replacing: "crash_at: -1", with: "crash_at: soon")
        let run = try workspace.run()
        #expect(run.status != 0)
        #expect(run.standardError.contains("config.crash_at: \"soon\" is not an integer"), "\(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: workspace.folder.appendingPathComponent(".xi/inbox").path))
        // xi validate runs the plugin's spec too, and points at the source in xi.yaml.
        let validated = try CommandRunner.run(["validate", workspace.folder.path])
        #expect(validated.status == 1)
        #expect(validated.standardError.contains("xi.yaml:"), "\(validated.standardError)")
        #expect(validated.standardError.contains("error: source 'contacts': its config does not match the plugin's spec"))
    }

    @Test(
        "a Singer tap from PyPI (tap-jsonl) as a source: the same events as the jsonl source, and its replay on the next run adds nothing",
        .enabled(if: tapJSONL != nil || ProcessInfo.processInfo.environment["CI"] != nil))
    func singerTap() throws {
        let tap = try #require(tapJSONL, "install the tap: python3 -m pip install tap-jsonl (or set XI_TAP_JSONL)")
        let baseline = try ExampleWorkspace().run()
        let workspace = try ExampleWorkspace()
        try workspace.edit("xi.yaml", replacing: "  - name: contacts\n    kind: jsonl\n    path: Examples/data/contacts.jsonl\n", with: """
              - name: contacts
                kind: singer
                options:
                  command: \(tap)
                  config: { path: Examples/data/contacts.jsonl, stream_name: contacts }
                  stream: contacts

            """)
        let first = try workspace.run()
        #expect(first.status == 0, "\(first.standardError)")
        #expect(eventsRead("contacts", in: first.standardOutput) == eventsRead("contacts", in: baseline.standardOutput))
        #expect(ExampleWorkspace.count("insights opened", in: first.standardOutput) == ExampleWorkspace.count("insights opened", in: baseline.standardOutput))
        // The tap replays the file (its bookmark is the file's modification time, compared with >=).
        let second = try workspace.run()
        #expect(second.status == 0)
        #expect(ExampleWorkspace.count("events read", in: second.standardOutput) == 0)
        #expect(ExampleWorkspace.count("insights opened", in: second.standardOutput) == 0)
        #expect(second.standardOutput.contains("deliveries        0 new"))
    }
}
