extension PluginTemplates {
    /// A Python source: reads a JSON-lines file, resumes from a position.
    static let pythonSource = #"""
#!/usr/bin/env python3
"""{{name}}: an xi source plugin, speaking xi's plugin protocol (version 1).

xi runs it as `main.py spec`, `main.py check --config FILE` and
`main.py read --config FILE [--state FILE]` and reads JSON lines from its output:
EVENT (a record), STATE (where to resume), LOG and ERROR. See docs/plugin-protocol.md in xi.

Replace `records()` with your listening post (an API, a database, a queue): yield each record
with the position after it, starting from the position in the state, in the same order every time.
"""
import json
import os
import sys

SPEC = {
    "type": "object",
    "required": ["path"],
    "additionalProperties": False,
    "properties": {
        "path": {"type": "string", "description": "The JSON-lines file to read, relative to the folder of xi.yaml."},
        "state_every": {"type": "integer", "minimum": 1, "default": 100, "description": "Records between two STATE messages."},
    },
}


def send(message):
    sys.stdout.write(json.dumps(message, separators=(",", ":")) + "\n")


def records(config, position):
    """Yields (position after the record, record), from `position` on."""
    with open(config["path"], encoding="utf-8") as file:
        for number, line in enumerate(file):
            if number < position or not line.strip():
                continue
            try:
                yield number + 1, json.loads(line)
            except ValueError as error:
                send({"type": "ERROR", "message": "line %d is not JSON: %s" % (number + 1, error)})


def check(config):
    """Why the plugin cannot work with this config, or None."""
    if not os.path.isfile(config["path"]):
        return "no such file: %s" % config["path"]
    return None


def read(config, state):
    every = config.get("state_every", 100)
    position = state.get("position", 0)
    for count, (position, record) in enumerate(records(config, position), start=1):
        send({"type": "EVENT", "record": record})
        if count % every == 0:
            send({"type": "STATE", "value": {"position": position}})
    send({"type": "STATE", "value": {"position": position}})


def option(arguments, name):
    return arguments[arguments.index(name) + 1] if name in arguments else None


def main(arguments):
    command = arguments[0] if arguments else ""
    if command == "spec":
        send({"type": "SPEC", "protocol_version": 1, "spec": SPEC})
        return 0
    config_path = option(arguments, "--config")
    config = json.load(open(config_path, encoding="utf-8")) if config_path else {}
    if command == "check":
        problem = check(config)
        send({"type": "CHECK", "status": "FAILED" if problem else "SUCCEEDED", "message": problem or "ready"})
        return 0
    if command == "read":
        state_path = option(arguments, "--state")
        read(config, json.load(open(state_path, encoding="utf-8")) if state_path else {})
        return 0
    sys.stderr.write("usage: main.py spec | check --config FILE | read --config FILE [--state FILE]\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
"""#

    /// The Python source's test.
    static let pythonSourceTest = #"""
"""Tests of the {{name}} source plugin: python3 -m unittest (in this folder)."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def run(*arguments):
    result = subprocess.run([sys.executable, os.path.join(HERE, "main.py"), *arguments], cwd=HERE,
                            capture_output=True, text=True, check=True)
    return [json.loads(line) for line in result.stdout.splitlines()]


def file_with(content):
    handle = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump(content, handle)
    handle.close()
    return handle.name


class SourcePluginTest(unittest.TestCase):
    def test_spec_describes_the_options(self):
        [message] = run("spec")
        self.assertEqual(message["type"], "SPEC")
        self.assertIn("path", message["spec"]["properties"])

    def test_check_succeeds_on_the_sample(self):
        [message] = run("check", "--config", file_with({"path": "sample-data.jsonl"}))
        self.assertEqual(message["status"], "SUCCEEDED")

    def test_check_fails_on_a_missing_file(self):
        [message] = run("check", "--config", file_with({"path": "missing.jsonl"}))
        self.assertEqual(message["status"], "FAILED")

    def test_reads_every_record_and_resumes_from_a_state(self):
        config = file_with({"path": "sample-data.jsonl", "state_every": 2})
        messages = run("read", "--config", config)
        events = [message["record"] for message in messages if message["type"] == "EVENT"]
        states = [message["value"] for message in messages if message["type"] == "STATE"]
        self.assertEqual(len(events), 5)
        self.assertEqual(states[-1], {"position": 5})
        resumed = run("read", "--config", config, "--state", file_with(states[0]))
        self.assertEqual([message["record"] for message in resumed if message["type"] == "EVENT"], events[2:])


if __name__ == "__main__":
    unittest.main()
"""#

    /// A Python action: appends each delivery to a JSON-lines outbox, once per id.
    static let pythonAction = #"""
#!/usr/bin/env python3
"""{{name}}: an xi action plugin, speaking xi's plugin protocol (version 1).

xi runs it as `main.py spec`, `main.py check --config FILE` and `main.py write --config FILE`,
writes one DELIVERY message per line to its input, and reads an ACK or a NACK for each id from
its output (in any order). See docs/plugin-protocol.md in xi.

Replace `deliver()` with your system (a ticket, a message, a call to an API). The same delivery
may come again after a retry or a crash: use its id as the idempotency key.
"""
import json
import os
import sys

SPEC = {
    "type": "object",
    "required": ["path"],
    "additionalProperties": False,
    "properties": {
        "path": {"type": "string", "description": "The JSON-lines file deliveries are appended to, relative to the folder of xi.yaml."},
    },
}


def send(message):
    sys.stdout.write(json.dumps(message, separators=(",", ":")) + "\n")
    sys.stdout.flush()


class Outbox:
    def __init__(self, path):
        self.path = path
        self.delivered = set()
        if os.path.exists(path):
            with open(path, encoding="utf-8") as file:
                self.delivered = {json.loads(line)["id"] for line in file if line.strip()}

    def deliver(self, delivery):
        """Delivers once per id; returns the receiver's reference."""
        if delivery["id"] not in self.delivered:
            with open(self.path, "a", encoding="utf-8") as file:
                file.write(json.dumps(delivery, separators=(",", ":")) + "\n")
                file.flush()
                os.fsync(file.fileno())
            self.delivered.add(delivery["id"])
        return self.path


def check(config):
    folder = os.path.dirname(os.path.abspath(config["path"]))
    return None if os.access(folder, os.W_OK) else "cannot write in %s" % folder


def write(config):
    outbox = Outbox(config["path"])
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line)
        if message.get("type") != "DELIVERY":
            continue
        try:
            reference = outbox.deliver(message["delivery"])
            send({"type": "ACK", "id": message["id"], "reference": reference})
        except OSError as error:
            send({"type": "NACK", "id": message["id"], "retryable": True, "reason": str(error)})


def option(arguments, name):
    return arguments[arguments.index(name) + 1] if name in arguments else None


def main(arguments):
    command = arguments[0] if arguments else ""
    if command == "spec":
        send({"type": "SPEC", "protocol_version": 1, "spec": SPEC})
        return 0
    config_path = option(arguments, "--config")
    config = json.load(open(config_path, encoding="utf-8")) if config_path else {}
    if command == "check":
        problem = check(config)
        send({"type": "CHECK", "status": "FAILED" if problem else "SUCCEEDED", "message": problem or "ready"})
        return 0
    if command == "write":
        write(config)
        return 0
    sys.stderr.write("usage: main.py spec | check --config FILE | write --config FILE\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
"""#

    /// The Python action's test.
    static let pythonActionTest = #"""
"""Tests of the {{name}} action plugin: python3 -m unittest (in this folder)."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def delivery(identifier):
    return {"type": "DELIVERY", "id": identifier, "attempt": 0,
            "delivery": {"id": identifier, "audience": "retention-team", "kind": "insight", "insights": ["ins_1"],
                         "delivered_at": "2026-03-01T09:00:00.000Z", "body": {"goal": "retention", "score": 9}}}


class ActionPluginTest(unittest.TestCase):
    def test_acknowledges_each_delivery_and_delivers_a_repeat_once(self):
        folder = tempfile.mkdtemp()
        outbox = os.path.join(folder, "outbox.jsonl")
        config = os.path.join(folder, "config.json")
        with open(config, "w") as file:
            json.dump({"path": outbox}, file)
        lines = "".join(json.dumps(delivery(identifier)) + "\n" for identifier in ["d-1", "d-2", "d-1"])
        result = subprocess.run([sys.executable, os.path.join(HERE, "main.py"), "write", "--config", config],
                                input=lines, capture_output=True, text=True, check=True)
        answers = [json.loads(line) for line in result.stdout.splitlines()]
        self.assertEqual([answer["type"] for answer in answers], ["ACK", "ACK", "ACK"])
        self.assertEqual([answer["id"] for answer in answers], ["d-1", "d-2", "d-1"])
        with open(outbox) as file:
            self.assertEqual([json.loads(line)["id"] for line in file], ["d-1", "d-2"])

    def test_spec_describes_the_options(self):
        result = subprocess.run([sys.executable, os.path.join(HERE, "main.py"), "spec"], capture_output=True, text=True, check=True)
        self.assertIn("path", json.loads(result.stdout)["spec"]["properties"])


if __name__ == "__main__":
    unittest.main()
"""#
}
