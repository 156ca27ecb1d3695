import Foundation
import Testing
import XIExecAction
import XIPluginAPI
import XIPluginTesting

/// A command in Python that records each delivery id once in `delivered.txt`, with the envelope
/// it read, and fails as `XI_MODE` says: `fail_once` (exit 1 the first time), `refuse` (exit 65),
/// `slow` (sleep past the timeout the first time).
private let script = #"""
import json, os, sys, time
envelope = json.loads(sys.stdin.readline())
identifier = os.environ["XI_DELIVERY_ID"]
assert envelope["id"] == identifier, "the envelope and XI_DELIVERY_ID differ"
mode = os.environ.get("XI_MODE", "")
marker = os.path.join(os.environ["XI_FOLDER"], "marker." + identifier.replace("/", "_"))
first = not os.path.exists(marker)
open(marker, "w").write("x")
if mode == "refuse":
    sys.stderr.write("unknown project\n")
    sys.exit(65)
if mode == "fail_once" and first:
    sys.stderr.write("the service desk is down\n")
    sys.exit(1)
if mode == "slow" and first:
    time.sleep(30)
path = os.path.join(os.environ["XI_FOLDER"], "delivered.txt")
seen = open(path).read().split("\n") if os.path.exists(path) else []
if identifier not in seen:
    open(path, "a").write(identifier + "\n")
print("TICKET-" + identifier)
"""#

@Suite("exec action (real child processes)")
struct ExecActionTests {
    let folder = TestFolder()

    func action(mode: String = "", options: [String: ConfigurationValue] = [:]) throws -> ExecAction {
        folder.write("deliver.py", script)
        var all: [String: ConfigurationValue] = [
            "command": .string("python3 deliver.py"),
            "environment": .mapping(["XI_MODE": .string(mode), "XI_FOLDER": .string(folder.path)]),
            "retry_backoff": .string("0s"),
            "timeout": .string("3s"),
        ]
        for (key, value) in options { all[key] = value }
        return try ExecAction(context: folder.context(all, name: "service-desk/0-exec"))
    }

    var delivered: [String] {
        ((try? String(contentsOfFile: folder.path + "/delivered.txt", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func delivery(_ id: String) -> Delivery {
        Delivery(id: id, audience: "service-desk", action: "service-desk/0-exec", kind: .insight, insights: [id], body: #"{"goal":"retention"}"#)
    }

    @Test("passes the plugin-testing action conformance check")
    func conforms() async throws {
        let failures = await ActionConformance.check(
            makeAction: { try action() }, effects: { delivery in delivered.filter { $0 == delivery.id }.count })
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test("exit 0 is delivered, with the first output line as the reference")
    func delivers() async throws {
        #expect(await try action().deliver(delivery("a")) == .delivered(reference: "TICKET-a"))
        #expect(delivered == ["a"])
    }

    @Test("a failed run is retried; exit 65 is a refusal; a run past the timeout is killed and retried", arguments: ["fail_once", "slow"])
    func retries(_ mode: String) async throws {
        #expect(await try action(mode: mode).deliver(delivery("a")) == .delivered(reference: "TICKET-a"))
        #expect(delivered == ["a"])
    }

    @Test("exit 65 is a refusal that keeps the command's reason")
    func refusal() async throws {
        let receipt = await try action(mode: "refuse").deliver(delivery("a"))
        #expect(receipt == .rejected(reason: "the command refused the delivery (exit status 65): unknown project"))
    }

    @Test("after its retries a failing command leaves the delivery pending, with the reason")
    func pending() async throws {
        folder.write("down.py", "import sys\nsys.stderr.write('the service desk is down\\n')\nsys.exit(3)\n")
        let action = try ExecAction(context: folder.context(["command": .string("python3 down.py"), "retry_backoff": .string("0s")], name: "service-desk/0-exec"))
        #expect(await action.deliver(delivery("a")) == .retry(reason: "the command exited with status 3: the service desk is down (3 tries)", after: nil))
    }

    @Test("a secret in the environment comes from xi's environment, never from the file")
    func secretFromEnvironment() throws {
        let context = PluginContext(
            name: "service-desk/0-exec", options: ["command": .string("true"), "environment": .mapping(["TOKEN": .string("${DESK_TOKEN}")])],
            configurationFolder: folder.path, stateFolder: folder.path + "/.xi", environment: ["DESK_TOKEN": "s3cret"])
        #expect(try ExecAction(context: context).command.environment["TOKEN"] == "s3cret")
        let missing = PluginContext(
            name: "service-desk/0-exec", options: context.options, configurationFolder: folder.path, stateFolder: folder.path + "/.xi", environment: [:])
        #expect(throws: PluginError.self) { try ExecAction(context: missing) }
    }

    @Test("a template replaces the envelope on standard input")
    func template() async throws {
        folder.write("echo.py", "import sys\nprint(sys.stdin.read().strip())\n")
        let action = try ExecAction(context: folder.context([
            "command": .string("python3 echo.py"), "template": .string("{{goal}} for {{subject.id}} ({{delivery.id}})"),
        ], name: "service-desk/0-exec"))
        let receipt = await action.deliver(Delivery(
            id: "ins-3/desk/0-exec", audience: "desk", action: "desk/0-exec", kind: .insight, insights: ["ins-3"], body: #"{"goal":"retention","subject":{"id":"C-3"}}"#))
        #expect(receipt == .delivered(reference: "retention for C-3 (ins-3/desk/0-exec)"))
    }
}
