#!/usr/bin/env python3
"""Kills `xi run` with SIGKILL at random points, reruns it, and checks that nothing was lost or
delivered twice.

    scripts/crash-test.py [--trials 20] [--xi .build/debug/xi] [--seed 7]

Each trial copies the bundled example into a fresh folder, makes the sources commit every 40 records
(so there are many points to die between), sends the retention team's immediate deliveries to a
webhook receiver on 127.0.0.1 (scripts/webhook-receiver.py), starts `xi run`, kills it after a random
delay, then runs it again to the end. A clean run of the same workspace is the reference. Checked:
  - the set of insights equals the clean run's (none lost, none extra);
  - every file inbox holds each idempotency key exactly once;
  - the webhook receiver got every key the clean run sends, at least once;
  - nothing is left pending.
Prints one line per trial and 'N passed, N failed'; exits 1 if any failed.
"""
import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_workspace(folder, port):
    for item in ["xi.yaml", "Goals", "Audiences", "Examples"]:
        source = os.path.join(ROOT, item)
        target = os.path.join(folder, item)
        (shutil.copytree if os.path.isdir(source) else shutil.copy)(source, target)
    config = os.path.join(folder, "xi.yaml")
    text = open(config).read()
    text = text.replace("    event:", "    options: { batch_size: 40 }\n    event:")
    open(config, "w").write(text)
    audience = os.path.join(folder, "Audiences", "retention-team.yaml")
    text = open(audience).read()
    marker = "    action: { kind: file }      # the bundled example delivers to .xi/inbox/<audience>.jsonl\n  - goal: retention"
    assert marker in text, "the example's retention-team.yaml changed; update crash-test.py"
    text = text.replace(marker, '    action: { kind: webhook, url: "http://127.0.0.1:%d/hooks/xi", secret: "${XI_CRASH_SECRET}", retries: 0, timeout: 5s }\n  - goal: retention' % port, 1)
    open(audience, "w").write(text)


def start_receiver(folder):
    port_file = os.path.join(folder, "port")
    log = os.path.join(folder, "requests.jsonl")
    process = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts", "webhook-receiver.py"), "--port-file", port_file, "--log", log])
    for _ in range(200):
        if os.path.exists(port_file) and open(port_file).read().strip():
            return process, int(open(port_file).read()), log
        time.sleep(0.02)
    process.kill()
    raise RuntimeError("the webhook receiver did not start")


def run(xi, folder, environment):
    return subprocess.run([xi, "run", folder, "--quiet"], env=environment, capture_output=True, text=True, timeout=300)


def state(folder, log):
    database = sqlite3.connect(os.path.join(folder, ".xi", "xi.sqlite"))
    insights = {row[0] for row in database.execute("SELECT id FROM insight")}
    pending = database.execute("SELECT COUNT(*) FROM outbox WHERE status = 'pending'").fetchone()[0]
    webhook_keys = {row[0] for row in database.execute("SELECT id FROM outbox WHERE action LIKE 'retention-team/%-webhook'")}
    database.close()
    inbox = os.path.join(folder, ".xi", "inbox")
    duplicates = []
    for name in sorted(os.listdir(inbox)) if os.path.isdir(inbox) else []:
        ids = [json.loads(line)["id"] for line in open(os.path.join(inbox, name)) if line.strip()]
        if len(ids) != len(set(ids)):
            duplicates.append(name)
    received = set()
    if os.path.exists(log):
        received = {json.loads(line)["idempotency_key"] for line in open(log) if line.strip()}
    return insights, pending, webhook_keys, duplicates, received


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--xi", default=os.path.join(ROOT, ".build", "debug", "xi"))
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)
    environment = dict(os.environ, XI_CRASH_SECRET="crash-test-secret")
    base = tempfile.mkdtemp(prefix="xi-crash-")

    # The reference: one clean run.
    reference_folder = os.path.join(base, "reference")
    os.makedirs(reference_folder)
    receiver, port, log = start_receiver(reference_folder)
    try:
        make_workspace(reference_folder, port)
        started = time.time()
        result = run(arguments.xi, reference_folder, environment)
        duration = time.time() - started
        if result.returncode != 0:
            print(result.stdout, result.stderr)
            raise SystemExit("the reference run failed")
        reference_insights, _, reference_keys, _, _ = state(reference_folder, log)
    finally:
        receiver.kill()
    print("reference: %d insights, %d webhook deliveries, run takes %.2f s" % (len(reference_insights), len(reference_keys), duration))

    passed = failed = 0
    for trial in range(1, arguments.trials + 1):
        folder = os.path.join(base, "trial-%02d" % trial)
        os.makedirs(folder)
        receiver, port, log = start_receiver(folder)
        try:
            make_workspace(folder, port)
            delay = rng.uniform(0.02, max(0.05, duration * 0.95))
            process = subprocess.Popen([arguments.xi, "run", folder, "--quiet"], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            killed = process.poll() is None
            if killed:
                process.send_signal(signal.SIGKILL)
            process.wait()
            result = run(arguments.xi, folder, environment)
            problems = []
            if result.returncode != 0:
                problems.append("rerun failed: " + result.stderr.strip()[:300])
            else:
                insights, pending, keys, duplicates, received = state(folder, log)
                if insights != reference_insights:
                    problems.append("insights differ: %d missing, %d extra" % (len(reference_insights - insights), len(insights - reference_insights)))
                if duplicates:
                    problems.append("duplicate keys in " + ", ".join(duplicates))
                if not reference_keys <= received:
                    problems.append("%d webhook keys never received" % len(reference_keys - received))
                if pending:
                    problems.append("%d deliveries still pending" % pending)
            status = "ok" if not problems else "FAILED: " + "; ".join(problems)
            print("trial %2d: killed after %.2f s%s — %s" % (trial, delay, "" if killed else " (had already finished)", status))
            passed, failed = (passed + 1, failed) if not problems else (passed, failed + 1)
        finally:
            receiver.kill()
    shutil.rmtree(base, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
