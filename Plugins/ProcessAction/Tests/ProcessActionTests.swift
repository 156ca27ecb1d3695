import Foundation
import Testing
import XIPluginAPI
import XIPluginTesting
import XIProcessAction

/// An action plugin in Python speaking xi's protocol. It records each delivered id once in
/// `delivered.txt` (so a repeat takes effect once) and misbehaves as its config says, once each
/// (a marker file remembers): `nack` (NACK retryable), `refuse` (NACK not retryable, for ids
/// containing "refuse"), `crash` (exit 5 before answering), `exit_early` (exit 0 before
/// answering), `hang` (never answer), `flood` (5 MB without a line end), `unknown` (ACK an id that was not sent), `garbage` (a line
/// that is not JSON before each answer), `reverse` (answer pairs of deliveries in reverse order).
let fakeActionScript = #"""
import json, os, select, sys

arguments = sys.argv[1:]
if arguments[0] == "spec":
    print(json.dumps({"type": "SPEC", "spec": {"type": "object", "properties": {
        "folder": {"type": "string"}, "misbehave": {"type": "array", "items": {"type": "string"}}}, "required": ["folder"]}}))
    sys.exit(0)
config = json.load(open(arguments[arguments.index("--config") + 1]))
folder = config["folder"]
misbehave = set(config.get("misbehave", []))
def once(kind):
    path = os.path.join(folder, "marker." + kind)
    if kind not in misbehave or os.path.exists(path):
        return False
    open(path, "w").write(kind)
    return True

def delivered(identifier):
    path = os.path.join(folder, "delivered.txt")
    seen = set(open(path).read().split("\n")) if os.path.exists(path) else set()
    if identifier not in seen:
        with open(path, "a") as file:
            file.write(identifier + "\n")

def answer(message):
    identifier = message["id"]
    if "refuse" in identifier:
        return {"type": "NACK", "id": identifier, "retryable": False, "reason": "no such project"}
    if once("nack"):
        return {"type": "NACK", "id": identifier, "retryable": True, "reason": "503 from the ticket system"}
    delivered(identifier)
    return {"type": "ACK", "id": identifier, "reference": "T-" + identifier}

pending = []
while True:
    line = sys.stdin.readline()
    if not line:
        break
    message = json.loads(line)
    if once("crash"):
        sys.stderr.write("segfault in the ticket client\n")
        sys.stderr.flush()
        os._exit(5)
    if once("exit_early"):
        sys.exit(0)
    if once("hang"):
        continue
    if once("flood"):
        sys.stdout.write("x" * 5000000)
        sys.stdout.flush()
        continue
    if once("unknown"):
        print(json.dumps({"type": "ACK", "id": "not-sent"}), flush=True)
        continue
    if "garbage" in misbehave:
        print("this is not a protocol message", flush=True)
    pending.append(answer(message))
    more = select.select([sys.stdin], [], [], 0.05)[0]
    if "reverse" in misbehave and len(pending) < 2 and more:
        continue
    for reply in reversed(pending):
        print(json.dumps(reply), flush=True)
    pending = []
