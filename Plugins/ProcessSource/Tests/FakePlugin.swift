import XIExpression
import XIPluginAPI
import XIPluginTesting

/// A source plugin in Python that speaks xi's protocol, with misbehaviours chosen by its config:
/// `crash_at` (exit 3 once, at that record), `hang_at` (stop writing once), `garbage` (a line
/// that is not JSON every 7 records), `long_line_at` (a 3 MB line), `fatal_at` (an ERROR with
/// fatal), `every` (a STATE every N records), `records`. "Once" is kept in a marker file, so a
/// restarted plugin goes on.
let fakePluginScript = #"""
import json, os, sys, time

arguments = sys.argv[1:]
def option(name):
    return arguments[arguments.index(name) + 1] if name in arguments else None

command = arguments[0] if arguments else ""
if command == "spec":
    print(json.dumps({"type": "SPEC", "spec": {
        "type": "object", "required": ["records"], "additionalProperties": False,
        "properties": {
            "records": {"type": "integer", "minimum": 0, "description": "How many records to write."},
            "every": {"type": "integer", "minimum": 1, "default": 10},
            "crash_at": {"type": "integer"}, "hang_at": {"type": "integer"}, "fatal_at": {"type": "integer"},
            "long_line_at": {"type": "integer"}, "garbage": {"type": "boolean"}, "marker": {"type": "string"},
            "no_final_state": {"type": "boolean"},
        }}}))
    sys.exit(0)
if command == "check":
    print(json.dumps({"type": "CHECK", "status": "SUCCEEDED"}))
    sys.exit(0)
if command != "read":
    sys.stderr.write("unknown command %r\n" % command)
    sys.exit(2)

config = json.load(open(option("--config")))
state = json.load(open(option("--state"))) if option("--state") else {"next": 0}
marker = config.get("marker", "marker")
def once(kind):
    path = "%s.%s" % (marker, kind)
    if os.path.exists(path):
        return False
    open(path, "w").write(kind)
    return True

out = sys.stdout
out.write(json.dumps({"type": "LOG", "level": "info", "message": "starting at %d" % state["next"]}) + "\n")
for index in range(state["next"], config["records"]):
    if index == config.get("crash_at") and once("crash"):
        sys.stderr.write("simulated crash at %d\n" % index)
        sys.stderr.flush()
        os._exit(3)
    if index == config.get("hang_at") and once("hang"):
        out.flush()
        time.sleep(3600)
    if index == config.get("fatal_at"):
        out.write(json.dumps({"type": "ERROR", "message": "the token was revoked", "fatal": True}) + "\n")
        out.flush()
        time.sleep(3600)
    if index == config.get("long_line_at"):
        out.write('{"type":"EVENT","record":{"padding":"' + "x" * 3_000_000 + '"}}\n')
    if config.get("garbage") and index % 7 == 3:
        out.write("this is not a protocol message\n")
    record = {"id": "E-%d" % index, "customer": "C-%d" % (index % 5), "at": "2026-01-01T00:00:%02dZ" % (index % 60), "value": index}
    out.write(json.dumps({"type": "EVENT", "record": record}) + "\n")
    if (index + 1) % config.get("every", 10) == 0:
        out.write(json.dumps({"type": "STATE", "value": {"next": index + 1}}) + "\n")
    out.flush()
if not config.get("no_final_state"):
    out.write(json.dumps({"type": "STATE", "value": {"next": config["records"]}}) + "\n")
"""#

/// The mapping of the fake plugin's records.
func fakeSettings(id: Bool = true) -> SourceSettings {
    SourceSettings(
        name: "tickets", eventKind: "complaint", subjectFields: [("customer", "customer")], timeField: "at",
        textField: nil, idField: id ? "id" : nil,
        schema: EventSchema(source: "tickets", kind: "complaint", fields: [("value", .int)]))
}

/// A folder with the fake plugin, and a context for a `process` source running it with `config`.
func fakePluginContext(_ folder: TestFolder, config: [String: ConfigurationValue], options: [String: ConfigurationValue] = [:]) -> PluginContext {
    _ = folder.write("plugin.py", fakePluginScript)
    var config = config
    config["marker"] = .string(folder.path + "/marker")
    var all: [String: ConfigurationValue] = [
        "command": .list([.string("python3"), .string("plugin.py")]),
        "config": .mapping(config),
        "restart_backoff": .string("0s"),
        "timeout": .string("5s"),
    ]
    for (key, value) in options { all[key] = value }
    return folder.context(all, name: "tickets")
}