"""#

@Suite("process action (xi's protocol, real child processes)")
struct ProcessActionTests {
    let folder = TestFolder()

    func action(_ misbehave: [String] = [], options: [String: ConfigurationValue] = [:]) throws -> ProcessAction {
        folder.write("action.py", fakeActionScript)
        var all: [String: ConfigurationValue] = [
            "command": .string("python3 action.py"),
            "config": .mapping(["folder": .string(folder.path), "misbehave": .list(misbehave.map { .string($0) })]),
            "retry_backoff": .string("0s"),
            "timeout": .string("2s"),
        ]
        for (key, value) in options { all[key] = value }
        return try ProcessAction(context: folder.context(all, name: "retention-team/0-process"))
    }

    func delivery(_ id: String) -> Delivery {
        Delivery(id: id, audience: "retention-team", action: "retention-team/0-process", kind: .insight, insights: [id], body: #"{"goal":"retention"}"#)
    }

    var delivered: [String] {
        ((try? String(contentsOfFile: folder.path + "/delivered.txt", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test("passes the plugin-testing action conformance check")
    func conforms() async throws {
        let failures = await ActionConformance.check(
            makeAction: { try action() },
            effects: { delivery in delivered.filter { $0 == delivery.id }.count },
            release: { action in await action.shutdown() })
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test("ACKs become delivered receipts with the plugin's reference; refusals are final")
    func acknowledgements() async throws {
        let action = try action()
        let receipts = await action.deliver(batch: [delivery("a"), delivery("refuse-b"), delivery("c")])
        #expect(receipts == [.delivered(reference: "T-a"), .rejected(reason: "no such project"), .delivered(reference: "T-c")])
        #expect(delivered == ["a", "c"])
        await action.shutdown()
    }

    @Test("a retryable NACK is retried, and the delivery goes through")
    func nackIsRetried() async throws {
        let action = try action(["nack"])
        #expect(await action.deliver(delivery("a")) == .delivered(reference: "T-a"))
        #expect(delivered == ["a"])
    }

    @Test("answers out of order are matched by id")
    func outOfOrder() async throws {
        let action = try action(["reverse"])
        let ids = (0..<9).map { "d-\($0)" }
        let receipts = await action.deliver(batch: ids.map(delivery))
        #expect(receipts == ids.map { .delivered(reference: "T-\($0)") })
        #expect(Set(delivered) == Set(ids))
    }

    @Test("a plugin that crashes, exits 0 early, never answers or floods its output is replaced, and nothing is lost", arguments: ["crash", "exit_early", "hang", "flood"])
    func misbehavingPlugin(_ kind: String) async throws {
        let action = try action([kind])
        let ids = (0..<5).map { "d-\($0)" }
        let receipts = await action.deliver(batch: ids.map(delivery))
        #expect(receipts == ids.map { .delivered(reference: "T-\($0)") })
        #expect(Set(delivered) == Set(ids))
    }

    @Test("an answer for an id that was not sent is a protocol error: the plugin is replaced and the batch retried")
    func unknownID() async throws {
        let action = try action(["unknown"])
        let receipts = await action.deliver(batch: [delivery("a"), delivery("b")])
        #expect(receipts == [.delivered(reference: "T-a"), .delivered(reference: "T-b")])
    }

    @Test("lines that are not protocol messages are ignored")
    func garbage() async throws {
        let action = try action(["garbage"])
        #expect(await action.deliver(delivery("a")) == .delivered(reference: "T-a"))
    }

    @Test("after its retries, a delivery that never got through stays pending with the reason")
    func retriesRunOut() async throws {
        folder.write("broken.py", "import sys\nsys.stdin.readline()\nsys.stderr.write('cannot reach the ticket system\\n')\nsys.exit(2)\n")
        let action = try ProcessAction(context: folder.context([
            "command": .list([.string("python3"), .string("broken.py")]), "retries": .integer(2), "retry_backoff": .string("0s"),
            "validate_spec": .boolean(false),
        ], name: "retention-team/0-process"))
        let receipt = await action.deliver(delivery("a"))
        guard case .retry(let reason, _) = receipt else {
            Issue.record("expected a retry, got \(receipt)")
            return
        }
        #expect(reason.contains("exited with status 2 before answering"), "\(reason)")
        #expect(reason.contains("cannot reach the ticket system"))
        #expect(reason.contains("(3 tries)"))
    }

    @Test("config is checked against the plugin's spec when the action is made")
    func specMismatch() throws {
        folder.write("action.py", fakeActionScript)
        do {
            _ = try ProcessAction(context: folder.context(["command": .string("python3 action.py"), "config": .mapping([:])], name: "retention-team/0-process"))
            Issue.record("a config without its required folder was accepted")
        } catch {
            #expect(error.message.contains("config.folder: required"), "\(error.message)")
        }
    }
}
